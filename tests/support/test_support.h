// Shared by the tests: temporary folders, copies of the bundled park to edit, running
// commands, and GeographicLib's Planimeter as the independent reference for areas.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gdal_priv.h>
#include <ogr_feature.h>

namespace parklayers::test {

// A fresh folder under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  // File names in the folder, hidden ones included, sorted.
  std::vector<std::string> list() const;

 private:
  std::string path_;
};

// The bundled Anting park source folder.
std::string anting_source();
// Copies the bundled Anting source into dir/anting and returns that path.
std::string copy_anting(const TempDir& dir);

std::string read_text(const std::string& path);
void write_text(const std::string& path, const std::string& text);
// Replaces the first occurrence of `from` in the file; fails the test if there is none.
void replace_in_file(const std::string& path, const std::string& from, const std::string& to);

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};
// Runs a program with arguments (no shell), capturing stdout and stderr.
CommandResult run(const std::vector<std::string>& argv, const std::string& stdin_text = "");
// Runs the parklayers program.
CommandResult parklayers(const std::vector<std::string>& args);

// A CAD red line as AutoCAD 2013 (AC1027) saves it, written by the CAD library ezdxf (Debian's
// python3-ezdxf): a closed LWPOLYLINE on the CAD layer 红线 through kRedLine, an open LWPOLYLINE
// on 道路 and a TEXT 地块一 on 注记. Coordinates are 3-degree Gauss-Kruger zone 40 metres with the
// zone in the easting (EPSG:4528 for CGCS2000). Fails the test when ezdxf cannot write it.
struct PlaneXY {
  double x;  // easting
  double y;  // northing
};
extern const std::vector<PlaneXY> kRedLine;
void write_red_line_dxf(const std::string& path);
// The shoelace area of a ring (absolute, m2), summed relative to its first vertex.
double shoelace_area(const std::vector<PlaneXY>& ring);

// (lat, lon) vertices of one ring.
using LatLonRing = std::vector<std::pair<double, double>>;
// Planimeter's signed area of the ring on WGS 84 (counter-clockwise positive), in m2.
double planimeter_area(const LatLonRing& ring);

// A GeoJSON FeatureCollection (lon/lat) of the WKT geometries, one feature each, no properties.
std::string geojson_of_wkt(const std::vector<const char*>& wkts);

// The independent reference for Gauss-Kruger areas: the WGS 84 polygon (WKT, lon/lat)
// transformed with OGR to EPSG:epsg, and its planar area there.
double ogr_planar_area(const char* wkt, int epsg);

// GDAL's GeoPackage validator (validate_gpkg.py) run on the file by the system Python.
CommandResult validate_gpkg(const std::string& path);

// A GeoPackage layer's spatial index as GDAL reports it: whether it has one
// (HasSpatialIndex) and how many rows its R-tree holds (-1 without one).
struct SpatialIndex {
  bool present = false;
  long long rows = -1;
  std::string check;  // SQLite's rtreecheck() of the R-tree: "ok" when sound
};
SpatialIndex gpkg_spatial_index(const std::string& path, const std::string& layer);

// Writes `count` small square parcels (about 30 m across) spread over Shanghai, in EPSG:4326,
// to a new GeoPackage layer (fields id, name_zh), reproducibly.
void write_square_parcels(const std::string& path, const std::string& layer, int count);

// A vector dataset opened read-only with GDAL (null if it cannot be).
GDALDatasetUniquePtr open_dataset(const std::string& path);
// The features of the layer (the first one when no name is given); -1 when it cannot be read.
long long feature_count(const std::string& path, const std::string& layer = "");
// Every file and folder under dir (recursive), relative to it, hidden temporaries included.
std::set<std::string> file_tree(const std::string& dir);
// A one-layer GeoPackage in EPSG:4326 (lon/lat), filled by `fill` in one transaction.
void write_gpkg_layer(const std::string& path, const std::string& layer_name,
                      const std::function<void(OGRLayer&)>& fill, OGRwkbGeometryType type = wkbPolygon);
// Adds a field to the layer; fails the test if GDAL refuses.
void add_field(OGRLayer& layer, const char* name, OGRFieldType type);
// The first value of the first row an SQL statement returns ("" for none).
std::string sql_value(GDALDataset& dataset, const char* sql);

// Every vertex (x, y, z, m) of a geometry, in order.
struct Vertex {
  double x, y, z, m;
};
std::vector<Vertex> vertices(const OGRGeometry& geometry);

}  // namespace parklayers::test
