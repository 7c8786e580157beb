// SPDX-License-Identifier: GPL-2.0-or-later
#include "ogr_baopan.h"

#include <cmath>
#include <cstdio>
#include <ctime>

#include <cpl_vsi.h>

#include "parklayers/gis/portable.h"

namespace parklayers::baopan {
namespace {

OGRFeatureDefn* new_defn(const std::string& name) {
  auto* defn = new OGRFeatureDefn(name.c_str());
  defn->Reference();
  defn->SetGeomType(wkbPolygon);
  return defn;
}

void add_field(OGRFeatureDefn& defn, const char* name, OGRFieldType type) {
  OGRFieldDefn field(name, type);
  defn.AddFieldDefn(&field);
}

std::unique_ptr<OGRPolygon> polygon_of(const Parcel& parcel) {
  auto polygon = std::make_unique<OGRPolygon>();
  for (const Ring& ring : parcel.rings) {
    auto linear = new OGRLinearRing();
    linear->setNumPoints(static_cast<int>(ring.points.size()), FALSE);
    for (size_t i = 0; i < ring.points.size(); ++i) {
      // GIS order: x = Y (easting, zone prefix as written), y = X (northing).
      linear->setPoint(static_cast<int>(i), ring.points[i].east, ring.points[i].north);
    }
    polygon->addRingDirectly(linear);
  }
  return polygon;
}

std::unique_ptr<OGRPolygon> polygon_of_ring(const std::vector<std::pair<double, double>>& points) {
  auto linear = new OGRLinearRing();
  for (const auto& [x, y] : points) linear->addPoint(x, y);
  auto polygon = std::make_unique<OGRPolygon>();
  polygon->addRingDirectly(linear);
  return polygon;
}

// Coordinates are written to the millimetre; the area is computed from what is written.
double to_mm(double value) { return std::round(value * 1000.0) / 1000.0; }

std::string today() {
  const std::time_t now = std::time(nullptr);
  const std::tm local = local_time(now);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &local);
  return text;
}

}  // namespace

OGRSpatialReference* new_layer_crs(int epsg) {
  auto* crs = new OGRSpatialReference();
  crs->importFromEPSG(epsg);
  crs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return crs;
}

ReadLayer::ReadLayer(const std::string& name, const File& file, const ChineseGkCrs& crs)
    : defn_(new_defn(name)), crs_(new_layer_crs(crs.epsg())) {
  SetDescription(name.c_str());
  defn_->GetGeomFieldDefn(0)->SetSpatialRef(crs_);
  add_field(*defn_, kFieldId, OFTString);
  add_field(*defn_, kFieldName, OFTString);
  add_field(*defn_, kFieldUse, OFTString);
  add_field(*defn_, kFieldStatedArea, OFTString);
  add_field(*defn_, kFieldPointCount, OFTInteger);
  add_field(*defn_, kFieldSheet, OFTString);
  add_field(*defn_, kFieldLandClass, OFTString);
  GIntBig fid = 1;
  for (const Parcel& parcel : file.parcels) {
    auto feature = std::make_unique<OGRFeature>(defn_);
    feature->SetFID(fid++);
    feature->SetField(kFieldId, parcel.id.c_str());
    feature->SetField(kFieldName, parcel.name.c_str());
    feature->SetField(kFieldUse, parcel.use.c_str());
    feature->SetField(kFieldStatedArea, parcel.stated_area_ha.c_str());
    feature->SetField(kFieldPointCount, parcel.point_count);
    feature->SetField(kFieldSheet, parcel.sheet.c_str());
    feature->SetField(kFieldLandClass, parcel.land_class.c_str());
    std::unique_ptr<OGRPolygon> polygon = polygon_of(parcel);
    polygon->assignSpatialReference(crs_);
    feature->SetGeometryDirectly(polygon.release());
    features_.push_back(std::move(feature));
  }
}

ReadLayer::~ReadLayer() {
  features_.clear();
  defn_->Release();
  crs_->Release();
}

OGRFeature* ReadLayer::GetNextRawFeature() {
  if (next_ >= features_.size()) return nullptr;
  return features_[next_++]->Clone();
}

OGRFeature* ReadLayer::GetFeature(GIntBig fid) {
  if (fid < 1 || fid > static_cast<GIntBig>(features_.size())) return nullptr;
  return features_[static_cast<size_t>(fid - 1)]->Clone();
}

GIntBig ReadLayer::GetFeatureCount(int force) {
  if (m_poFilterGeom || m_poAttrQuery) return OGRLayer::GetFeatureCount(force);
  return static_cast<GIntBig>(features_.size());
}

int ReadLayer::TestCapability(const char* capability) {
  if (EQUAL(capability, OLCFastFeatureCount)) return !m_poFilterGeom && !m_poAttrQuery;
  return EQUAL(capability, OLCRandomRead) || EQUAL(capability, OLCStringsAsUTF8);
}

WriteLayer::WriteLayer(const std::string& name, const std::string& path, const ChineseGkCrs& crs, Encoding encoding,
                       OGRwkbGeometryType type)
    : defn_(new_defn(name)), crs_(new_layer_crs(crs.epsg())), path_(path), gk_(crs), encoding_(encoding) {
  SetDescription(name.c_str());
  if (type == wkbUnknown) defn_->SetGeomType(wkbUnknown);
  defn_->GetGeomFieldDefn(0)->SetSpatialRef(crs_);
}

WriteLayer::~WriteLayer() {
  defn_->Release();
  crs_->Release();
}

OGRErr WriteLayer::CreateField(OGRFieldDefn* field, int /*approx_ok*/) {
  // Any field is taken, so that any layer can be copied; only id, name, use, sheet and
  // land_class are written.
  defn_->AddFieldDefn(field);
  return OGRERR_NONE;
}

int WriteLayer::TestCapability(const char* capability) {
  return EQUAL(capability, OLCSequentialWrite) || EQUAL(capability, OLCCreateField) ||
         EQUAL(capability, OLCStringsAsUTF8);
}

std::string WriteLayer::text_of(const OGRFeature& feature, const char* field) const {
  const int index = feature.GetFieldIndex(field);
  if (index < 0 || !feature.IsFieldSetAndNotNull(index)) return "";
  return feature.GetFieldAsString(index);
}

OGRErr WriteLayer::ICreateFeature(OGRFeature* feature) {
  const GIntBig fid = feature->GetFID() != OGRNullFID ? feature->GetFID() : static_cast<GIntBig>(parcels_.size()) + 1;
  OutParcel parcel;
  parcel.id = text_of(*feature, kFieldId);
  if (parcel.id.empty()) parcel.id = std::to_string(fid);
  parcel.name = text_of(*feature, kFieldName);
  parcel.use = text_of(*feature, kFieldUse);
  parcel.sheet = text_of(*feature, kFieldSheet);
  parcel.land_class = text_of(*feature, kFieldLandClass);
  const std::string who = "BAOPAN: layer " + std::string(GetName()) + ", feature " + std::to_string(fid) + " (地块 " +
                          parcel.id + "): ";
  auto refuse = [&who](const std::string& what) {
    CPLError(CE_Failure, CPLE_NotSupported, "%s", (who + what).c_str());
    return OGRERR_FAILURE;
  };
  const OGRGeometry* geometry = feature->GetGeometryRef();
  if (!geometry || geometry->IsEmpty()) return refuse("no geometry: a 地块 is a polygon");
  const OGRwkbGeometryType type = wkbFlatten(geometry->getGeometryType());
  if (type == wkbMultiPolygon) {
    const auto* multi = geometry->toMultiPolygon();
    if (multi->getNumGeometries() != 1) {
      return refuse("a MultiPolygon of " + std::to_string(multi->getNumGeometries()) +
                    " parts; a 地块 is one polygon (split it into one feature per part)");
    }
    geometry = multi->getGeometryRef(0);
  } else if (type != wkbPolygon) {
    return refuse(std::string("a ") + OGRGeometryTypeToName(geometry->getGeometryType()) +
                  "; a 地块 is a polygon");
  }
  const OGRPolygon* polygon = geometry->toPolygon();
  for (const OGRLinearRing* ring : *polygon) {
    std::vector<std::pair<double, double>> points;
    for (const OGRPoint& point : *ring) {
      // Checked before rounding or taking the zone: neither is defined for NaN, infinities or
      // numbers beyond an int's zones, and the file could not hold them.
      if (!plausible_coordinate(point.getX()) || !plausible_coordinate(point.getY())) {
        char vertex[80];
        std::snprintf(vertex, sizeof vertex, "(%.15g, %.15g)", point.getX(), point.getY());
        return refuse(std::string("the vertex ") + vertex + " is not a Gauss-Kruger coordinate of EPSG:" +
                      std::to_string(gk_.epsg()) + ": are the coordinates in that CRS?");
      }
      const double x = to_mm(point.getX());
      const double y = to_mm(point.getY());
      // The easting must read back in the same zone: with the zone in front of it for a
      // zone-in-Y CRS, without for a central-meridian one.
      const int zone = x >= 1000000.0 ? static_cast<int>(std::floor(x / 1000000.0)) : 0;
      if (zone != (gk_.zone_in_easting ? gk_.zone : 0)) {
        return refuse("the easting " + std::to_string(x) + " is not one of EPSG:" + std::to_string(gk_.epsg()) +
                      (gk_.zone_in_easting ? " (zone " + std::to_string(gk_.zone) + " in front)"
                                           : std::string(" (no zone in front)")) +
                      ": are the coordinates in that CRS?");
      }
      points.emplace_back(x, y);
    }
    if (points.size() > 0 && points.front() != points.back()) points.push_back(points.front());
    if (points.size() < 4) return refuse("a ring with fewer than 3 corners");
    parcel.rings.push_back(std::move(points));
  }
  // Rounding to the millimetre can move a hole that lies within a millimetre of its outer ring
  // across it; the reader refuses such a hole, so the file would not read back.
  if (parcel.rings.size() > 1) {
    const std::unique_ptr<OGRPolygon> outer = polygon_of_ring(parcel.rings.front());
    for (size_t k = 1; k < parcel.rings.size(); ++k) {
      if (!outer->Contains(polygon_of_ring(parcel.rings[k]).get())) {
        return refuse("hole 圈号 " + std::to_string(k + 1) + " is not inside the outer ring once rounded to the millimetre "
                      "the file holds (it lies within a millimetre of it, or crosses it)");
      }
    }
  }
  feature->SetFID(fid);
  parcels_.push_back(std::move(parcel));
  return OGRERR_NONE;
}

bool WriteLayer::write_file() const {
  std::string text = format_file(gk_, parcels_, today());
  if (encoding_ == Encoding::Gbk) {
    std::optional<std::string> gbk = recode(text, "UTF-8", "GBK");
    if (!gbk) {
      std::string culprit;
      for (const OutParcel& parcel : parcels_) {
        const std::string cells = parcel.id + parcel.name + parcel.use + parcel.sheet + parcel.land_class;
        if (!recode(cells, "UTF-8", "GBK")) {
          culprit = ", 地块 " + parcel.id;
          break;
        }
      }
      CPLError(CE_Failure, CPLE_AppDefined, "BAOPAN: %s%s: a text holds a character GBK cannot hold: write it as UTF-8",
               path_.c_str(), culprit.c_str());
      return false;
    }
    text = std::move(*gbk);
  }
  VSILFILE* file = VSIFOpenL(path_.c_str(), "wb");
  if (!file) {
    CPLError(CE_Failure, CPLE_FileIO, "BAOPAN: %s cannot be created", path_.c_str());
    return false;
  }
  const bool written = VSIFWriteL(text.data(), 1, text.size(), file) == text.size();
  const bool closed = VSIFCloseL(file) == 0;
  if (!written || !closed) {
    CPLError(CE_Failure, CPLE_FileIO, "BAOPAN: %s could not be written in full (a full disk?)", path_.c_str());
    return false;
  }
  return true;
}

}  // namespace parklayers::baopan
