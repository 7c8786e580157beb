// SPDX-License-Identifier: GPL-2.0-or-later
#include "load_source_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QGuiApplication>
#include <QRadioButton>

#include <qgscoordinatereferencesystem.h>
#include <qgsfilewidget.h>
#include <qgsprojectionselectionwidget.h>
#include <qgssettings.h>

#include "database_source.h"
#include "parklayers/park/park_schemas.h"

namespace parklayers::qgis {
namespace {

const QString kLastSourceKey = QStringLiteral("parklayers/lastSource");
const QString kLastKindKey = QStringLiteral("parklayers/lastSourceKind");
const QString kLastConnectionKey = QStringLiteral("parklayers/lastConnection");
const QString kLastSchemaKey = QStringLiteral("parklayers/lastSchema");
const QString kDatabase = QStringLiteral("database");
// Listing the schemas waits for the server: not for long on one that does not answer.
const QString kListTimeout = QStringLiteral(" connect_timeout=10");

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
  database_ = new QRadioButton(tr("A database"), kinds);
  database_->setObjectName(QStringLiteral("parkLayersSourceIsDatabase"));
  kinds_layout->addWidget(folder_);
  kinds_layout->addWidget(file_);
  kinds_layout->addWidget(database_);
  layout->addRow(tr("Source"), kinds);

  // A folder or a file.
  path_row_ = new QWidget(this);
  auto* path_layout = new QFormLayout(path_row_);
  path_layout->setContentsMargins(0, 0, 0, 0);
  path_ = new QgsFileWidget(path_row_);
  path_->setObjectName(QStringLiteral("parkLayersSourcePath"));
  path_->setFilter(tr("Vector data (*.txt *.vct *.gpkg *.dxf *.shp *.geojson *.json *.csv *.fgb *.kml *.sqlite);;"
                      "Coordinate files (*.txt);;Land survey packages (*.vct);;All files (*)"));
  path_->setFilePath(QgsSettings().value(kLastSourceKey).toString());
  path_layout->addRow(tr("Path"), path_);
  path_layout->addRow(new QLabel(tr("A park source folder, a dataset with the park's layers, a land-parcel "
                                    "coordinate file (坐标报盘) or a land survey package (VCT, its TBMJ) whose "
                                    "parcel areas are checked, or any other vector file (a DXF drawing...), added "
                                    "as it is."),
                                 path_row_));
  layout->addRow(path_row_);

  // A park kept in a schema of a PostgreSQL database (`parklayers build -o PG:... --schema NAME`).
  database_row_ = new QWidget(this);
  auto* database_layout = new QFormLayout(database_row_);
  database_layout->setContentsMargins(0, 0, 0, 0);
  connection_ = new QComboBox(database_row_);
  connection_->setObjectName(QStringLiteral("parkLayersSourceConnection"));
  connection_->addItems(postgres_connections());
  connection_->setCurrentText(QgsSettings().value(kLastConnectionKey).toString());
  database_layout->addRow(tr("Connection"), connection_);
  schema_ = new QComboBox(database_row_);
  schema_->setObjectName(QStringLiteral("parkLayersSourceSchema"));
  schema_->setEditable(true);
  schema_->setEditText(QgsSettings().value(kLastSchemaKey).toString());
  database_layout->addRow(tr("Schema"), schema_);
  database_status_ = new QLabel(database_row_);
  database_status_->setObjectName(QStringLiteral("parkLayersSourceDatabaseStatus"));
  database_status_->setWordWrap(true);
  database_layout->addRow(database_status_);
  database_layout->addRow(new QLabel(tr("A PostgreSQL connection saved in QGIS (Browser › PostgreSQL › New "
                                        "Connection…) and the schema a park was built into."),
                                     database_row_));
  layout->addRow(database_row_);

  const QString last_kind = QgsSettings().value(kLastKindKey).toString();
  const bool last_is_file = QFileInfo(path_->filePath()).isFile();
  (last_kind == kDatabase ? database_ : last_is_file ? file_ : folder_)->setChecked(true);
  for (QRadioButton* kind : {folder_, file_, database_}) {
    connect(kind, &QRadioButton::toggled, this, [this](bool checked) {
      if (checked) setKind();
    });
  }
  connect(connection_, &QComboBox::currentTextChanged, this, [this] {
    if (database_->isChecked()) listSchemas();
  });
  setKind();

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

void LoadSourceDialog::setKind() {
  const bool database = database_->isChecked();
  path_row_->setVisible(!database);
  database_row_->setVisible(database);
  if (database) {
    listSchemas();
    return;
  }
  const bool folder = folder_->isChecked();
  path_->setStorageMode(folder ? QgsFileWidget::GetDirectory : QgsFileWidget::GetFile);
  path_->setDialogTitle(folder ? tr("Park source folder (parcels, buildings, roads, amenities, tenants, "
                                    "stated_figures)")
                               : tr("A park dataset, a coordinate file or another vector file"));
}

void LoadSourceDialog::listSchemas() {
  const QString typed = schema_->currentText();
  schema_->clear();
  schema_->setEditText(typed);
  if (connection_->count() == 0) {
    database_status_->setText(tr("QGIS has no saved PostgreSQL connection: add one in the Browser "
                                 "(PostgreSQL › New Connection…)."));
    return;
  }
  QString error;
  const QString database = connection_database(connection_->currentText(), &error);
  if (database.isEmpty()) {
    database_status_->setText(error);
    return;
  }
  QGuiApplication::setOverrideCursor(Qt::WaitCursor);
  try {
    QStringList schemas;
    for (const std::string& schema : park_schemas((database + kListTimeout).toStdString())) {
      schemas.append(QString::fromStdString(schema));
    }
    schema_->addItems(schemas);
    schema_->setEditText(typed.isEmpty() || (!schemas.contains(typed) && !schemas.isEmpty()) ? schemas.value(0)
                                                                                            : typed);
    database_status_->setText(schemas.isEmpty() ? tr("No schema of this database holds a park (a parcels table).")
                                                : tr("Parks in this database: %1").arg(schemas.size()));
  } catch (const std::exception& e) {
    // The core's message names the host and database only; the guard is for libpq's own words.
    database_status_->setText(without_password(QString::fromStdString(e.what()), database));
  }
  QGuiApplication::restoreOverrideCursor();
}

bool LoadSourceDialog::isDatabase() const { return database_->isChecked(); }

QString LoadSourceDialog::source() const {
  if (!isDatabase()) return path_->filePath();
  const QString schema = schema_->currentText().trimmed();
  if (schema.isEmpty()) return {};
  const QString database = connection_database(connection_->currentText());
  return database.isEmpty() ? QString() : park_in_schema(database, schema);
}

QString LoadSourceDialog::parkName() const { return isDatabase() ? schema_->currentText().trimmed() : QString(); }

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
  QgsSettings settings;
  settings.setValue(kLastKindKey, isDatabase() ? kDatabase : QString());
  if (isDatabase()) {
    settings.setValue(kLastConnectionKey, connection_->currentText());
    settings.setValue(kLastSchemaKey, schema_->currentText().trimmed());
  } else if (!source().isEmpty()) {
    settings.setValue(kLastSourceKey, source());
  }
  QDialog::accept();
}

}  // namespace parklayers::qgis
