#include "load_source_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QRadioButton>

#include <qgscoordinatereferencesystem.h>
#include <qgsfilewidget.h>
#include <qgsprojectionselectionwidget.h>
#include <qgssettings.h>

namespace parklayers::qgis {
namespace {

const QString kLastSourceKey = QStringLiteral("parklayers/lastSource");

}  // namespace

std::string assign_crs_text(const QgsCoordinateReferenceSystem& crs) {
  if (!crs.isValid()) return {};
  const QString authid = crs.authid();
  // QGIS's own USER:n codes mean nothing to PROJ.
  if (!authid.isEmpty() && !authid.startsWith(QLatin1String("USER:"), Qt::CaseInsensitive)) return authid.toStdString();
  return crs.toWkt(QgsCoordinateReferenceSystem::WKT_PREFERRED).toStdString();
}

LoadSourceDialog::LoadSourceDialog(QWidget* parent) : QDialog(parent) {
  setObjectName(QStringLiteral("parkLayersLoadSourceDialog"));
  setWindowTitle(tr("Load a park source"));
  auto* layout = new QFormLayout(this);

  auto* kinds = new QWidget(this);
  auto* kinds_layout = new QHBoxLayout(kinds);
  kinds_layout->setContentsMargins(0, 0, 0, 0);
  folder_ = new QRadioButton(tr("A folder (one file per layer)"), kinds);
  folder_->setObjectName(QStringLiteral("parkLayersSourceIsFolder"));
  file_ = new QRadioButton(tr("A file"), kinds);
  file_->setObjectName(QStringLiteral("parkLayersSourceIsFile"));
  kinds_layout->addWidget(folder_);
  kinds_layout->addWidget(file_);
  layout->addRow(tr("Source"), kinds);

  path_ = new QgsFileWidget(this);
  path_->setObjectName(QStringLiteral("parkLayersSourcePath"));
  path_->setFilter(tr("Vector data (*.txt *.gpkg *.dxf *.shp *.geojson *.json *.csv *.fgb *.kml *.sqlite);;"
                      "Coordinate files (*.txt);;All files (*)"));
  path_->setFilePath(QgsSettings().value(kLastSourceKey).toString());
  layout->addRow(tr("Path"), path_);
  layout->addRow(new QLabel(tr("A park source folder, a dataset with the park's layers, a land-parcel "
                               "coordinate file (坐标报盘) whose parcel areas are checked, or any other "
                               "vector file (a DXF drawing...), added as it is."),
                            this));
  connect(folder_, &QRadioButton::toggled, this, &LoadSourceDialog::setPickingFolder);
  const bool last_is_file = QFileInfo(path_->filePath()).isFile();
  (last_is_file ? file_ : folder_)->setChecked(true);
  setPickingFolder(!last_is_file);

  crs_ = new QgsProjectionSelectionWidget(this);
  crs_->setObjectName(QStringLiteral("parkLayersSourceCrs"));
  crs_->setOptionVisible(QgsProjectionSelectionWidget::CrsNotSet, true);
  crs_->setNotSetText(tr("The source's own CRS"));
  crs_->setCrs(QgsCoordinateReferenceSystem());
  layout->addRow(tr("CRS"), crs_);
  layout->addRow(new QLabel(tr("For files that state no CRS (a DXF, a CSV, a Shapefile without .prj), "
                               "or to replace the one they state."),
                            this));

  encoding_ = new QComboBox(this);
  encoding_->setObjectName(QStringLiteral("parkLayersSourceEncoding"));
  encoding_->setEditable(true);
  encoding_->addItem(tr("As the files say (else UTF-8 or GBK, as their bytes show)"), QString());
  for (const char* name : {"UTF-8", "GBK", "GB18030", "Big5"}) {
    encoding_->addItem(QString::fromLatin1(name), QString::fromLatin1(name));
  }
  layout->addRow(tr("Encoding of texts"), encoding_);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addRow(buttons);
}

void LoadSourceDialog::setPickingFolder(bool folder) {
  path_->setStorageMode(folder ? QgsFileWidget::GetDirectory : QgsFileWidget::GetFile);
  path_->setDialogTitle(folder ? tr("Park source folder (parcels, buildings, roads, amenities, tenants, "
                                    "stated_figures)")
                               : tr("A park dataset, a coordinate file or another vector file"));
}

QString LoadSourceDialog::source() const { return path_->filePath(); }

InputOptions LoadSourceDialog::inputOptions() const {
  InputOptions options;
  options.assign_crs = assign_crs_text(crs_->crs());
  // An item picked gives its data; a name typed in, its text.
  const int index = encoding_->findText(encoding_->currentText());
  options.encoding = (index >= 0 ? encoding_->itemData(index).toString() : encoding_->currentText().trimmed()).toStdString();
  options.assign_crs_hint = tr("in the CRS field of Load Park Source…").toStdString();
  return options;
}

void LoadSourceDialog::accept() {
  if (!source().isEmpty()) QgsSettings().setValue(kLastSourceKey, source());
  QDialog::accept();
}

}  // namespace parklayers::qgis
