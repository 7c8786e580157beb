// SPDX-License-Identifier: GPL-2.0-or-later
// parklayers-qgis-report: the park's report sheet as a PDF (and PNG pages), through QGIS's print
// layout (report_layout.h) on a built park's GeoPackage. `parklayers report` runs it on the park
// it built from any source, writing into a hidden staging folder it then renames into place.
//
//   parklayers-qgis-report GPKG -o OUT.pdf [--lang en|zh] [--paper A4|A3] [--png STEM] [--points]
//
// With --png STEM, page N is also written as STEM-N.png (150 dpi); with --points each parcel's
// boundary-point table follows the sheet.
// Exit status: 0 written, 1 writing failed, 2 usage, 3 the park cannot be reported (not a built
// park, no font with Chinese characters for --lang zh).
#include <cstdio>

#include <QCoreApplication>
#include <QFileInfo>
#include <QStringList>

#include <qgsapplication.h>
#include <qgslayoutpagecollection.h>
#include <qgsprintlayout.h>
#include <qgsproject.h>

#include "park_layers.h"
#include "report_layout.h"

namespace {

using parklayers::Language;
using parklayers::qgis::Paper;

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitCannotReport = 3;

const char* const kUsage =
    "Usage: parklayers-qgis-report GPKG -o OUT.pdf [--lang en|zh] [--paper A4|A3] [--png STEM] [--points]\n"
    "Writes the report sheet of the park built into GPKG (by `parklayers build`) as a PDF: the map\n"
    "of the park, its stated figures checked, the sources, the provenance. --png STEM also writes\n"
    "each page as STEM-1.png, STEM-2.png...; --points adds each parcel's boundary-point table.\n"
    "Exit status: 0 written, 1 writing failed, 2 usage,\n"
    "3 the park cannot be reported (not a built park; no Chinese font for --lang zh).\n";

// The tool's messages go to stdout (parklayers shows the last line); stderr is QGIS's.
void print(const QString& text) { std::fputs(text.toLocal8Bit().constData(), stdout); }

struct Args {
  QString geopackage, out, png;
  Language language = Language::English;
  Paper paper = Paper::A4;
  bool points = false;
};

int write_report(const Args& args) {
  if (!QFileInfo(args.geopackage).isFile()) {
    print(QStringLiteral("parklayers-qgis-report: %1: no such file\n").arg(args.geopackage));
    return kExitCannotReport;
  }
  if (parklayers::qgis::report_font_family(args.language).isEmpty()) {
    print(QStringLiteral("parklayers-qgis-report: no font with Chinese characters is installed, so a Chinese "
                         "sheet would show empty boxes: install one (Debian: apt-get install fonts-noto-cjk)\n"));
    return kExitCannotReport;
  }
  QgsProject project;
  QString error;
  QgsPrintLayout* layout =
      parklayers::qgis::lay_out_report(project, args.geopackage, args.language, args.paper, &error, args.points);
  if (!layout) {
    print(QStringLiteral("parklayers-qgis-report: %1\n").arg(error));
    project.clear();
    return kExitCannotReport;
  }
  int status = kExitOk;
  if (parklayers::qgis::export_report(*layout, args.out, args.png, &error)) {
    print(QStringLiteral("Wrote the report of %1 (%2 pages)\n")
              .arg(args.geopackage)
              .arg(layout->pageCollection()->pageCount()));
  } else {
    print(QStringLiteral("parklayers-qgis-report: %1\n").arg(error));
    status = kExitFailed;
  }
  project.clear();  // the layout and the layers go before QGIS does
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  // A command-line tool: no display needed. QGIS's prefix is the one it was built against.
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  if (qEnvironmentVariableIsEmpty("QGIS_PREFIX_PATH")) qputenv("QGIS_PREFIX_PATH", PARKLAYERS_QGIS_PREFIX);

  QgsApplication app(argc, argv, false);
  const QStringList list = QCoreApplication::arguments().mid(1);
  Args args;
  for (int i = 0; i < list.size(); ++i) {
    const QString& arg = list[i];
    if (arg == QLatin1String("-h") || arg == QLatin1String("--help")) {
      std::fputs(kUsage, stdout);
      return kExitOk;
    }
    if (arg == QLatin1String("--points")) {
      args.points = true;
      continue;
    }
    const bool takes_value = arg == QLatin1String("-o") || arg == QLatin1String("--lang") ||
                             arg == QLatin1String("--paper") || arg == QLatin1String("--png");
    if (takes_value && i + 1 < list.size()) {
      const QString value = list[++i];
      if (arg == QLatin1String("-o")) {
        args.out = value;
      } else if (arg == QLatin1String("--png")) {
        args.png = value;
      } else if (arg == QLatin1String("--lang") && (value == QLatin1String("en") || value == QLatin1String("zh"))) {
        args.language = value == QLatin1String("zh") ? Language::Chinese : Language::English;
      } else if (arg == QLatin1String("--paper") && (value == QLatin1String("A4") || value == QLatin1String("A3"))) {
        args.paper = value == QLatin1String("A3") ? Paper::A3 : Paper::A4;
      } else {
        print(QStringLiteral("parklayers-qgis-report: %1 does not take '%2'\n").arg(arg, value));
        return kExitUsage;
      }
    } else if (arg.startsWith(QLatin1Char('-')) || !args.geopackage.isEmpty()) {
      print(QStringLiteral("parklayers-qgis-report: unexpected argument '%1'\n").arg(arg));
      std::fputs(kUsage, stderr);
      return kExitUsage;
    } else {
      args.geopackage = QFileInfo(arg).absoluteFilePath();
    }
  }
  if (args.geopackage.isEmpty() || args.out.isEmpty()) {
    std::fputs(kUsage, stderr);
    return kExitUsage;
  }

  QgsApplication::initQgis();
  const int status = write_report(args);
  QgsApplication::exitQgis();
  return status;
}
