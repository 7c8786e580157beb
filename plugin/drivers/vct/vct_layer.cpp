// SPDX-License-Identifier: GPL-2.0-or-later
// The VCT driver's layers: those of a file read (built from the parsed document: fields from
// TableStructure, geometry from the objects, values from the Attribute rows joined by BSM) and
// one being written (its features buffered as the objects and rows the writer takes).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include <cpl_conv.h>
#include <cpl_string.h>

#include <ogr_api.h>

#include "ogr_vct.h"
#include "parklayers/gis/gdal_util.h"

namespace parklayers::vct {
namespace {

std::string upper(const std::string& text) {
  std::string out = text;
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

bool all_digits(const std::string& text, size_t max) {
  return !text.empty() && text.size() <= max && text.find_first_not_of("0123456789") == std::string::npos;
}

std::unique_ptr<OGRFieldDefn> field_defn(const FieldDef& field) {
  OGRFieldType type = OFTString;
  switch (field.kind) {
    case FieldKind::String:
      type = OFTString;
      break;
    case FieldKind::Integer:
      type = OFTInteger;
      break;
    case FieldKind::Boolean:
      type = OFTInteger;
      break;
    case FieldKind::Integer64:
      type = OFTInteger64;
      break;
    case FieldKind::Real:
      type = OFTReal;
      break;
    case FieldKind::Date:
      type = OFTDate;
      break;
    case FieldKind::Time:
      type = OFTTime;
      break;
    case FieldKind::DateTime:
      type = OFTDateTime;
      break;
  }
  auto defn = std::make_unique<OGRFieldDefn>(field.name.c_str(), type);
  if (field.kind == FieldKind::Boolean) defn->SetSubType(OFSTBoolean);
  if (field.kind == FieldKind::String) defn->SetWidth(field.width);
  // A Real's width without a precision would make OGR print it rounded to integers.
  if (field.kind == FieldKind::Real && field.precision > 0) {
    defn->SetWidth(field.width);
    defn->SetPrecision(field.precision);
  }
  return defn;
}

// Sets field `index` from the file's text; false when the text is not of the field's type.
bool set_value(OGRFeature& feature, int index, const FieldDef& field, const std::string& text) {
  if (text.empty()) {
    feature.SetFieldNull(index);
    return true;
  }
  switch (field.kind) {
    case FieldKind::String:
      feature.SetField(index, text.c_str());
      return true;
    case FieldKind::Integer:
    case FieldKind::Integer64: {
      if (CPLGetValueType(text.c_str()) != CPL_VALUE_INTEGER) return false;
      const GIntBig value = CPLAtoGIntBig(text.c_str());
      if (field.kind == FieldKind::Integer && (value > INT32_MAX || value < INT32_MIN)) return false;
      feature.SetField(index, value);
      return true;
    }
    case FieldKind::Boolean: {
      const std::string key = upper(text);
      if (key == "1" || key == "T" || key == "TRUE" || key == "Y" || key == "是") {
        feature.SetField(index, 1);
      } else if (key == "0" || key == "F" || key == "FALSE" || key == "N" || key == "否") {
        feature.SetField(index, 0);
      } else {
        return false;
      }
      return true;
    }
    case FieldKind::Real: {
      if (CPLGetValueType(text.c_str()) == CPL_VALUE_STRING) return false;
      feature.SetField(index, CPLAtof(text.c_str()));
      return true;
    }
    case FieldKind::Date:
    case FieldKind::DateTime:
    case FieldKind::Time: {
      // YYYYMMDD and YYYYMMDDhhmmss as VCT writes them; else what OGR reads (YYYY-MM-DD ...).
      if (all_digits(text, 14) && (text.size() == 8 || text.size() == 14)) {
        const int y = std::atoi(text.substr(0, 4).c_str());
        const int m = std::atoi(text.substr(4, 2).c_str());
        const int d = std::atoi(text.substr(6, 2).c_str());
        int hh = 0, mm = 0, ss = 0;
        if (text.size() == 14) {
          hh = std::atoi(text.substr(8, 2).c_str());
          mm = std::atoi(text.substr(10, 2).c_str());
          ss = std::atoi(text.substr(12, 2).c_str());
        }
        if (m < 1 || m > 12 || d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 60) return false;
        feature.SetField(index, y, m, d, hh, mm, static_cast<float>(ss), 0);
        return true;
      }
      OGRField parsed;
      if (!OGRParseDate(text.c_str(), &parsed, 0)) return false;
      feature.SetField(index, &parsed);
      return true;
    }
  }
  return false;
}

OGRwkbGeometryType layer_type(Kind kind) {
  switch (kind) {
    case Kind::Point:
    case Kind::Annotation:
      return wkbPoint;
    case Kind::Line:
      return wkbLineString;
    case Kind::Polygon:
      return wkbPolygon;
  }
  return wkbUnknown;
}

struct Building {
  const TableDef* table = nullptr;
  std::string name;
  Kind kind = Kind::Polygon;
  bool geometry = true;
  std::vector<const Object*> objects;
};

}  // namespace

std::vector<std::unique_ptr<ReadLayer>> layers_of(const std::string& file, const Document& document,
                                                  const VctCrs& crs) {
  std::vector<Building> building;
  std::map<std::string, size_t> by_table;
  std::map<std::string, size_t> by_code;
  for (const FeatureCode& code : document.codes) {
    auto found = by_table.find(code.table);
    if (found == by_table.end()) {
      found = by_table.emplace(code.table, building.size()).first;
      building.push_back({document.table(code.table), code.table, code.kind, true, {}});
    } else if (building[found->second].kind != code.kind) {
      throw FormatError(
          where(file, "FeatureCode", "", code.line, "the table " + code.table + " is named with two types"));
    }
    by_code[code.code] = found->second;
  }
  for (const TableDef& table : document.tables) {
    if (by_table.count(table.name)) continue;
    by_table.emplace(table.name, building.size());
    building.push_back({&table, table.name, Kind::Polygon, false, {}});
  }
  static const char* const kSections[] = {"Point", "Line", "Polygon", "Annotation"};
  for (const Object& object : document.objects) {
    const char* section = kSections[static_cast<int>(object.kind)];
    const auto found = by_code.find(object.code);
    if (found == by_code.end()) {
      // Lines of no listed code are the boundaries polygons are made of, not features.
      if (object.kind == Kind::Line) continue;
      throw FormatError(
          where(file, section, object.bsm, object.line, "the feature code " + object.code + " is not in FeatureCode"));
    }
    Building& layer = building[found->second];
    if (layer.kind != object.kind) {
      throw FormatError(where(file, section, object.bsm, object.line,
                              "the feature code " + object.code + " is of table " + layer.name + ", of another type"));
    }
    layer.objects.push_back(&object);
  }
  std::map<std::string, const AttributeTable*> rows_of;
  for (const AttributeTable& table : document.attributes) {
    if (!rows_of.emplace(table.name, &table).second) {
      throw FormatError(where(file, "Attribute", "", table.line, "the table " + table.name + " a second time"));
    }
  }

  OGRSpatialReference* srs = nullptr;
  if (crs.epsg) {
    srs = new OGRSpatialReference();
    srs->importFromEPSG(crs.epsg);
    srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  }
  std::vector<std::unique_ptr<ReadLayer>> layers;
  try {
    for (Building& b : building) {
      auto* defn = new OGRFeatureDefn(b.name.c_str());
      defn->Reference();
      defn->SetGeomType(b.geometry ? layer_type(b.kind) : wkbNone);
      auto layer = std::make_unique<ReadLayer>(defn, b.geometry ? srs : nullptr);
      const std::vector<FieldDef> no_fields;
      const std::vector<FieldDef>& fields = b.table ? b.table->fields : no_fields;
      for (const FieldDef& field : fields) {
        defn->AddFieldDefn(field_defn(field).get());
      }
      if (b.kind == Kind::Annotation) {
        OGRFieldDefn text(kFieldText, OFTString);
        OGRFieldDefn angle(kFieldAngle, OFTReal);
        if (defn->GetFieldIndex(kFieldText) < 0) defn->AddFieldDefn(&text);
        if (defn->GetFieldIndex(kFieldAngle) < 0) defn->AddFieldDefn(&angle);
      }
      int bsm_field = -1;
      for (size_t f = 0; f < fields.size(); ++f) {
        if (upper(fields[f].name) == "BSM") bsm_field = static_cast<int>(f);
      }
      const AttributeTable* rows = rows_of.count(b.name) ? rows_of[b.name] : nullptr;
      std::vector<std::string> keys;
      std::map<std::string, size_t> feature_of;
      bool multi = false;
      const char* section = kSections[static_cast<int>(b.kind)];
      for (const Object* object : b.objects) {
        auto feature = std::make_unique<OGRFeature>(defn);
        if (!feature_of.emplace(object->bsm, layer->features().size()).second) {
          throw FormatError(
              where(file, section, object->bsm, object->line, "a second object of this BSM in table " + b.name));
        }
        std::unique_ptr<OGRGeometry> geometry;
        if (b.kind == Kind::Polygon) {
          geometry = polygon_of(object->parts, crs.swap_xy);
          multi = multi || wkbFlatten(geometry->getGeometryType()) == wkbMultiPolygon;
        } else if (b.kind == Kind::Line) {
          auto line = std::make_unique<OGRLineString>();
          for (const XY& p : object->parts.front())
            line->addPoint(crs.swap_xy ? p.second : p.first, crs.swap_xy ? p.first : p.second);
          geometry = std::move(line);
        } else {
          const XY& p = object->parts.front().front();
          geometry = std::make_unique<OGRPoint>(crs.swap_xy ? p.second : p.first, crs.swap_xy ? p.first : p.second);
        }
        if (b.kind == Kind::Annotation) {
          feature->SetField(kFieldText, object->text.c_str());
          if (object->angle) feature->SetField(kFieldAngle, *object->angle);
        }
        if (bsm_field >= 0) set_value(*feature, bsm_field, fields[static_cast<size_t>(bsm_field)], object->bsm);
        geometry->assignSpatialReference(srs);
        feature->SetGeometryDirectly(geometry.release());
        keys.push_back(object->bsm);
        layer->add(std::move(feature));
      }
      if (rows) {
        std::set<std::string> joined;
        for (const AttributeRow& row : rows->rows) {
          auto found = feature_of.find(row.key);
          if (found == feature_of.end()) {
            if (b.geometry) {
              throw FormatError(where(file, "Attribute", row.key, row.line,
                                      "table " + b.name + ": no object of the table has this BSM"));
            }
            found = feature_of.emplace(row.key, layer->features().size()).first;
            layer->add(std::make_unique<OGRFeature>(defn));
            keys.push_back(row.key);
          } else if (!joined.insert(row.key).second) {
            throw FormatError(
                where(file, "Attribute", row.key, row.line, "table " + b.name + ": a second row of this BSM"));
          }
          OGRFeature& feature = *layer->features()[found->second];
          for (size_t f = 0; f < fields.size(); ++f) {
            // A Varchar value names its text in the Varchar section, where the file has one.
            if (upper(fields[f].type) == "VARCHAR" && !document.varchars.empty()) {
              const auto text = document.varchars.find(row.values[f]);
              if (text != document.varchars.end()) {
                feature.SetField(static_cast<int>(f), text->second.c_str());
                continue;
              }
            }
            if (!set_value(feature, static_cast<int>(f), fields[f], row.values[f])) {
              throw FormatError(where(file, "Attribute", row.key, row.line,
                                      "table " + b.name + ": the value " + row.values[f] + " of " + fields[f].name +
                                          " is not a " + fields[f].type));
            }
          }
        }
      }
      if (multi) {
        defn->SetGeomType(wkbMultiPolygon);
        for (auto& feature : layer->features()) {
          feature->SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(feature->StealGeometry()));
          feature->GetGeometryRef()->assignSpatialReference(srs);
        }
      }
      // The BSM as FID where every one is a number, unique in the layer; else 1, 2, ...
      bool numeric = true;
      std::set<long long> seen;  // by value: 0012 and 12 are one FID
      for (const std::string& key : keys) {
        numeric = numeric && all_digits(key, 18) && std::atoll(key.c_str()) > 0 &&
                  seen.insert(std::atoll(key.c_str())).second;
      }
      for (size_t i = 0; i < keys.size(); ++i) {
        layer->features()[i]->SetFID(numeric ? std::atoll(keys[i].c_str()) : static_cast<GIntBig>(i) + 1);
      }
      layer->index();
      layers.push_back(std::move(layer));
    }
  } catch (...) {
    if (srs) srs->Release();
    throw;
  }
  if (srs) srs->Release();
  return layers;
}

ReadLayer::ReadLayer(OGRFeatureDefn* defn, OGRSpatialReference* crs) : defn_(defn), crs_(crs) {
  SetDescription(defn->GetName());
  if (crs_) {
    crs_->Reference();
    if (defn_->GetGeomFieldCount() > 0) defn_->GetGeomFieldDefn(0)->SetSpatialRef(crs_);
  }
}

ReadLayer::~ReadLayer() {
  features_.clear();
  defn_->Release();
  if (crs_) crs_->Release();
}

void ReadLayer::index() {
  by_fid_.clear();
  for (size_t i = 0; i < features_.size(); ++i) by_fid_.emplace(features_[i]->GetFID(), i);
}

OGRFeature* ReadLayer::GetNextRawFeature() {
  if (next_ >= features_.size()) return nullptr;
  return features_[next_++]->Clone();
}

OGRFeature* ReadLayer::GetFeature(GIntBig fid) {
  const auto found = by_fid_.find(fid);
  return found == by_fid_.end() ? nullptr : features_[found->second]->Clone();
}

GIntBig ReadLayer::GetFeatureCount(int force) {
  if (m_poFilterGeom || m_poAttrQuery) return OGRLayer::GetFeatureCount(force);
  return static_cast<GIntBig>(features_.size());
}

int ReadLayer::TestCapability(const char* capability) {
  if (EQUAL(capability, OLCFastFeatureCount)) return !m_poFilterGeom && !m_poAttrQuery;
  return EQUAL(capability, OLCRandomRead) || EQUAL(capability, OLCStringsAsUTF8);
}

// --- writing ---

namespace {

// A value of the Attribute section: the separator becomes the full-width comma, line breaks spaces.
std::string cell(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == ',') {
      out += "\xEF\xBC\x8C";
    } else if (c == '\r' || c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string two(int value) {
  char text[8];
  std::snprintf(text, sizeof text, "%02d", value);
  return text;
}

std::string value_text(const OGRFeature& feature, int index) {
  if (!feature.IsFieldSetAndNotNull(index)) return "";
  const OGRFieldDefn& defn = *feature.GetFieldDefnRef(index);
  int y = 0, m = 0, d = 0, hh = 0, mm = 0, tz = 0;
  float ss = 0;
  switch (defn.GetType()) {
    case OFTReal:
      return number_text(feature.GetFieldAsDouble(index));
    case OFTDate:
      feature.GetFieldAsDateTime(index, &y, &m, &d, &hh, &mm, &ss, &tz);
      return std::to_string(y) + two(m) + two(d);
    case OFTDateTime:
      feature.GetFieldAsDateTime(index, &y, &m, &d, &hh, &mm, &ss, &tz);
      return std::to_string(y) + two(m) + two(d) + two(hh) + two(mm) + two(static_cast<int>(ss));
    default:
      return cell(feature.GetFieldAsString(index));
  }
}

}  // namespace

WriteLayer::WriteLayer(const std::string& name, const OGRSpatialReference* crs, OGRwkbGeometryType type,
                       const std::string& code)
    : defn_(new OGRFeatureDefn(name.c_str())),
      crs_(crs->Clone()),
      code_(code),
      kind_(type == wkbPoint        ? Kind::Point
            : type == wkbLineString ? Kind::Line
                                    : Kind::Polygon) {
  defn_->Reference();
  SetDescription(name.c_str());
  crs_->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  defn_->SetGeomType(type);
  defn_->GetGeomFieldDefn(0)->SetSpatialRef(crs_);
}

WriteLayer::~WriteLayer() {
  defn_->Release();
  crs_->Release();
}

OGRErr WriteLayer::CreateField(OGRFieldDefn* field, int /*approx_ok*/) {
  const OGRFieldType type = field->GetType();
  if (type != OFTInteger && type != OFTInteger64 && type != OFTReal && type != OFTString && type != OFTDate &&
      type != OFTDateTime && type != OFTTime) {
    CPLError(CE_Failure, CPLE_NotSupported, "VCT: layer %s: the field %s is of %s, which VCT has no type for",
             GetName(), field->GetNameRef(), OGRFieldDefn::GetFieldTypeName(type));
    return OGRERR_FAILURE;
  }
  const std::string name = field->GetNameRef();
  if (name.empty() || name.find_first_of(",\r\n") != std::string::npos || defn_->GetFieldIndex(name.c_str()) >= 0) {
    CPLError(CE_Failure, CPLE_NotSupported,
             "VCT: layer %s: the field name '%s' is empty, a second one or holds a comma", GetName(), name.c_str());
    return OGRERR_FAILURE;
  }
  defn_->AddFieldDefn(field);
  return OGRERR_NONE;
}

int WriteLayer::TestCapability(const char* capability) {
  return EQUAL(capability, OLCSequentialWrite) || EQUAL(capability, OLCCreateField) ||
         EQUAL(capability, OLCStringsAsUTF8);
}

OGRErr WriteLayer::ICreateFeature(OGRFeature* feature) {
  const GIntBig fid = feature->GetFID() != OGRNullFID ? feature->GetFID() : static_cast<GIntBig>(objects_.size()) + 1;
  auto refuse = [&](const std::string& what) {
    CPLError(CE_Failure, CPLE_NotSupported, "VCT: layer %s, feature " CPL_FRMT_GIB ": %s", GetName(), fid,
             what.c_str());
    return OGRERR_FAILURE;
  };
  const OGRGeometry* geometry = feature->GetGeometryRef();
  const char* holds = kind_ == Kind::Point ? "points" : kind_ == Kind::Line ? "lines" : "polygons";
  if (!geometry || geometry->IsEmpty()) return refuse(std::string("no geometry: the layer holds ") + holds);
  OGRwkbGeometryType type = wkbFlatten(geometry->getGeometryType());
  // A collection of one part is that part (as GDAL's Shapefile writer takes it).
  if ((type == wkbMultiPoint || type == wkbMultiLineString) &&
      geometry->toGeometryCollection()->getNumGeometries() == 1) {
    geometry = geometry->toGeometryCollection()->getGeometryRef(0);
    type = wkbFlatten(geometry->getGeometryType());
  }
  auto plausible = [](const OGRPoint& point) {
    return std::fabs(point.getX()) < kMaxCoordinate && std::fabs(point.getY()) < kMaxCoordinate;
  };
  const char* implausible = "a vertex that is no coordinate of the layer's CRS (not finite, or beyond 1e9)";
  if (kind_ != Kind::Polygon) {
    const bool point = kind_ == Kind::Point;
    if (type != (point ? wkbPoint : wkbLineString)) {
      return refuse(std::string("a ") + OGRGeometryTypeToName(geometry->getGeometryType()) + "; the layer holds " +
                    holds + " (of one part each)");
    }
    OutObject object;
    object.rings.emplace_back();
    if (point) {
      if (!plausible(*geometry->toPoint())) return refuse(implausible);
      object.rings.back().emplace_back(geometry->toPoint()->getX(), geometry->toPoint()->getY());
    } else {
      for (const OGRPoint& vertex : *geometry->toLineString()) {
        if (!plausible(vertex)) return refuse(implausible);
        object.rings.back().emplace_back(vertex.getX(), vertex.getY());
      }
      if (object.rings.back().size() < 2) return refuse("a line of fewer than 2 points");
    }
    add(*feature, fid, std::move(object));
    return OGRERR_NONE;
  }
  std::vector<const OGRPolygon*> polygons;
  if (type == wkbPolygon) {
    polygons.push_back(geometry->toPolygon());
  } else if (type == wkbMultiPolygon) {
    for (const OGRPolygon* part : *geometry->toMultiPolygon()) polygons.push_back(part);
  } else {
    return refuse(std::string("a ") + OGRGeometryTypeToName(geometry->getGeometryType()) +
                  "; the layer holds polygons");
  }
  OutObject object;
  for (const OGRPolygon* polygon : polygons) {
    for (const OGRLinearRing* ring : *polygon) {
      std::vector<XY> points;
      for (const OGRPoint& point : *ring) {
        if (!plausible(point)) return refuse(implausible);
        points.emplace_back(point.getX(), point.getY());
      }
      if (!points.empty() && points.front() != points.back()) points.push_back(points.front());
      if (points.size() < 4) return refuse("a ring with fewer than 3 corners");
      object.rings.push_back(std::move(points));
    }
  }
  object.label = object.rings.front().front();
  {
    // A point inside, where GEOS finds one (an invalid polygon may have none: its first vertex then).
    const CPLErrorStateBackuper keep_error_state;
    const QuietGdalErrors quiet;
    OGRGeometryH inside = OGR_G_PointOnSurface(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(geometry)));
    if (inside && !OGR_G_IsEmpty(inside)) object.label = {OGR_G_GetX(inside, 0), OGR_G_GetY(inside, 0)};
    if (inside) OGR_G_DestroyGeometry(inside);
  }
  add(*feature, fid, std::move(object));
  return OGRERR_NONE;
}

void WriteLayer::add(OGRFeature& feature, GIntBig fid, OutObject object) {
  // The object's BSM to be: its BSM field where that is a number, else its FID.
  std::string bsm = fid > 0 ? std::to_string(fid) : "";
  for (int i = 0; i < defn_->GetFieldCount(); ++i) {
    object.values.push_back(value_text(feature, i));
    if (upper(defn_->GetFieldDefn(i)->GetNameRef()) == "BSM" && all_digits(object.values.back(), 18)) {
      bsm = object.values.back();
    }
  }
  feature.SetFID(fid);
  objects_.push_back(std::move(object));
  bsm_values_.push_back(bsm);
}

OutTable WriteLayer::table(const std::vector<std::string>& bsms) const {
  OutTable table;
  table.name = defn_->GetName();
  table.kind = kind_;
  table.code = code_;
  table.title = defn_->GetName();
  for (int i = 0; i < defn_->GetFieldCount(); ++i) {
    const OGRFieldDefn& field = *defn_->GetFieldDefn(i);
    std::string type;
    switch (field.GetType()) {
      case OFTString:
        type = field.GetWidth() > 0 ? "Char," + std::to_string(field.GetWidth()) : "Varchar";
        break;
      case OFTInteger:
        type = field.GetSubType() == OFSTBoolean ? "Boolean" : "Int4";
        break;
      case OFTInteger64:
        type = "Int8";
        break;
      case OFTReal:
        type = field.GetWidth() > 0 && field.GetPrecision() > 0
                   ? "Float," + std::to_string(field.GetWidth()) + "," + std::to_string(field.GetPrecision())
                   : "Double";
        break;
      case OFTDate:
        type = "Date,8";
        break;
      case OFTTime:
        type = "Time";
        break;
      default:
        type = "Datetime";
        break;
    }
    table.fields.push_back({field.GetNameRef(), type});
  }
  table.objects = objects_;
  for (size_t i = 0; i < table.objects.size(); ++i) table.objects[i].bsm = bsms[i];
  return table;
}

}  // namespace parklayers::vct
