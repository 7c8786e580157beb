#include "check_dock.h"

#include <QBrush>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <qgsexpression.h>
#include <qgsfeatureiterator.h>
#include <qgsmapcanvas.h>

namespace parklayers::qgis {
namespace {

enum Column { kFigure, kSubject, kStated, kComputed, kMethod, kInterval, kStatus, kColumns };
// Each column's key on its header item (Qt::UserRole), whatever language the header is in.
const char* const kColumnKeys[kColumns] = {"id", "subject", "stated", "computed", "method", "accepted", "status"};

QString number(const QVariant& value) {
  return value.isNull() ? QString() : QString::number(value.toDouble(), 'g', 8);
}

QString interval_text(const QgsFeature& check) {
  const QString unit = check.attribute(QStringLiteral("unit")).toString();
  const QString low = number(check.attribute(QStringLiteral("low")));
  const QVariant high = check.attribute(QStringLiteral("high"));
  const bool inclusive = check.attribute(QStringLiteral("low_incl")).toInt() != 0;
  if (high.isNull()) return QStringLiteral("%1 %2 %3").arg(inclusive ? QStringLiteral("≥") : QStringLiteral(">"), low, unit);
  return QStringLiteral("%1%2, %3] %4")
      .arg(inclusive ? QStringLiteral("[") : QStringLiteral("("), low, number(high), unit);
}

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

void CheckDock::setPark(const ParkLayerSet& park) {
  park_ = park;
  table_->setRowCount(0);
  if (!park.checks) {
    summary_->setText(tr("The park has no area_checks table."));
    return;
  }
  int counts[3] = {0, 0, 0};
  QgsFeatureIterator it = park.checks->getFeatures();
  QgsFeature check;
  while (it.nextFeature(check)) {
    const int row = table_->rowCount();
    table_->insertRow(row);
    const QString status = check.attribute(QStringLiteral("status")).toString();
    const QString unit = check.attribute(QStringLiteral("unit")).toString();
    QString stated = check.attribute(QStringLiteral("as_written")).toString();
    if (stated.isEmpty()) stated = number(check.attribute(QStringLiteral("stated"))) + QLatin1Char(' ') + unit;
    const QVariant computed = check.attribute(QStringLiteral("computed"));
    // How the area was measured; none for what is no measured area (a floor area, a count).
    const QString method = check.attribute(QStringLiteral("method")).toString();
    const QString method_text = method == QStringLiteral("planar")        ? tr("planar")
                                : method == QStringLiteral("ellipsoidal") ? tr("ellipsoidal")
                                                                          : QStringLiteral("—");
    const QString cells[kColumns] = {
        check.attribute(QStringLiteral("id")).toString(),
        check.attribute(QStringLiteral("subject")).toString() + QLatin1Char(' ') +
            check.attribute(QStringLiteral("quantity")).toString(),
        stated,
        computed.isNull() ? QStringLiteral("—") : number(computed) + QLatin1Char(' ') + unit,
        method_text,
        interval_text(check),
        status};
    const QString tooltip = QStringList{check.attribute(QStringLiteral("note")).toString(),
                                        check.attribute(QStringLiteral("source")).toString()}
                                .join(QLatin1Char('\n'))
                                .trimmed();
    for (int column = 0; column < kColumns; ++column) {
      auto* item = new QTableWidgetItem(cells[column]);
      item->setToolTip(tooltip);
      if (column == kStatus) item->setBackground(QBrush(status_colour(status)));
      if (column == kSubject) item->setData(Qt::UserRole, check.attribute(QStringLiteral("subject")));
      if (column == kMethod) item->setData(Qt::UserRole, method);
      table_->setItem(row, column, item);
    }
    counts[status == QStringLiteral("pass") ? 0 : status == QStringLiteral("fail") ? 1 : 2]++;
  }
  table_->resizeColumnsToContents();
  summary_->setText(tr("%1: %2 pass, %3 fail, %4 incomplete. Click a row to show its features.")
                        .arg(park.name)
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
    expression = QgsExpression::createFieldEqualityExpression(QStringLiteral("id"), key);
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
