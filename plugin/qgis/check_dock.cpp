// SPDX-License-Identifier: GPL-2.0-or-later
#include "check_dock.h"

#include <QBrush>
#include <QHeaderView>
#include <QLabel>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

#include <qgsexpression.h>
#include <qgsfeatureiterator.h>
#include <qgsmapcanvas.h>

#include "parklayers/gis/units.h"

namespace parklayers::qgis {
namespace {

enum Column { kFigure, kSubject, kStated, kComputed, kMethod, kInterval, kStatus, kColumns };
// Each column's key on its header item (Qt::UserRole), whatever language the header is in.
const char* const kColumnKeys[kColumns] = {"id", "subject", "stated", "computed", "method", "accepted", "status"};

QString number(const QVariant& value) {
  return value.isNull() ? QString() : QString::number(value.toDouble(), 'g', 8);
}

QVariant optional_value(const std::optional<double>& value) { return value ? QVariant(*value) : QVariant(); }

QColor status_colour(const QString& status) {
  if (status == QStringLiteral("pass")) return QColor(QStringLiteral("#c8e6c9"));
  if (status == QStringLiteral("fail")) return QColor(QStringLiteral("#ffcdd2"));
  return QColor(QStringLiteral("#fff3c4"));
}

}  // namespace

CheckDock::CheckDock(QgsMapCanvas* canvas, QWidget* parent)
    : QDockWidget(tr("Park Layers: area checks"), parent), canvas_(canvas) {
  setObjectName(QStringLiteral("parkLayersCheckDock"));
  auto* body = new QWidget(this);
  auto* layout = new QVBoxLayout(body);
  summary_ = new QLabel(tr("Load a park to see its checks."), body);
  summary_->setWordWrap(true);
  table_ = new QTableWidget(0, kColumns, body);
  table_->setObjectName(QStringLiteral("parkLayersCheckTable"));
  table_->setHorizontalHeaderLabels(
      {tr("Figure"), tr("Subject"), tr("Stated"), tr("Computed"), tr("Method"), tr("Accepted"), tr("Status")});
  for (int column = 0; column < kColumns; ++column) {
    table_->horizontalHeaderItem(column)->setData(Qt::UserRole, QString::fromLatin1(kColumnKeys[column]));
  }
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setStretchLastSection(true);
  layout->addWidget(summary_);
  layout->addWidget(table_);
  setWidget(body);
  connect(table_, &QTableWidget::cellClicked, this, [this](int row, int) { showSubject(row); });
}

int CheckDock::rowCount() const { return table_->rowCount(); }

// One row of the table, whether read from a park's area_checks table or from the core's Check.
struct CheckDock::Row {
  QString id, subject, quantity, as_written, unit;
  QVariant stated, low, high, computed;
  bool low_inclusive = true;
  QString method, status, tooltip;
};

void CheckDock::setPark(const ParkLayerSet& park) {
  park_ = park;
  if (!park.checks) {
    table_->setRowCount(0);
    summary_->setText(tr("The park has no area_checks table."));
    return;
  }
  std::vector<Row> rows;
  QgsFeatureIterator it = park.checks->getFeatures();
  QgsFeature check;
  while (it.nextFeature(check)) {
    const auto text = [&check](const char* field) { return check.attribute(QString::fromLatin1(field)).toString(); };
    const auto value = [&check](const char* field) { return check.attribute(QString::fromLatin1(field)); };
    rows.push_back({text("id"), text("subject"), text("quantity"), text("as_written"), text("unit"), value("stated"),
                    value("low"), value("high"), value("computed"), value("low_incl").toInt() != 0, text("method"),
                    text("status"), QStringList{text("note"), text("source")}.join(QLatin1Char('\n')).trimmed()});
  }
  fill(park.name, rows);
}

void CheckDock::setChecks(const ParkLayerSet& layers, const std::vector<Check>& checks,
                          const std::map<std::string, std::string>& names) {
  park_ = layers;
  std::vector<Row> rows;
  for (const Check& check : checks) {
    const auto name = names.find(check.subject);
    const bool stated = !check.value_text.empty();
    rows.push_back({QString::fromStdString(check.id), QString::fromStdString(check.subject),
                    QString::fromStdString(check.quantity), QString::fromStdString(check.as_written).trimmed(),
                    QString::fromLatin1(unit_symbol(check.reading.unit)),
                    stated ? QVariant(check.reading.value) : QVariant(),
                    stated ? QVariant(check.reading.interval.low) : QVariant(),
                    stated ? optional_value(check.reading.interval.high) : QVariant(), optional_value(check.computed),
                    check.reading.interval.low_inclusive,
                    check.method ? QString::fromLatin1(area_method_name(*check.method)) : QString(),
                    QString::fromLatin1(check_status_name(check.status)),
                    QStringList{name != names.end() ? QString::fromStdString(name->second) : QString(),
                                QString::fromStdString(check.note), QString::fromStdString(check.source)}
                        .join(QLatin1Char('\n'))
                        .trimmed()});
  }
  fill(layers.name, rows);
}

void CheckDock::fill(const QString& name, const std::vector<Row>& rows) {
  table_->setRowCount(0);
  int counts[3] = {0, 0, 0};
  for (const Row& check : rows) {
    const int row = table_->rowCount();
    table_->insertRow(row);
    QString stated = check.as_written;
    // A coordinate file states a bare number ("0.4820"): its unit is the field's.
    if (stated.isEmpty() || !stated.contains(QRegularExpression(QStringLiteral("[^0-9., ]")))) {
      stated = check.stated.isNull() ? QStringLiteral("—")
                                     : (stated.isEmpty() ? number(check.stated) : stated) + QLatin1Char(' ') + check.unit;
    }
    // How the area was measured; none for what is no measured area (a floor area, a count).
    const QString method_text = check.method == QStringLiteral("planar")        ? tr("planar")
                                : check.method == QStringLiteral("ellipsoidal") ? tr("ellipsoidal")
                                : check.method == QStringLiteral("survey")      ? tr("survey")
                                                                                : QStringLiteral("—");
    QString interval = QStringLiteral("—");
    if (!check.low.isNull()) {
      interval = check.high.isNull()
                     ? QStringLiteral("%1 %2 %3").arg(check.low_inclusive ? QStringLiteral("≥") : QStringLiteral(">"),
                                                      number(check.low), check.unit)
                     : QStringLiteral("%1%2, %3] %4")
                           .arg(check.low_inclusive ? QStringLiteral("[") : QStringLiteral("("), number(check.low),
                                number(check.high), check.unit);
    }
    const QString cells[kColumns] = {
        check.id,
        check.subject + QLatin1Char(' ') + check.quantity,
        stated,
        check.computed.isNull() ? QStringLiteral("—") : number(check.computed) + QLatin1Char(' ') + check.unit,
        method_text,
        interval,
        check.status};
    for (int column = 0; column < kColumns; ++column) {
      auto* item = new QTableWidgetItem(cells[column]);
      item->setToolTip(check.tooltip);
      if (column == kStatus) item->setBackground(QBrush(status_colour(check.status)));
      if (column == kSubject) item->setData(Qt::UserRole, check.subject);
      if (column == kMethod) item->setData(Qt::UserRole, check.method);
      table_->setItem(row, column, item);
    }
    counts[check.status == QStringLiteral("pass") ? 0 : check.status == QStringLiteral("fail") ? 1 : 2]++;
  }
  table_->resizeColumnsToContents();
  summary_->setText(tr("%1: %2 pass, %3 fail, %4 incomplete. Click a row to show its features.")
                        .arg(name)
                        .arg(counts[0])
                        .arg(counts[1])
                        .arg(counts[2]));
}

void CheckDock::showSubject(int row) {
  const QTableWidgetItem* item = table_->item(row, kSubject);
  if (!item) return;
  const QString subject = item->data(Qt::UserRole).toString();
  const QString kind = subject.section(QLatin1Char(':'), 0, 0);
  const QString key = subject.section(QLatin1Char(':'), 1);

  QgsVectorLayer* layer = nullptr;
  QString expression;
  if (kind == QStringLiteral("park")) {
    layer = park_.parcels;
    expression = QStringLiteral("TRUE");
  } else if (kind == QStringLiteral("phase") || kind == QStringLiteral("parcel_phase")) {
    layer = park_.parcels;
    expression = QgsExpression::createFieldEqualityExpression(QStringLiteral("phase"), key.toInt());
  } else if (kind == QStringLiteral("building_phase")) {
    layer = park_.buildings;
    expression = QgsExpression::createFieldEqualityExpression(QStringLiteral("phase"), key.toInt());
  } else if (kind == QStringLiteral("parcel") || kind == QStringLiteral("building") ||
             kind == QStringLiteral("amenity")) {
    layer = kind == QStringLiteral("parcel")     ? park_.parcels
            : kind == QStringLiteral("building") ? park_.buildings
                                                 : park_.amenities;
    // A layer of parcels without an id field knows its parcels by their feature ids.
    expression = !layer || layer->fields().lookupField(QStringLiteral("id")) >= 0
                     ? QgsExpression::createFieldEqualityExpression(QStringLiteral("id"), key)
                     : QStringLiteral("$id = %1").arg(key.toLongLong());
  } else if (kind == QStringLiteral("tenant") && park_.tenants) {
    // A tenant has no geometry: show its building, when known.
    QgsFeatureRequest request(
        QgsExpression(QgsExpression::createFieldEqualityExpression(QStringLiteral("id"), key)));
    QgsFeature tenant;
    if (park_.tenants->getFeatures(request).nextFeature(tenant) &&
        !tenant.attribute(QStringLiteral("bldg_id")).isNull()) {
      layer = park_.buildings;
      expression = QgsExpression::createFieldEqualityExpression(
          QStringLiteral("id"), tenant.attribute(QStringLiteral("bldg_id")));
    }
  }
  for (QgsVectorLayer* other : {park_.parcels.data(), park_.buildings.data(), park_.amenities.data()}) {
    if (other && other != layer) other->removeSelection();
  }
  if (!layer) return;
  layer->selectByExpression(expression, Qgis::SelectBehavior::SetSelection);
  if (layer->selectedFeatureCount() == 0 || !canvas_) return;
  canvas_->zoomToSelected(layer);
  canvas_->flashFeatureIds(layer, layer->selectedFeatureIds());
}

}  // namespace parklayers::qgis
