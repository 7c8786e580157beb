#include "test_support.h"

#include "parklayers/gis/gdal_util.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
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

double planimeter_area(const LatLonRing& ring) {
  std::string input;
  char line[128];
  for (const auto& [lat, lon] : ring) {
    std::snprintf(line, sizeof line, "%.17g %.17g\n", lat, lon);
    input += line;
  }
  // -p 10: the area to 1e-5 m2; -e: WGS 84 (the default, stated).
  const CommandResult result =
      run({PARKLAYERS_TEST_PLANIMETER, "-p", "10", "-e", "6378137", "0.0033528106647474805"}, input);
  if (result.exit_code != 0) throw std::runtime_error("Planimeter failed: " + result.err);
  std::istringstream fields(result.out);
  long long count = 0;
  double perimeter = 0, area = 0;
  fields >> count >> perimeter >> area;
  if (!fields) throw std::runtime_error("cannot read Planimeter's output: " + result.out);
  return area;
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
                      const std::function<void(OGRLayer&)>& fill, OGRwkbGeometryType type) {
  ensure_gdal_registered();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  GDALDatasetUniquePtr dataset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  ASSERT_TRUE(dataset);
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
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
