// SPDX-License-Identifier: GPL-2.0-or-later
// The boundary-point table of a layer's parcels, its words in English and Chinese, and the
// workbook convert -f XLSX writes of it (see boundary_points.h for the conventions).
#include "parklayers/park/boundary_points.h"

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <utility>

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <ogr_spatialref.h>

#include "parklayers/gis/area.h"
#include "parklayers/gis/gdal_util.h"
#include "parklayers/gis/units.h"
#include "parklayers/io/atomic_output.h"
#include "parklayers/io/format.h"
#include "parklayers/io/output.h"
#include "parklayers/park/stated_parcels.h"

namespace parklayers {
namespace {

namespace fs = std::filesystem;

double to_mm(double metres) { return std::round(metres * 1000.0) / 1000.0; }

std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

// The first of the fields present and not empty.
std::string first_text(OGRFeature& feature, std::initializer_list<const char*> fields) {
  for (const char* name : fields) {
    const int index = feature.GetFieldIndex(name);
    if (index >= 0 && feature.IsFieldSetAndNotNull(index)) {
      std::string text = feature.GetFieldAsString(index);
      if (!text.empty()) return text;
    }
  }
  return "";
}

bool polygon_type(OGRwkbGeometryType type) {
  const OGRwkbGeometryType flat = wkbFlatten(type);
  return flat == wkbPolygon || flat == wkbMultiPolygon || flat == wkbCurvePolygon || flat == wkbMultiSurface;
}

const char* geometry_words(OGRwkbGeometryType type) {
  switch (wkbFlatten(type)) {
    case wkbPoint:
    case wkbMultiPoint: return "points";
    case wkbLineString:
    case wkbMultiLineString:
    case wkbCircularString:
    case wkbCompoundCurve:
    case wkbMultiCurve: return "lines";
    case wkbNone: return "no geometry";
    default: return OGRGeometryTypeToName(type);
  }
}

// The rings of a parcel on its plane (x easting, y northing, metres), outer first then holes,
// part after part; the closing point not repeated.
struct PlaneRing {
  std::vector<std::pair<double, double>> points;
  bool hole = false;
};

std::vector<PlaneRing> rings_of(const OGRGeometry& geometry, double metres_per_unit) {
  std::vector<const OGRPolygon*> parts;
  if (wkbFlatten(geometry.getGeometryType()) == wkbPolygon) {
    parts.push_back(geometry.toPolygon());
  } else {
    for (const OGRGeometry* part : *geometry.toMultiPolygon()) parts.push_back(part->toPolygon());
  }
  std::vector<PlaneRing> rings;
  for (const OGRPolygon* polygon : parts) {
    for (int r = 0; r <= polygon->getNumInteriorRings(); ++r) {
      const OGRLinearRing* ring = r == 0 ? polygon->getExteriorRing() : polygon->getInteriorRing(r - 1);
      if (!ring || ring->getNumPoints() == 0) continue;
      PlaneRing out;
      out.hole = r > 0;
      int n = ring->getNumPoints();
      if (n > 1 && ring->getX(0) == ring->getX(n - 1) && ring->getY(0) == ring->getY(n - 1)) --n;
      for (int i = 0; i < n; ++i) {
        out.points.emplace_back(ring->getX(i) * metres_per_unit, ring->getY(i) * metres_per_unit);
      }
      rings.push_back(std::move(out));
    }
  }
  return rings;
}

// Numbers the rings' points across the parcel, rounded to mm, each ring closed by its first point.
std::vector<BoundaryRing> number_points(const std::vector<PlaneRing>& rings) {
  std::vector<BoundaryRing> out;
  int number = 0;
  for (const PlaneRing& ring : rings) {
    BoundaryRing listed;
    listed.ring = static_cast<int>(out.size()) + 1;
    listed.hole = ring.hole;
    const int first = number + 1;
    for (const auto& [easting, northing] : ring.points) {
      BoundaryPoint point;
      point.number = ++number;
      point.x = to_mm(northing);
      point.y = to_mm(easting);
      listed.points.push_back(point);
    }
    BoundaryPoint closing = listed.points.front();
    closing.number = first;
    listed.points.push_back(closing);
    // From the coordinates as listed, so that the table checks against itself.
    for (size_t i = 0; i + 1 < listed.points.size(); ++i) {
      const BoundaryPoint& next = listed.points[i + 1];
      listed.points[i].distance_m = std::hypot(next.x - listed.points[i].x, next.y - listed.points[i].y);
    }
    out.push_back(std::move(listed));
  }
  return out;
}

std::string area_words(double m2, Language language) {
  if (language == Language::Chinese) {
    return fixed(m2, 2) + " 平方米（" + fixed(m2_to_mu(m2), 3) + " 亩，" + fixed(m2_to_ha(m2), 4) + " 公顷）";
  }
  return fixed(m2, 2) + " m2 (" + fixed(m2_to_mu(m2), 3) + " mu, " + fixed(m2_to_ha(m2), 4) + " ha)";
}

std::string parcel_label(const ParcelPoints& parcel, Language language) {
  const std::string& name = language == Language::Chinese ? parcel.name_zh : parcel.name_en;
  return name.empty() || name == parcel.id ? parcel.id : parcel.id + " " + name;
}

// A sheet's name as Excel takes it: at most 31 characters (here `most`), none of []:*?/\ .
std::string sheet_name(const std::string& layer, size_t most = 31) {
  std::string out;
  size_t characters = 0;
  for (size_t i = 0; i < layer.size() && characters < most;) {
    const unsigned char c = static_cast<unsigned char>(layer[i]);
    const size_t length = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    const std::string character = layer.substr(i, length);
    out += character.find_first_of("[]:*?/\\") == std::string::npos ? character : "_";
    i += length;
    ++characters;
  }
  return out.empty() ? "points" : out;
}

}  // namespace

std::string point_name(int number) { return "J" + std::to_string(number); }

LayerPoints layer_boundary_points(OGRLayer& layer, const OGRSpatialReference* crs, const std::string& file) {
  LayerPoints out;
  out.file = file;
  out.layer = layer.GetName();
  const Location at_layer{file, out.layer, -1, "", ""};
  if (!polygon_type(layer.GetGeomType()) && wkbFlatten(layer.GetGeomType()) != wkbUnknown) {
    throw InputError(at_layer, std::string("the layer holds ") + geometry_words(layer.GetGeomType()) +
                                   ", not parcels: boundary points are listed for polygons only");
  }
  if (!crs) {
    throw InputError(at_layer, "the layer has no CRS, so its points cannot be put on a Gauss-Kruger plane nor its "
                               "areas measured: give it one with --a_srs CRS");
  }
  std::unique_ptr<AreaCalculator> calculator;
  try {
    calculator = std::make_unique<AreaCalculator>(*crs, AreaOptions{true});
  } catch (const std::invalid_argument& e) {
    throw InputError(at_layer, std::string("its CRS cannot be measured: ") + e.what());
  }
  out.ellipsoid = calculator->ellipsoid().name;
  const double metres_per_unit = crs->IsProjected() ? crs->GetLinearUnits() : 1.0;
  std::map<int, std::unique_ptr<OGRCoordinateTransformation>> to_zone;  // by the zone's EPSG code

  layer.ResetReading();
  for (OGRFeatureUniquePtr feature(layer.GetNextFeature()); feature; feature.reset(layer.GetNextFeature())) {
    ParcelPoints parcel;
    parcel.fid = feature->GetFID();
    parcel.id = first_text(*feature, {kParcelIdFields[0], kParcelIdFields[1], kParcelIdFields[2], kParcelIdFields[3]});
    if (parcel.id.empty()) parcel.id = std::to_string(parcel.fid);
    parcel.name_zh = first_text(*feature, {"地块名称", kParcelNameField, "name_zh"});
    parcel.name_en = first_text(*feature, {"name_en"});
    if (parcel.name_en.empty()) parcel.name_en = parcel.name_zh;
    const Location at{file, out.layer, parcel.fid, parcel.id == std::to_string(parcel.fid) ? "" : parcel.id, ""};
    const OGRGeometry* stored = feature->GetGeometryRef();
    if (!stored || stored->IsEmpty()) throw InputError(at, "the feature has no geometry: no boundary points");
    if (!polygon_type(stored->getGeometryType())) {
      throw InputError(at, std::string("the feature is ") + OGRGeometryTypeToName(stored->getGeometryType()) +
                               ", not a polygon: boundary points are listed for polygons only");
    }
    std::unique_ptr<OGRGeometry> linear(stored->hasCurveGeometry() ? stored->getLinearGeometry() : stored->clone());
    linear->assignSpatialReference(nullptr);
    FeatureArea area;
    try {
      area = calculator->measure_area(*linear);
    } catch (const std::invalid_argument& e) {
      throw InputError(at, std::string("its area cannot be measured: ") + e.what());
    }
    if (!area.gk_area_m2) {
      throw InputError(at, "the parcel lies on no Gauss-Kruger zone (it spans more than 180 degrees of longitude)");
    }
    parcel.ellipsoidal_m2 = area.area_m2;
    parcel.planar_m2 = *area.gk_area_m2;
    parcel.plane = area.gk_zone.crs_name;
    if (area.gk_zone.source_plane) {
      parcel.rings = number_points(rings_of(*linear, metres_per_unit));
    } else {
      // Projected to the zone its planar area is measured in, with no datum shift as there.
      parcel.projected = true;
      std::unique_ptr<OGRCoordinateTransformation>& transform = to_zone[area.gk_zone.epsg];
      if (!transform) {
        OGRSpatialReference zone;
        if (area.gk_zone.epsg == 0 || zone.importFromEPSG(area.gk_zone.epsg) != OGRERR_NONE) {
          throw InputError(at, "its Gauss-Kruger zone " + area.gk_zone.crs_name + " is not known to PROJ here");
        }
        zone.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        QuietGdalErrors quiet;
        transform.reset(OGRCreateCoordinateTransformation(crs, &zone));
        if (!transform) throw InputError(at, "its coordinates cannot be projected to " + area.gk_zone.crs_name);
      }
      if (linear->transform(transform.get()) != OGRERR_NONE) {
        throw InputError(at, "its coordinates cannot be projected to " + area.gk_zone.crs_name);
      }
      parcel.rings = number_points(rings_of(*linear, 1.0));
    }
    if (parcel.rings.empty()) throw InputError(at, "the feature has no ring: no boundary points");
    out.parcels.push_back(std::move(parcel));
  }
  if (out.parcels.empty()) throw InputError(at_layer, "the layer holds no parcel: no boundary points to list");
  return out;
}

LayerPoints boundary_points(const SourceName& source, const InputOptions& options, const std::string& layer_name) {
  const InputSource input = open_input(source, options);
  OGRLayer& layer = pick_layer(input.dataset(), source, layer_name);
  apply_where(layer, source.display(), options);
  const std::unique_ptr<OGRSpatialReference> assigned = assigned_crs(options);
  return layer_boundary_points(layer, source_crs(layer, assigned.get()), source.display());
}

std::vector<LayerPoints> source_boundary_points(const SourceName& source, const InputOptions& options,
                                                std::vector<Problem>* warnings) {
  const InputSource input = open_input(source, options);
  const std::unique_ptr<OGRSpatialReference> assigned = assigned_crs(options);
  std::vector<LayerPoints> out;
  for (OGRLayer* layer : input.dataset().GetLayers()) {
    const OGRwkbGeometryType type = layer->GetGeomType();
    if (type == wkbNone) continue;
    if (!polygon_type(type) && wkbFlatten(type) != wkbUnknown) {
      if (warnings) {
        warnings->push_back(Problem{Location{source.display(), layer->GetName(), -1, "", ""},
                                    std::string("holds ") + geometry_words(type) + ", not parcels: left out"});
      }
      continue;
    }
    apply_where(*layer, source.display(), options);
    out.push_back(layer_boundary_points(*layer, source_crs(*layer, assigned.get()), source.display()));
  }
  if (out.empty()) {
    throw InputError(Location{source.display(), "", -1, "", ""},
                     "no layer of polygons in it: boundary points are listed for parcels only");
  }
  return out;
}

std::vector<PointTable> point_tables(const LayerPoints& layer, Language language) {
  const bool zh = language == Language::Chinese;
  std::vector<PointTable> tables;
  for (const ParcelPoints& parcel : layer.parcels) {
    PointTable table;
    const std::string label = parcel_label(parcel, language);
    table.title = zh ? "界址点成果表：" + label : "Boundary points of " + label;
    table.headers = zh ? std::vector<std::string>{"圈号", "界址点号", "X(m)", "Y(m)", "边长(m)"}
                       : std::vector<std::string>{"Ring", "Point", "X (m)", "Y (m)", "Distance (m)"};
    int holes = 0;
    for (const BoundaryRing& ring : parcel.rings) {
      std::string ring_name;
      if (ring.hole) {
        ++holes;
        ring_name = zh ? "内圈" + std::to_string(holes) : "hole " + std::to_string(holes);
      } else {
        ring_name = zh ? "外圈" : "outer";
      }
      for (size_t i = 0; i < ring.points.size(); ++i) {
        const BoundaryPoint& point = ring.points[i];
        table.rows.push_back({i == 0 ? ring_name : "", point_name(point.number), fixed(point.x, 3), fixed(point.y, 3),
                              point.distance_m ? fixed(*point.distance_m, 3) : ""});
      }
    }
    const std::string plane =
        parcel.projected
            ? (zh ? parcel.plane + "（图层坐标投影到的 CGCS2000 3 度带）" : parcel.plane +
                                                                            ", the CGCS2000 3-degree zone the layer's "
                                                                            "coordinates were projected to")
            : parcel.plane;
    if (zh) {
      table.areas = "平面面积（" + parcel.plane + "）：" + area_words(parcel.planar_m2, language) + "；椭球面积（" +
                    layer.ellipsoid + "）：" + area_words(parcel.ellipsoidal_m2, language);
      table.note = "X 为纵坐标（北），Y 为横坐标（东），坐标系 " + plane +
                   "，单位米，精确到毫米；界址点号在地块各圈连续编号，每圈以首点闭合；边长为至下一点的距离，由所列坐标计算。";
    } else {
      table.areas = "Planar area (" + parcel.plane + "): " + area_words(parcel.planar_m2, language) +
                    "; ellipsoidal area (" + layer.ellipsoid + "): " + area_words(parcel.ellipsoidal_m2, language);
      table.note = "X is the northing and Y the easting (the surveyor's order) on " + plane +
                   ", in metres to the millimetre; points are numbered across the parcel's rings, each ring closed by "
                   "its first point; the distance is to the next point, from the coordinates as listed.";
    }
    tables.push_back(std::move(table));
  }
  return tables;
}

namespace {
// A file in GDAL's memory, removed on destruction.
struct MemoryFile {
  std::string path;
  ~MemoryFile() { VSIUnlink(path.c_str()); }
};
}  // namespace

struct PointWorkbooks::Book {
  std::unique_ptr<AtomicOutput> output;
  std::vector<LayerPoints> layers;
};

PointWorkbooks::PointWorkbooks(const std::vector<SourceName>& inputs, const std::string& outdir,
                               const InputOptions& options, bool overwrite) {
  std::vector<std::string> input_files;
  for (const SourceName& input : inputs) input_files.push_back(input.text());
  std::map<std::string, std::string> stems;  // output -> input, two inputs of one STEM refused
  folder_ = std::make_unique<CreatedFolder>(outdir);
  for (const SourceName& input : inputs) {
    Book book;
    book.layers = source_boundary_points(input, options, &warnings_);
    const std::string path = (fs::path(outdir) / (safe_file_stem(input.stem()) + ".xlsx")).string();
    if (!stems.emplace(path, input.display()).second) {
      throw InputError(Location{input.display(), "", -1, "", ""},
                       "writes " + path + " as " + stems[path] + " does: convert them in two runs");
    }
    book.output = std::make_unique<AtomicOutput>(path, overwrite, input_files);
    books_.push_back(std::move(book));
  }
}

PointWorkbooks::~PointWorkbooks() = default;

void PointWorkbooks::commit() {
  for (Book& book : books_) {
    const std::string& path = book.output->final_path();
    // Written in memory, then copied to the staged name: GDAL's XLSX writer goes through
    // /vsizip/, which takes the ".xlsx" in the staging folder's name for the archive's end.
    const std::string memory = "/vsimem/parklayers-points-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)) +
                               "/" + fs::path(path).filename().string();
    const MemoryFile remove_memory{memory};
    OutputDataset out("XLSX", memory, path);
    std::set<std::string> taken;
    for (const LayerPoints& layer : book.layers) {
      // Two layers' names cut to the same 31 characters: the second sheet numbered.
      std::string title = sheet_name(layer.layer);
      for (int k = 2; !taken.insert(title).second; ++k) {
        const std::string suffix = "~" + std::to_string(k);
        title = sheet_name(layer.layer, 31 - suffix.size()) + suffix;
      }
      OGRLayer* sheet = out.dataset().CreateLayer(title.c_str(), nullptr, wkbNone, nullptr);
      if (!sheet) throw OutputError(path, "cannot add the sheet " + layer.layer);
      const std::pair<const char*, OGRFieldType> fields[] = {
          {"parcel", OFTString}, {"name", OFTString},       {"ring", OFTInteger},
          {"point", OFTString},  {"x_m", OFTReal},          {"y_m", OFTReal},
          {"distance_m", OFTReal}, {"planar_area_m2", OFTReal}, {"ellipsoidal_area_m2", OFTReal},
          {"plane", OFTString}};
      for (const auto& [name, type] : fields) {
        OGRFieldDefn field(name, type);
        if (sheet->CreateField(&field) != OGRERR_NONE) throw OutputError(path, std::string("cannot add the column ") + name);
      }
      for (const ParcelPoints& parcel : layer.parcels) {
        bool first = true;
        for (const BoundaryRing& ring : parcel.rings) {
          for (const BoundaryPoint& point : ring.points) {
            OGRFeature row(sheet->GetLayerDefn());
            row.SetField("parcel", parcel.id.c_str());
            row.SetField("name", parcel.name_zh.c_str());
            row.SetField("ring", ring.ring);
            row.SetField("point", point_name(point.number).c_str());
            row.SetField("x_m", point.x);
            row.SetField("y_m", point.y);
            if (point.distance_m) row.SetField("distance_m", to_mm(*point.distance_m));
            if (first) {
              row.SetField("planar_area_m2", std::round(parcel.planar_m2 * 100.0) / 100.0);
              row.SetField("ellipsoidal_area_m2", std::round(parcel.ellipsoidal_m2 * 100.0) / 100.0);
              row.SetField("plane", parcel.plane.c_str());
              first = false;
            }
            if (sheet->CreateFeature(&row) != OGRERR_NONE) throw OutputError(path, "cannot write a row of " + layer.layer);
          }
        }
      }
    }
    out.close();
    if (CPLCopyFile(book.output->temp_path().c_str(), memory.c_str()) != 0) {
      throw OutputError(path, std::string("cannot be written: ") + std::strerror(errno));
    }
    book.output->commit();
    files_.push_back(path);
  }
  folder_->keep();
}

}  // namespace parklayers
