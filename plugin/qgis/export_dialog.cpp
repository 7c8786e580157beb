// SPDX-License-Identifier: GPL-2.0-or-later
#include "export_dialog.h"

#include <exception>

#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QListWidget>
#include <QStandardPaths>

#include <qgsfilewidget.h>
#include <qgsprojectionselectionwidget.h>

#include "database_source.h"
#include "load_task.h"
#include "parklayers/park/park.h"
#include "parklayers/park/source.h"
#include "parklayers/park/writer.h"
#include "parklayers/io/convert.h"

namespace parklayers::qgis {
namespace {

QString output_stem(const QString& source) {
  if (source == QString::fromStdString(bundled_park_path())) return QStringLiteral("anting_park");
  const QFileInfo info(source);
  QString stem = info.isDir() ? QDir(source).dirName() : info.completeBaseName();
  return stem.isEmpty() ? QStringLiteral("park") : stem;
}

}  // namespace

ExportDialog::ExportDialog(QWidget* parent) : QDialog(parent) {
  setObjectName(QStringLiteral("parkLayersExportDialog"));
  setWindowTitle(tr("Export the park"));
  auto* layout = new QFormLayout(this);

  formats_ = new QListWidget(this);
  const QStringList names{QStringLiteral("GPKG"), QStringLiteral("GeoJSON"), QStringLiteral("ESRI Shapefile"),
                          QStringLiteral("FlatGeobuf"), QStringLiteral("CSV"), QStringLiteral("KML")};
  for (const QString& name : names) {
    auto* item = new QListWidgetItem(name, formats_);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(name == QStringLiteral("GPKG") ? Qt::Checked : Qt::Unchecked);
  }
  formats_->setMaximumHeight(formats_->sizeHintForRow(0) * (static_cast<int>(names.size()) + 1));
  layout->addRow(tr("Formats"), formats_);

  crs_ = new QgsProjectionSelectionWidget(this);
  crs_->setOptionVisible(QgsProjectionSelectionWidget::CrsNotSet, true);
  crs_->setNotSetText(tr("Keep the park's CRS"));
  crs_->setCrs(QgsCoordinateReferenceSystem());
  layout->addRow(tr("CRS"), crs_);

  folder_ = new QgsFileWidget(this);
  folder_->setStorageMode(QgsFileWidget::GetDirectory);
  folder_->setFilePath(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation));
  layout->addRow(tr("Folder"), folder_);
  layout->addRow(new QLabel(tr("Existing files of the same names are replaced."), this));

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addRow(buttons);
}

QString ExportDialog::folder() const { return folder_->filePath(); }

QStringList ExportDialog::formats() const {
  QStringList chosen;
  for (int i = 0; i < formats_->count(); ++i) {
    if (formats_->item(i)->checkState() == Qt::Checked) chosen.append(formats_->item(i)->text());
  }
  return chosen;
}

QString ExportDialog::crs() const { return crs_ && crs_->crs().isValid() ? crs_->crs().authid() : QString(); }

ExportTask::ExportTask(const QString& source, const InputOptions& input, const QString& folder,
                       const QStringList& formats, const QString& crs, const QString& name)
    : QgsTask(tr("Exporting %1").arg(name.isEmpty() ? park_name(source) : name), QgsTask::CanCancel),
      source_(source),
      folder_(folder),
      crs_(crs),
      name_(name),
      input_(input),
      formats_(formats) {}

bool ExportTask::run() {
  try {
    setProgress(2);
    ReadOptions read;
    read.input = input_;
    const Park park = load_park(SourceName(source_.toStdString()), read);
    setProgress(40);
    if (isCanceled()) return false;
    const QString stem = name_.isEmpty() ? output_stem(source_) : name_;
    ConvertOptions options;
    for (const QString& name : formats_) {
      if (const auto format = parse_format(name.toStdString())) options.formats.push_back(*format);
    }
    options.target_crs = crs_.toStdString();
    options.overwrite = true;
    options.progress = [this](double done) { setProgress(40.0 + 60.0 * done); };
    const ConvertResult result = convert_park(park, folder_.toStdString(), stem.toStdString(), options);
    for (const std::string& file : result.files) files_.append(QString::fromStdString(file));
    setProgress(100);
    return true;
  } catch (const std::exception& e) {
    error_ = without_password(QString::fromStdString(e.what()), source_);
  }
  return false;
}

void ExportTask::finished(bool result) {
  if (result) {
    emit exported(files_);
  } else {
    emit exportFailed(error_.isEmpty() ? tr("cancelled") : error_);
  }
}

}  // namespace parklayers::qgis
