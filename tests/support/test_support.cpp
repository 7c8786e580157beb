// SPDX-License-Identifier: GPL-2.0-or-later
#include "test_support.h"

#include "parklayers/gis/gdal_util.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <array>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>
#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>
#include <ogr_spatialref.h>

#include <memory>

namespace fs = std::filesystem;

namespace parklayers::test {

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "parklayers-test-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

TmpdirAs::TmpdirAs(const std::string& folder) {
  const char* old = std::getenv("TMPDIR");
  had_ = old != nullptr;
  if (had_) old_ = old;
  setenv("TMPDIR", folder.c_str(), 1);
}

TmpdirAs::~TmpdirAs() {
  if (had_) {
    setenv("TMPDIR", old_.c_str(), 1);
  } else {
    unsetenv("TMPDIR");
  }
}

std::vector<std::string> TempDir::list() const {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(path_)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string anting_source() { return std::string(PARKLAYERS_TEST_GEODATA) + "/anting"; }

std::string copy_anting(const TempDir& dir) {
  const std::string target = dir.file("anting");
  fs::copy(anting_source(), target, fs::copy_options::recursive);
  return target;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

void replace_in_file(const std::string& path, const std::string& from, const std::string& to) {
  std::string text = read_text(path);
  const size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << "'" << from << "' not in " << path;
  text.replace(at, from.size(), to);
  write_text(path, text);
}

namespace {

std::string drain(int fd) {
  std::string text;
  std::array<char, 65536> buffer{};
  ssize_t n = 0;
  while ((n = ::read(fd, buffer.data(), buffer.size())) > 0) text.append(buffer.data(), static_cast<size_t>(n));
  ::close(fd);
  return text;
}

}  // namespace

CommandResult run(const std::vector<std::string>& argv, const std::string& stdin_text) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe(in_pipe) || pipe(out_pipe) || pipe(err_pipe)) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) close(fd);
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  std::thread writer([&] {
    size_t written = 0;
    while (written < stdin_text.size()) {
      const ssize_t n = ::write(in_pipe[1], stdin_text.data() + written, stdin_text.size() - written);
      if (n <= 0) break;
      written += static_cast<size_t>(n);
    }
    close(in_pipe[1]);
  });
  CommandResult result;
  std::thread err_reader([&] { result.err = drain(err_pipe[0]); });
  result.out = drain(out_pipe[0]);
  err_reader.join();
  writer.join();
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

CommandResult parklayers(const std::vector<std::string>& args) {
  std::vector<std::string> argv{PARKLAYERS_TEST_EXE};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

double planimeter_area(const LatLonRing& ring, double semi_major, double flattening) {
  std::string input;
  char line[128];
  for (const auto& [lat, lon] : ring) {
    std::snprintf(line, sizeof line, "%.17g %.17g\n", lat, lon);
    input += line;
  }
  char a[64], f[64];
  std::snprintf(a, sizeof a, "%.17g", semi_major);
  std::snprintf(f, sizeof f, "%.17g", flattening);
  const CommandResult result = run({PARKLAYERS_TEST_PLANIMETER, "-p", "10", "-e", a, f}, input);
  if (result.exit_code != 0) throw std::runtime_error("Planimeter failed: " + result.err);
  std::istringstream fields(result.out);
  long long count = 0;
  double perimeter = 0, area = 0;
  fields >> count >> perimeter >> area;
  if (!fields) throw std::runtime_error("cannot read Planimeter's output: " + result.out);
  return area;
}

double planimeter_area(const LatLonRing& ring) {
  return planimeter_area(ring, 6378137, 1 / 298.257223563);  // WGS 84
}

std::vector<std::pair<double, double>> cs2cs(const std::string& from, const std::string& to,
                                             const std::vector<std::pair<double, double>>& points,
                                             int decimals) {
  std::string input;
  char line[128];
  for (const auto& [a, b] : points) {
    std::snprintf(line, sizeof line, "%.17g %.17g\n", a, b);
    input += line;
  }
  const CommandResult result = run({PARKLAYERS_TEST_CS2CS, "-f", "%." + std::to_string(decimals) + "f", from, to}, input);
  if (result.exit_code != 0) throw std::runtime_error("cs2cs failed: " + result.err);
  std::istringstream lines(result.out);
  std::vector<std::pair<double, double>> out;
  std::string text;
  while (std::getline(lines, text)) {
    std::istringstream fields(text);
    double a = 0, b = 0;
    if (!(fields >> a >> b)) throw std::runtime_error("cannot read cs2cs's output: " + result.out);
    out.emplace_back(a, b);
  }
  if (out.size() != points.size()) throw std::runtime_error("cs2cs gave " + std::to_string(out.size()) + " points");
  return out;
}

PlaneParcel plane_parcel(int geographic, int plane, double lat, double lon, bool hole) {
  const std::string from = "EPSG:" + std::to_string(geographic), to = "EPSG:" + std::to_string(plane);
  const double m = 1.0 / 111000.0, k = m / std::cos(lat * 3.14159265358979323846 / 180);
  std::vector<LatLonRing> made{{{lat, lon}, {lat + 3 * m, lon + 61 * k}, {lat + 52 * m, lon + 98 * k},
                                {lat + 101 * m, lon + 71 * k}, {lat + 93 * m, lon + 12 * k}, {lat + 47 * m, lon - 9 * k}}};
  if (hole) {
    made.push_back({{lat + 35 * m, lon + 30 * k}, {lat + 35 * m, lon + 50 * k}, {lat + 65 * m, lon + 50 * k},
                    {lat + 65 * m, lon + 30 * k}});
  }
  PlaneParcel parcel;
  for (size_t r = 0; r < made.size(); ++r) {
    parcel.rings.push_back(cs2cs(from, to, made[r], 3));
    parcel.lonlat.push_back(cs2cs(to, from, parcel.rings.back(), 12));
    const auto& ring = parcel.rings.back();
    double twice = 0;
    for (size_t i = 0; i < ring.size(); ++i) {
      const auto& [x1, y1] = ring[i];
      const auto& [x2, y2] = ring[(i + 1) % ring.size()];
      twice += (x1 - ring[0].first) * (y2 - ring[0].second) - (x2 - ring[0].first) * (y1 - ring[0].second);
    }
    parcel.planar_m2 += (r == 0 ? 0.5 : -0.5) * std::fabs(twice);
  }
  return parcel;
}

double PlaneParcel::ellipsoidal_m2(double semi_major, double flattening) const {
  double total = 0;
  for (size_t r = 0; r < lonlat.size(); ++r) {
    total += (r == 0 ? 1 : -1) * std::fabs(planimeter_area(lonlat[r], semi_major, flattening));
  }
  return total;
}

std::string PlaneParcel::wkt() const {
  std::string text = "POLYGON (";
  char number[64];
  for (size_t r = 0; r < rings.size(); ++r) {
    text += r == 0 ? "(" : ",(";
    for (size_t i = 0; i <= rings[r].size(); ++i) {
      const auto& [northing, easting] = rings[r][i % rings[r].size()];
      std::snprintf(number, sizeof number, "%s%.3f %.3f", i == 0 ? "" : ",", easting, northing);
      text += number;
    }
    text += ")";
  }
  return text + ")";
}

std::string hectares(double m2) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4f", m2 / 10000.0);
  return text;
}

std::vector<StatedParcel> stated_parcels(int geographic, int plane, double central_meridian) {
  std::vector<StatedParcel> parcels;
  for (int i = 0; i < 3; ++i) {
    StatedParcel parcel{std::to_string(i + 1), "示例地块" + std::to_string(i + 1), "",
                        plane_parcel(geographic, plane, 31.3 + 0.01 * i, central_meridian + 1.3, i == 1)};
    parcel.stated = hectares(parcel.shape.planar_m2);
    parcels.push_back(parcel);
  }
  return parcels;
}

void write_stated_parcels(const std::string& path, int epsg, const std::vector<StatedParcel>& parcels,
                          OGRFieldType stated_type) {
  write_gpkg_layer(
      path, "parcels",
      [&](OGRLayer& layer) {
        add_field(layer, "id", OFTString);
        add_field(layer, "name", OFTString);
        add_field(layer, "stated_area_ha", stated_type);
        for (const StatedParcel& parcel : parcels) {
          OGRFeature feature(layer.GetLayerDefn());
          feature.SetField("id", parcel.id.c_str());
          feature.SetField("name", parcel.name.c_str());
          if (!parcel.stated.empty()) feature.SetField("stated_area_ha", parcel.stated.c_str());
          OGRGeometry* geometry = nullptr;
          const std::string wkt = parcel.shape.wkt();
          ASSERT_EQ(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &geometry), OGRERR_NONE);
          feature.SetGeometryDirectly(geometry);
          ASSERT_EQ(layer.CreateFeature(&feature), OGRERR_NONE);
        }
      },
      wkbPolygon, epsg);
}

std::string coordinate_file(const std::string& datum, int zone_width, int zone,
                            const std::vector<StatedParcel>& parcels) {
  std::string text = "[属性描述]\r\n格式版本号=1.01版本\r\n数据产生单位=测试单位\r\n数据产生日期=2025-06-10\r\n"
                     "坐标系=" + datum + "\r\n几度分带=" + std::to_string(zone_width) +
                     "\r\n投影类型=高斯克吕格\r\n计量单位=米\r\n带号=" + std::to_string(zone) +
                     "\r\n精度=0.001\r\n转换参数=,,,,,,\r\n[地块坐标]\r\n";
  char line[128];
  for (const StatedParcel& parcel : parcels) {
    size_t points = 0;
    for (const auto& ring : parcel.shape.rings) points += ring.size() + 1;  // each ring closes
    text += std::to_string(points) + "," + parcel.stated + "," + parcel.id + "," + parcel.name + ",面,,工业用地,,@\r\n";
    int number = 1;
    for (size_t r = 0; r < parcel.shape.rings.size(); ++r) {
      const auto& ring = parcel.shape.rings[r];
      const int first = number;
      for (size_t i = 0; i <= ring.size(); ++i) {
        const auto& [northing, easting] = ring[i % ring.size()];
        std::snprintf(line, sizeof line, "J%d,%zu,%.3f,%.3f\r\n", i == ring.size() ? first : number++, r + 1,
                      northing, easting);
        text += line;
      }
    }
  }
  return text;
}

std::string to_gbk(const std::string& utf8) {
  const CommandResult result = run({"/usr/bin/iconv", "-f", "UTF-8", "-t", "GBK"}, utf8);
  if (result.exit_code != 0) throw std::runtime_error("iconv failed: " + result.err);
  return result.out;
}

std::string geojson_of_wkt(const std::vector<const char*>& wkts) {
  std::string features;
  for (const char* wkt : wkts) {
    OGRGeometry* raw = nullptr;
    EXPECT_EQ(OGRGeometryFactory::createFromWkt(wkt, nullptr, &raw), OGRERR_NONE) << wkt;
    std::unique_ptr<OGRGeometry> geometry(raw);
    std::unique_ptr<char, decltype(&CPLFree)> json(geometry->exportToJson(), &CPLFree);
    features += std::string(features.empty() ? "" : ",") +
                R"({"type":"Feature","properties":{},"geometry":)" + json.get() + "}";
  }
  return R"({"type":"FeatureCollection","features":[)" + features + "]}";
}

double ogr_planar_area(const char* wkt, int epsg) {
  OGRSpatialReference wgs84;
  wgs84.SetWellKnownGeogCS("WGS84");
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReference gk;
  EXPECT_EQ(gk.importFromEPSG(epsg), OGRERR_NONE);
  gk.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRGeometry* raw = nullptr;
  EXPECT_EQ(OGRGeometryFactory::createFromWkt(wkt, &wgs84, &raw), OGRERR_NONE);
  std::unique_ptr<OGRGeometry> geometry(raw);
  EXPECT_EQ(geometry->transformTo(&gk), OGRERR_NONE);
  return geometry->toPolygon()->get_Area();
}

CommandResult validate_gpkg(const std::string& path) {
  return run({PARKLAYERS_TEST_PYTHON, "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py", path});
}

SpatialIndex gpkg_spatial_index(const std::string& path, const std::string& layer) {
  GDALAllRegister();
  SpatialIndex index;
  GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
  EXPECT_TRUE(dataset) << path;
  if (!dataset) return index;
  OGRLayer* geometry_column = dataset->GetLayerByName(layer.c_str());
  EXPECT_TRUE(geometry_column) << layer;
  if (!geometry_column) return index;
  const std::string has = "SELECT HasSpatialIndex(" + parklayers::sql_literal(layer) + ", " +
                          parklayers::sql_literal(geometry_column->GetGeometryColumn()) + ")";
  if (OGRLayer* result = dataset->ExecuteSQL(has.c_str(), nullptr, nullptr)) {
    OGRFeatureUniquePtr row(result->GetNextFeature());
    index.present = row && row->GetFieldAsInteger(0) == 1;
    dataset->ReleaseResultSet(result);
  }
  if (!index.present) return index;
  std::string rtree = "rtree_" + layer + "_" + geometry_column->GetGeometryColumn();
  const std::string count = "SELECT COUNT(*) FROM " + parklayers::sql_identifier(rtree);
  if (OGRLayer* result = dataset->ExecuteSQL(count.c_str(), nullptr, nullptr)) {
    OGRFeatureUniquePtr row(result->GetNextFeature());
    if (row) index.rows = row->GetFieldAsInteger64(0);
    dataset->ReleaseResultSet(result);
  }
  const std::string check = "SELECT rtreecheck(" + parklayers::sql_literal(rtree) + ")";
  if (OGRLayer* result = dataset->ExecuteSQL(check.c_str(), nullptr, nullptr)) {
    OGRFeatureUniquePtr row(result->GetNextFeature());
    if (row) index.check = row->GetFieldAsString(0);
    dataset->ReleaseResultSet(result);
  }
  return index;
}

void write_square_parcels(const std::string& path, const std::string& layer_name, int count) {
  GDALAllRegister();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  ASSERT_TRUE(driver);
  GDALDatasetUniquePtr dataset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  ASSERT_TRUE(dataset) << path;
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  OGRLayer* layer = dataset->CreateLayer(layer_name.c_str(), &wgs84, wkbPolygon, nullptr);
  ASSERT_TRUE(layer);
  OGRFieldDefn id("id", OFTString);
  OGRFieldDefn name("name_zh", OFTString);
  ASSERT_EQ(layer->CreateField(&id), OGRERR_NONE);
  ASSERT_EQ(layer->CreateField(&name), OGRERR_NONE);
  dataset->StartTransaction();
  OGRFeature feature(layer->GetLayerDefn());
  for (int i = 0; i < count; ++i) {
    // A 200 x 200 grid of cells of 0.004 degrees from 121.0 E, 30.7 N; squares of 0.0003.
    const double x = 121.0 + 0.004 * (i % 200) + 0.0001 * (i % 7);
    const double y = 30.7 + 0.004 * ((i / 200) % 200) + 0.0001 * (i % 5);
    OGRLinearRing ring;
    ring.addPoint(x, y);
    ring.addPoint(x + 0.0003, y);
    ring.addPoint(x + 0.0003, y + 0.0003);
    ring.addPoint(x, y + 0.0003);
    ring.closeRings();
    OGRPolygon polygon;
    polygon.addRing(&ring);
    feature.Reset();
    feature.SetField(0, ("T" + std::to_string(i + 1)).c_str());
    feature.SetField(1, "地块");
    feature.SetGeometry(&polygon);
    feature.SetFID(OGRNullFID);
    ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
  }
  dataset->CommitTransaction();
}

std::set<std::pair<long long, long long>> write_tiled_parcels(const std::string& path, int side, double pushed,
                                                                unsigned seed) {
  std::set<std::pair<long long, long long>> overlapping;
  const double cell = std::sqrt(1000.0);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> jitter(-0.05 * cell, 0.05 * cell), unit(0, 1);
  std::vector<std::vector<std::pair<double, double>>> node(static_cast<size_t>(side) + 1);
  for (int i = 0; i <= side; ++i) {
    for (int j = 0; j <= side; ++j) node[static_cast<size_t>(i)].emplace_back(540000 + cell * i + jitter(rng), 3460000 + cell * j + jitter(rng));
  }
  const auto fid_of = [side](int i, int j) { return 10 + 3 * (static_cast<long long>(j) * side + i); };
  write_gpkg_layer(
      path, "parcels",
      [&](OGRLayer& layer) {
        add_field(layer, "id", OFTString);
        OGRFeature feature(layer.GetLayerDefn());
        for (int j = 0; j < side; ++j) {
          for (int i = 0; i < side; ++i) {
            const auto at = [&](int di, int dj) { return node[static_cast<size_t>(i + di)][static_cast<size_t>(j + dj)]; };
            std::pair<double, double> corners[] = {at(0, 0), at(1, 0), at(1, 1), at(0, 1)};
            if (unit(rng) < pushed) {
              corners[2].first += 0.2 * cell;
              corners[2].second += 0.2 * cell;
              for (const auto& [di, dj] : {std::pair{1, 0}, {0, 1}, {1, 1}}) {
                if (i + di < side && j + dj < side) overlapping.insert({fid_of(i, j), fid_of(i + di, j + dj)});
              }
            }
            OGRLinearRing ring;
            for (const auto& [x, y] : corners) ring.addPoint(x, y);
            ring.closeRings();
            OGRPolygon polygon;
            polygon.addRing(&ring);
            feature.Reset();
            feature.SetFID(fid_of(i, j));
            feature.SetField(0, ("C" + std::to_string(j * side + i + 1)).c_str());
            feature.SetGeometry(&polygon);
            ASSERT_EQ(layer.CreateFeature(&feature), OGRERR_NONE);
          }
        }
      },
      wkbPolygon, 4549);
  return overlapping;
}

GDALDatasetUniquePtr open_dataset(const std::string& path) {
  ensure_gdal_registered();
  return GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
}

long long feature_count(const std::string& path, const std::string& layer) {
  const GDALDatasetUniquePtr dataset = open_dataset(path);
  if (!dataset) return -1;
  OGRLayer* l = layer.empty() ? dataset->GetLayer(0) : dataset->GetLayerByName(layer.c_str());
  return l ? l->GetFeatureCount(TRUE) : -1;
}

std::set<std::string> file_tree(const std::string& dir) {
  namespace fs = std::filesystem;
  std::set<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) names.insert(fs::relative(entry.path(), dir).string());
  return names;
}

void write_gpkg_layer(const std::string& path, const std::string& layer_name,
                      const std::function<void(OGRLayer&)>& fill, OGRwkbGeometryType type, int epsg) {
  ensure_gdal_registered();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  GDALDatasetUniquePtr dataset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  ASSERT_TRUE(dataset);
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(epsg);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRLayer* layer = dataset->CreateLayer(layer_name.c_str(), &wgs84, type, nullptr);
  ASSERT_NE(layer, nullptr);
  dataset->StartTransaction();
  fill(*layer);
  dataset->CommitTransaction();
}

void add_field(OGRLayer& layer, const char* name, OGRFieldType type) {
  OGRFieldDefn field(name, type);
  ASSERT_EQ(layer.CreateField(&field), OGRERR_NONE);
}

std::string sql_value(GDALDataset& dataset, const char* sql) {
  OGRLayer* result = dataset.ExecuteSQL(sql, nullptr, nullptr);
  EXPECT_TRUE(result) << sql;
  if (!result) return "";
  OGRFeatureUniquePtr row(result->GetNextFeature());
  const std::string value = row ? row->GetFieldAsString(0) : "";
  dataset.ReleaseResultSet(result);
  return value;
}

std::vector<Vertex> vertices(const OGRGeometry& geometry) {
  struct Collect : OGRDefaultConstGeometryVisitor {
    using OGRDefaultConstGeometryVisitor::visit;
    void visit(const OGRPoint* p) override {
      if (!p->IsEmpty()) out.push_back({p->getX(), p->getY(), p->getZ(), p->getM()});
    }
    std::vector<Vertex> out;
  } collect;
  geometry.accept(&collect);
  return collect.out;
}

const std::vector<PlaneXY> kRedLine = {
    {40613040.25, 3466120.5}, {40613102.875, 3466178.125}, {40613010.0, 3466230.0}, {40612980.0, 3466150.0}};

void write_red_line_dxf(const std::string& path) {
  std::string points;
  for (const PlaneXY& p : kRedLine) points += "(" + std::to_string(p.x) + ", " + std::to_string(p.y) + "), ";
  const std::string script =
      "import sys, ezdxf\n"
      "doc = ezdxf.new('R2013')\n"
      "for name in ('红线', '道路', '注记'): doc.layers.add(name)\n"
      "msp = doc.modelspace()\n"
      "msp.add_lwpolyline([" + points + "], close=True, dxfattribs={'layer': '红线'})\n"
      "msp.add_lwpolyline([(40613000, 3466000), (40613100, 3466050)], dxfattribs={'layer': '道路'})\n"
      "msp.add_text('地块一', dxfattribs={'layer': '注记', 'insert': (40613050, 3466170)})\n"
      "doc.saveas(sys.argv[1])\n";
  const CommandResult made = run({PARKLAYERS_TEST_PYTHON, "-c", script, path});
  ASSERT_EQ(made.exit_code, 0) << "python3-ezdxf (installed by .ci/setup) could not write the DXF: " << made.err;
}

double survey_area_reference(const std::vector<std::vector<PlaneXY>>& rings, const ChinesePlane& plane) {
  const double pi = 3.14159265358979323846;
  const double a = plane.semi_major, b = a - a / plane.inverse_flattening;
  const double e2 = (a * a - b * b) / (a * a);
  const double e4 = std::pow(e2, 2), e6 = std::pow(e2, 3), e8 = std::pow(e2, 4);
  // The published A-E, each fraction reduced (30/80 = 3/8, 630/2304 = 35/128, ...).
  const double coefficient[5] = {1 + e2 / 2 + 3 * e4 / 8 + 5 * e6 / 16 + 35 * e8 / 128,
                                 e2 / 6 + 3 * e4 / 16 + 3 * e6 / 16 + 35 * e8 / 192,
                                 3 * e4 / 80 + e6 / 16 + 5 * e8 / 64,
                                 e6 / 112 + 5 * e8 / 256,
                                 5 * e8 / 2304};
  const std::string from = "EPSG:" + std::to_string(plane.epsg), to = "EPSG:" + std::to_string(plane.geographic);
  double total = 0;
  for (size_t r = 0; r < rings.size(); ++r) {
    const std::vector<PlaneXY>& ring = rings[r];
    // (northing, easting), the plane's EPSG axis order, for cs2cs.
    std::vector<std::pair<double, double>> points;
    for (size_t i = 0; i < ring.size(); ++i) {
      const PlaneXY p{std::round(ring[i].x * 10000) / 10000, std::round(ring[i].y * 10000) / 10000};
      const PlaneXY& next_raw = ring[(i + 1) % ring.size()];
      const PlaneXY q{std::round(next_raw.x * 10000) / 10000, std::round(next_raw.y * 10000) / 10000};
      points.emplace_back(p.y, p.x);
      const double length = std::sqrt((q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y));
      const int added = length > 70 ? static_cast<int>(length / 70) : 0;
      for (int k = 1; k <= added; ++k) {
        const double t = double(k) / (added + 1);
        points.emplace_back(p.y + t * (q.y - p.y), p.x + t * (q.x - p.x));
      }
    }
    const std::vector<std::pair<double, double>> latlon = cs2cs(from, to, points, 12);
    std::vector<double> lat_seconds, lon_seconds;
    for (const auto& [lat, lon] : latlon) {
      lat_seconds.push_back(std::round(lat * 3600 * 1e6) / 1e6);
      lon_seconds.push_back(std::round(lon * 3600 * 1e6) / 1e6);
    }
    const double rad = pi / 648000;  // an arc-second in radians
    double sum = 0;
    for (size_t i = 0; i < latlon.size(); ++i) {
      const size_t j = (i + 1) % latlon.size();
      const double db = (lat_seconds[j] - lat_seconds[i]) * rad;
      const double bm = (lat_seconds[j] + lat_seconds[i]) / 2 * rad;
      const double dl = ((lon_seconds[i] + lon_seconds[j]) / 2 - plane.central_meridian * 3600) * rad;
      double bracket = 0;
      for (int k = 0; k < 5; ++k) {
        const double n = 2 * k + 1;  // 1, 3, 5, 7, 9; signs alternate
        bracket += (k % 2 == 0 ? 1 : -1) * coefficient[k] * std::sin(n * db / 2) * std::cos(n * bm);
      }
      sum += 2 * b * b * dl * bracket;
    }
    total += (r == 0 ? 1 : -1) * std::fabs(sum);
  }
  return total;
}

double shoelace_area(const std::vector<PlaneXY>& ring) {
  double twice = 0;
  for (size_t i = 0; i < ring.size(); ++i) {
    const PlaneXY& a = ring[i];
    const PlaneXY& b = ring[(i + 1) % ring.size()];
    twice += (a.x - ring[0].x) * (b.y - ring[0].y) - (b.x - ring[0].x) * (a.y - ring[0].y);
  }
  return std::fabs(twice) / 2;
}

}  // namespace parklayers::test

namespace parklayers::test {

PgTestDatabase::PgTestDatabase() {
  const std::string conninfo_file = std::string(PARKLAYERS_TEST_PG_DIR) + "/conninfo";
  if (!std::filesystem::exists(conninfo_file)) {
    ADD_FAILURE() << "no PostgreSQL test server in " << PARKLAYERS_TEST_PG_DIR
                  << ": run this test through ctest, which starts it (tests/support/pg_server)";
    return;
  }
  std::string server = read_text(conninfo_file);
  while (!server.empty() && (server.back() == '\n' || server.back() == ' ')) server.pop_back();
  server_ = server;
  std::istringstream words(server);
  for (std::string word; words >> word;) {
    const size_t eq = word.find('=');
    const std::string key = word.substr(0, eq), value = word.substr(eq + 1);
    if (key == "host") host_ = value;
    if (key == "port") port_ = std::stoi(value);
    if (key == "user") user_ = value;
  }
  // Unique across the test programs ctest runs side by side, and across runs.
  static int made = 0;
  name_ = "t" + std::to_string(::getpid()) + "_" + std::to_string(++made) + "_" +
          std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000);
  conninfo_ = server_ + " dbname=" + name_;
  const CommandResult created =
      run({PARKLAYERS_TEST_PSQL, server_ + " dbname=postgres", "-qAt", "-v", "ON_ERROR_STOP=1", "-c",
           "create database " + name_ + " template parks_template"});
  if (created.exit_code != 0) ADD_FAILURE() << "psql: " << created.err;
}

PgTestDatabase::~PgTestDatabase() {
  if (server_.empty()) return;
  run({PARKLAYERS_TEST_PSQL, server_ + " dbname=postgres", "-qAt", "-c", "drop database if exists " + name_ + " with (force)"});
}

std::string PgTestDatabase::value(const std::string& sql) const {
  std::string out = query(sql);
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

CommandResult PgTestDatabase::try_query(const std::string& sql) const {
  return run({PARKLAYERS_TEST_PSQL, conninfo_, "-qAt", "-v", "ON_ERROR_STOP=1", "-c", sql});
}

std::string PgTestDatabase::query(const std::string& sql) const {
  const CommandResult result = try_query(sql);
  EXPECT_EQ(result.exit_code, 0) << sql << "\n" << result.err;
  return result.out;
}

namespace {

const std::string kShards = std::string(PARKLAYERS_TEST_PG_SHARDS_DIR);
const std::string kScripts = std::string(PARKLAYERS_TEST_SOURCE_DIR) + "/tests/support/";

std::string trimmed_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

PgTestCluster::PgTestCluster() {
  if (!std::filesystem::exists(kShards + "/shards")) {
    ADD_FAILURE() << "no shard servers in " << kShards << ": run this test through ctest, which starts them "
                  << "(tests/support/pg_shards)";
    return;
  }
  const CommandResult made =
      run({kScripts + "pg_shards", "database", kShards, coordinator_.conninfo(), coordinator_.name()});
  EXPECT_EQ(made.exit_code, 0) << made.err;
  std::istringstream lines(read_text(kShards + "/shards"));
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) shards_.push_back(line + " dbname=" + coordinator_.name());
  }
}

PgTestCluster::~PgTestCluster() { run({kScripts + "pg_shards", "drop", kShards, coordinator_.name()}); }

std::string PgTestCluster::shard_query(size_t k, const std::string& sql) const {
  const CommandResult result = run({PARKLAYERS_TEST_PSQL, shard(k), "-qAt", "-v", "ON_ERROR_STOP=1", "-c", sql});
  EXPECT_EQ(result.exit_code, 0) << sql << "\n" << result.err;
  return result.out;
}

PgTestServer::PgTestServer() {
  const std::string dir = dir_.path() + "/pg";
  // The server runs as the postgres user when the tests run as root: it must reach its folder.
  std::filesystem::permissions(dir_.path(), std::filesystem::perms::others_read | std::filesystem::perms::others_exec,
                               std::filesystem::perm_options::add);
  const CommandResult started = run({kScripts + "pg_server", "start", dir});
  if (started.exit_code != 0) {
    ADD_FAILURE() << "pg_server start: " << started.err;
    return;
  }
  running_ = true;
  conninfo_ = trimmed_line(read_text(dir + "/conninfo"));
  const size_t at = conninfo_.find("port=");
  port_ = std::atoi(conninfo_.c_str() + at + 5);
}

void PgTestServer::stop() {
  if (!running_) return;
  run({kScripts + "pg_server", "stop", dir_.path() + "/pg"});
  running_ = false;
}

PgTestServer::~PgTestServer() { stop(); }

}  // namespace parklayers::test

namespace parklayers::test {

void kill_parklayers_when(const std::vector<std::string>& args, const std::function<bool(pid_t)>& ready) {
  std::vector<std::string> argv{PARKLAYERS_TEST_EXE};
  argv.insert(argv.end(), args.begin(), args.end());
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const int null = open("/dev/null", O_RDWR);
    dup2(null, 1);
    dup2(null, 2);
    std::vector<char*> raw;
    for (std::string& arg : argv) raw.push_back(arg.data());
    raw.push_back(nullptr);
    execv(raw[0], raw.data());
    _exit(127);
  }
  const auto start = std::chrono::steady_clock::now();
  int status = 0;
  bool ended = false, held = false;
  while (!held && std::chrono::steady_clock::now() - start < std::chrono::seconds(120)) {
    if (waitpid(pid, &status, WNOHANG) == pid) {
      ended = true;
      break;
    }
    held = ready(pid);
    if (!held) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const bool running = !ended && waitpid(pid, &status, WNOHANG) == 0;
  if (running) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  }
  ASSERT_TRUE(running) << "parklayers ended (status " << status << ") before it could be killed";
  ASSERT_TRUE(held) << "parklayers never reached the point where it was to be killed";
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;
}

}  // namespace parklayers::test
