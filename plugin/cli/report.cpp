// SPDX-License-Identifier: GPL-2.0-or-later
// `parklayers report`: the park and its checks as a PDF map sheet. Any source `check` takes is
// made into a built park's GeoPackage in a hidden folder (a park source by the core's writer, a
// built park copied as it is, a layer of stated parcels as stated_parcels_park makes it); the QGIS
// side (parklayers-qgis-report, built with the plugin where QGIS is installed) lays the sheet out
// and exports it into the output's staging folder, which is then renamed into place.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli.h"
#include "declared.h"
#include "parklayers/command/report.h"
#include "parklayers/gis/portable.h"
#include "parklayers/io/atomic_output.h"
#include "parklayers/io/postgres.h"
#include "parklayers/park/sheet.h"
#include "parklayers/park/source.h"
#include "parklayers/park/stated_parcels.h"
#include "parklayers/park/writer.h"
#include "qgis_project.h"

namespace parklayers::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kReportTool = "parklayers-qgis-report";

using command::ReportArgs;

// A hidden temporary folder, removed with everything in it on destruction.
class TempFolder {
 public:
  TempFolder() {
    std::string pattern = (fs::temp_directory_path() / (std::string(kHiddenPrefix) + "report-XXXXXX")).string();
    if (make_unique_folder(pattern)) throw OutputError(pattern, "cannot create a temporary folder");
    path_ = pattern;
  }
  ~TempFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  std::string file(const std::string& name) const { return (fs::path(path_) / name).string(); }

 private:
  std::string path_;
};

// SOURCE as a built park's GeoPackage at `gpkg`, its warnings printed as `check` prints them.
void built_park_of(const ReportArgs& a, const SourceName& source, const std::string& gpkg) {
  SkipWarnings skip_warnings;
  StatedParcelOptions parcels;
  parcels.skip_invalid = a.skip_invalid;
  parcels.layer = a.layer;
  parcels.input = command::input_options(a.a_srs, a.encoding, a.where);
  parcels.on_skipped = [&skip_warnings](const Problem& skipped) { skip_warnings(skipped); };
  parcels.on_warning = [](const Problem& warning) { print_warnings({warning}); };
  write_sheet_park(source, gpkg, parcels, [&a, &parcels, &source] {
    if (!a.where.empty()) {
      throw UsageError("--where selects parcels of a coordinate file; a park's layers refer to each other by "
                       "id, so select features before, with convert --where");
    }
    return load_park(source, a.skip_invalid, parcels.input);
  });
}

std::string png_name(const std::string& out, int page) {
  const fs::path path(out);
  return (path.parent_path() / (path.stem().string() + "-" + std::to_string(page) + ".png")).string();
}

int run_report(const ReportArgs& a) {
  const Language language = language_of(a.lang);
  if (a.paper != "A4" && a.paper != "A3") throw UsageError("--paper takes A4 or A3, not '" + a.paper + "'");
  const std::string tool = find_qgis_tool(kReportTool, "PARKLAYERS_QGIS_REPORT_TOOL");
  if (tool.empty()) {
    std::cerr << "parklayers: error: report needs " << kReportTool
              << " (built with the QGIS plugin where QGIS is installed), which is neither next to parklayers nor "
                 "on PATH\n";
    return kExitBadInput;
  }
  // Refused before anything is read: an existing OUT (or page picture) without --overwrite, a
  // missing folder, OUT naming the source.
  AtomicOutput output(a.output, a.overwrite, {a.source});
  if (a.png && !a.overwrite) {
    // Any page's picture (a long coordinate file takes more than two pages).
    const fs::path out(a.output);
    const fs::path folder = out.parent_path().empty() ? fs::path(".") : out.parent_path();
    const std::string prefix = out.stem().string() + "-";
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.size() <= prefix.size() + 4 || name.compare(0, prefix.size(), prefix) != 0 ||
          entry.path().extension() != ".png") {
        continue;
      }
      const std::string page = name.substr(prefix.size(), name.size() - prefix.size() - 4);
      if (page.find_first_not_of("0123456789") == std::string::npos) {
        throw InputError(Location{entry.path().string(), "", -1, "", ""}, "exists (use --overwrite to replace it)");
      }
    }
  }
  const SourceName source(a.source);  // classified once, here where the command line gives it
  const TempFolder work;
  const std::string gpkg = work.file("park.gpkg");
  built_park_of(a, source, gpkg);
  const std::vector<Check> checks = read_sheet_facts(gpkg).checks;

  std::vector<std::string> argv = {tool, gpkg, "-o", output.temp_path(), "--lang",
                                   language == Language::Chinese ? "zh" : "en", "--paper", a.paper};
  if (a.points) argv.push_back("--points");
  if (a.png) {
    const fs::path staged(output.temp_path());
    argv.push_back("--png");
    argv.push_back((staged.parent_path() / staged.stem()).string());
  }
  const ToolRun ran = run_qgis_tool(argv);
  const std::string said = last_line(ran.output);
  if (ran.exit_code == 3) {
    std::cerr << "parklayers: error: " << (said.rfind("parklayers-qgis-report: ", 0) == 0 ? said.substr(24) : said)
              << "\n";
    return kExitBadInput;
  }
  if (ran.exit_code != 0 || !fs::is_regular_file(output.temp_path())) {
    throw OutputError(a.output, "the report could not be written (" + tool + ", exit status " +
                                    std::to_string(ran.exit_code) + "): " + said);
  }
  output.commit();
  std::cout << "Wrote " << a.output;
  if (a.png) std::cout << " and its pages as " << png_name(a.output, 1) << ", ...";
  std::cout << " from " << source.display() << "\n";
  return exit_for(checks);
}

}  // namespace

Command add_report_command(CLI::App& parklayers) {
  auto a = std::make_shared<ReportArgs>();
  CLI::App* report = add_declared(parklayers, command::report_command(), *a);
  return {report, [a] { return run_report(*a); }, [] { return true; }};
}

}  // namespace parklayers::cli
