// SPDX-License-Identifier: GPL-2.0-or-later
// Shared by the tests: temporary folders, copies of the bundled park to edit, running
// commands, and GeographicLib's Planimeter as the independent reference for areas.
#pragma once

#include <sys/types.h>

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

// $TMPDIR set to a folder while alive, then put back as it was (or unset).
class TmpdirAs {
 public:
  explicit TmpdirAs(const std::string& folder);
  ~TmpdirAs();
  TmpdirAs(const TmpdirAs&) = delete;
  TmpdirAs& operator=(const TmpdirAs&) = delete;

 private:
  std::string old_;
  bool had_ = false;
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
// Starts parklayers with the arguments (its output discarded) and kills it with SIGKILL as soon
// as ready() holds while it runs (polled every 10 ms, for two minutes at most). Fails the test if
// the program ended before, if ready() never held, or if it did not die of the kill.
void kill_parklayers_when(const std::vector<std::string>& args, const std::function<bool(pid_t)>& ready);

// A database of its own on the tests' PostgreSQL + PostGIS server (tests/support/pg_server,
// started by CTest's `postgres` fixture in PARKLAYERS_TEST_PG_DIR): made from the
// template with PostGIS on construction, dropped on destruction. Queries go through psql, so
// what a test reads back does not pass through the code under test.
class PgTestDatabase {
 public:
  PgTestDatabase();
  ~PgTestDatabase();
  PgTestDatabase(const PgTestDatabase&) = delete;
  PgTestDatabase& operator=(const PgTestDatabase&) = delete;

  const std::string& name() const { return name_; }
  // "host=127.0.0.1 port=PORT user=USER dbname=NAME", libpq's form.
  const std::string& conninfo() const { return conninfo_; }
  // GDAL's name of the database: "PG:" + conninfo().
  std::string gdal_name() const { return "PG:" + conninfo_; }
  const std::string& host() const { return host_; }
  int port() const { return port_; }
  const std::string& user() const { return user_; }
  // Runs SQL with psql (-At, stop on error); fails the test on an error. Returns the rows, one
  // per line, columns separated by '|'.
  std::string query(const std::string& sql) const;
  // query() for one value: its answer without the final newline.
  std::string value(const std::string& sql) const;
  // The same, returning psql's result (exit code, output, error) without failing the test.
  CommandResult try_query(const std::string& sql) const;

 private:
  std::string server_, name_, conninfo_, host_, user_;
  int port_ = 0;
};

// The servers of a sharded cadastre (docs/scale.md) for one test: a database of its own on the
// tests' server, the coordinator, and one of the same name on each shard server that CTest's
// `postgres_shards` fixture started (tests/support/pg_shards, in PARKLAYERS_TEST_PG_SHARDS_DIR);
// the coordinator's has postgres_fdw, a foreign server for each shard (shard1, shard2, ...) and
// the user's mapping for it. Every database is dropped on destruction.
class PgTestCluster {
 public:
  PgTestCluster();
  ~PgTestCluster();
  PgTestCluster(const PgTestCluster&) = delete;
  PgTestCluster& operator=(const PgTestCluster&) = delete;

  const PgTestDatabase& coordinator() const { return coordinator_; }
  size_t shards() const { return shards_.size(); }
  // Shard k (from 1): "host=127.0.0.1 port=PORT user=USER dbname=NAME".
  const std::string& shard(size_t k) const { return shards_.at(k - 1); }
  // Runs SQL on shard k with psql (as PgTestDatabase::query).
  std::string shard_query(size_t k, const std::string& sql) const;

 private:
  PgTestDatabase coordinator_;
  std::vector<std::string> shards_;
};

// A PostgreSQL + PostGIS server of a test's own (tests/support/pg_server), started on
// construction and stopped on destruction, or before by stop(): a shard that goes down.
class PgTestServer {
 public:
  PgTestServer();
  ~PgTestServer();
  PgTestServer(const PgTestServer&) = delete;
  PgTestServer& operator=(const PgTestServer&) = delete;
  // "host=127.0.0.1 port=PORT user=USER" (no dbname).
  const std::string& conninfo() const { return conninfo_; }
  int port() const { return port_; }
  void stop();

 private:
  TempDir dir_;
  std::string conninfo_;
  int port_ = 0;
  bool running_ = false;
};

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
// The same on the ellipsoid of semi-major axis a (m) and flattening f (Planimeter -e a f).
double planimeter_area(const LatLonRing& ring, double semi_major, double flattening);

// PROJ's cs2cs (the command) taking points from one CRS to another, each in its CRS's own axis
// order (EPSG:4610: latitude, longitude; EPSG:2364: northing, easting), written with that
// many decimals.
std::vector<std::pair<double, double>> cs2cs(const std::string& from, const std::string& to,
                                             const std::vector<std::pair<double, double>>& points,
                                             int decimals = 6);

// A parcel of about 100 m with or without a hole, made in latitude/longitude of a datum
// (EPSG:geographic) and projected by cs2cs onto a Gauss-Kruger plane (EPSG:plane), its
// coordinates written to 3 decimals (millimetres), as coordinate files write them.
struct PlaneParcel {
  // Each ring's (northing, easting), outer first, the closing point not repeated.
  std::vector<std::vector<std::pair<double, double>>> rings;
  // The written coordinates brought back to (lat, lon) by cs2cs, for Planimeter.
  std::vector<LatLonRing> lonlat;
  double planar_m2 = 0;  // the shoelace of the written coordinates, holes subtracted
  // Planimeter's area of the written parcel on the ellipsoid (a, f), holes subtracted.
  double ellipsoidal_m2(double semi_major, double flattening) const;
  // WKT with easting as x (GIS order), as GDAL stores the plane's coordinates.
  std::string wkt() const;
};
PlaneParcel plane_parcel(int geographic, int plane, double lat, double lon, bool hole);

// One plane of each Chinese Gauss-Kruger family (3 datums x 3/6-degree zones x zone number in
// the easting or not), with its geographic CRS, the datum's ellipsoid and the central meridian:
// the planes the stated-parcel tests run in.
struct ChinesePlane {
  int epsg;
  int geographic;
  double semi_major;
  double inverse_flattening;
  double central_meridian;
};

inline constexpr ChinesePlane kChinesePlanes[] = {
    {4528, 4490, 6378137, 298.257222101, 120}, {4549, 4490, 6378137, 298.257222101, 120},
    {4499, 4490, 6378137, 298.257222101, 123}, {4510, 4490, 6378137, 298.257222101, 123},
    {2364, 4610, 6378140, 298.257, 120},       {2385, 4610, 6378140, 298.257, 120},
    {2335, 4610, 6378140, 298.257, 123},       {2346, 4610, 6378140, 298.257, 123},
    {2416, 4214, 6378245, 298.3, 120},         {2437, 4214, 6378245, 298.3, 120},
    {21421, 4214, 6378245, 298.3, 123},        {21461, 4214, 6378245, 298.3, 123},
};

// The land survey's ellipsoidal area (图斑椭球面积) of a polygon on a Chinese Gauss-Kruger plane,
// computed here straight from the published rule, apart from the library's SurveyAreaCalculator:
// X, Y to 4 decimals, edges over 70 m divided by floor(length / 70) points, the points taken to
// latitude and longitude by the command cs2cs, arc-seconds to 6 decimals, the A-E trapezoid
// series (written here in reduced fractions) against the zone's central meridian. Rings
// (easting, northing), outer first, the closing point not repeated; the result in m2, not
// rounded (the rule rounds it to 2 decimals).
double survey_area_reference(const std::vector<std::vector<PlaneXY>>& rings, const ChinesePlane& plane);

// A parcel as a coordinate file states it: 地块编号, 地块名称 and 地块面积 in hectares as written.
struct StatedParcel {
  std::string id;
  std::string name;
  std::string stated;  // "" : none stated
  PlaneParcel shape;
};
// "0.4820": an area in hectares to 4 decimals, as a coordinate file states it.
std::string hectares(double m2);
// Three parcels 1.3 degrees east of the central meridian (where the plane's scale is well
// above 1), the second with a hole, on EPSG:plane; stated areas their planar ones.
std::vector<StatedParcel> stated_parcels(int geographic, int plane, double central_meridian);
// A GeoPackage layer "parcels" in EPSG:epsg with the fields of a coordinate file's layer (id,
// name, stated_area_ha, the last of stated_type).
void write_stated_parcels(const std::string& path, int epsg, const std::vector<StatedParcel>& parcels,
                          OGRFieldType stated_type = OFTString);

// The text of a land-parcel coordinate file (坐标报盘 TXT, UTF-8, CRLF lines) holding the
// parcels: 坐标系 `datum` (2000国家大地坐标系, ...), 几度分带 `zone_width`, 带号 `zone`; the
// parcels' coordinates as they are (with the zone number in Y when their plane has it).
std::string coordinate_file(const std::string& datum, int zone_width, int zone,
                            const std::vector<StatedParcel>& parcels);
// UTF-8 text in GBK (iconv), as Windows tools write coordinate files.
std::string to_gbk(const std::string& utf8);

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

// A cadastre in a new GeoPackage layer "parcels" in EPSG:4549 (CGCS2000 Gauss-Kruger CM 120E,
// easting first), reproducibly from `seed`: a side x side grid of quadrilaterals of about 0.1 ha
// sharing their corners exactly (the same doubles), written row by row with fids 10, 13, 16, ...
// (not the order of a count), and a field id ("C1", ...). About `pushed` of them (a fraction)
// have their north-east corner pushed out by a fifth of a cell, overlapping the (up to) three
// cells around that corner. Returns the pairs of fids that overlap, (smaller, larger).
std::set<std::pair<long long, long long>> write_tiled_parcels(const std::string& path, int side, double pushed,
                                                                unsigned seed = 1);

// A vector dataset opened read-only with GDAL (null if it cannot be).
GDALDatasetUniquePtr open_dataset(const std::string& path);
// The features of the layer (the first one when no name is given); -1 when it cannot be read.
long long feature_count(const std::string& path, const std::string& layer = "");
// Every file and folder under dir (recursive), relative to it, hidden temporaries included.
std::set<std::string> file_tree(const std::string& dir);
// A one-layer GeoPackage in EPSG:4326 (lon/lat), or EPSG:epsg (easting or longitude first),
// filled by `fill` in one transaction.
void write_gpkg_layer(const std::string& path, const std::string& layer_name,
                      const std::function<void(OGRLayer&)>& fill, OGRwkbGeometryType type = wkbPolygon,
                      int epsg = 4326);
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
