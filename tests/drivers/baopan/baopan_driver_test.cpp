// SPDX-License-Identifier: GPL-2.0-or-later
// baopan_driver: the land-parcel coordinate file (坐标报盘 TXT) through GDAL's own API, as any
// GDAL program sees it. The files are written here as text; the references are independent of
// the driver: the EPSG table of the published families (and PROJ's own parameters of each
// code), the shoelace formula on the file's own numbers, iconv for the encodings.
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "parklayers/drivers/baopan.h"
#include "parklayers/gis/gdal_util.h"
#include "test_support.h"

namespace parklayers {
namespace {

// GDAL's drivers and BAOPAN, as GDAL's own programs have them with the plugin installed. This
// test links the driver alone (no Park Layers io).
void register_drivers() {
  ensure_gdal_registered();
  RegisterOGRBAOPAN();
}

// The driver GDAL's Identify picks for the file among GDAL's and ours, or "".
std::string identified_driver(const std::string& path) {
  register_drivers();
  GDALDriverH driver = GDALIdentifyDriverEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr);
  return driver ? GDALGetDescription(driver) : "";
}

using XY = std::pair<double, double>;  // (X northing, Y easting) as the file writes them

struct TestRing {
  int number;
  std::vector<XY> points;  // closed
};
struct TestParcel {
  std::string id, name, use, area, shape = "面", sheet, land_class;
  std::vector<TestRing> rings;
};

std::string number(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.3f", value);
  return text;
}

// A rectangle's corners, clockwise as surveyors walk them, closed.
std::vector<XY> rectangle(double north, double east, double height, double width) {
  return {{north, east}, {north + height, east}, {north + height, east + width}, {north, east + width}, {north, east}};
}

struct FileSpec {
  std::string datum = "2000国家大地坐标系";
  std::string width = "3";
  std::string zone = "40";  // empty: no 带号 line
  std::vector<TestParcel> parcels;
  std::string eol = "\r\n";
};

std::string file_text(const FileSpec& spec) {
  std::string out;
  auto line = [&](const std::string& text) { out += text + spec.eol; };
  line("[属性描述]");
  line("格式版本号=1.01版本");
  line("数据产生单位=测试");
  line("数据产生日期=2025-06-10");
  line("坐标系=" + spec.datum);
  line("几度分带=" + spec.width);
  line("投影类型=高斯克吕格");
  line("计量单位=米");
  if (!spec.zone.empty()) line("带号=" + spec.zone);
  line("精度=0.001");
  line("转换参数=,,,,,,");
  line("[地块坐标]");
  for (const TestParcel& parcel : spec.parcels) {
    size_t count = 0;
    for (const TestRing& ring : parcel.rings) count += ring.points.size();
    line(std::to_string(count) + "," + parcel.area + "," + parcel.id + "," + parcel.name + "," + parcel.shape + "," +
         parcel.sheet + "," + parcel.use + "," + parcel.land_class + ",@");
    int n = 1;
    for (const TestRing& ring : parcel.rings) {
      for (const XY& p : ring.points) {
        line("J" + std::to_string(n++) + "," + std::to_string(ring.number) + "," + number(p.first) + "," +
             number(p.second));
      }
    }
  }
  return out;
}

// Three parcels around zone 40 (Y with the prefix), the second with a hole.
FileSpec red_line(double east0 = 40613000.0) {
  FileSpec spec;
  spec.parcels.push_back({"6", "示例地块", "工业用地", "0.4820", "面", "H51G001001", "0601",
                          {{1, rectangle(3466120.5, east0 + 40.25, 60.125, 80.25)}}});
  spec.parcels.push_back({"7", "带孔地块", "仓储用地", "1.2000", "面", "", "0508",
                          {{1, rectangle(3466300.0, east0, 100.0, 130.0)},
                           {2, rectangle(3466320.0, east0 + 20.0, 30.0, 40.0)}}});
  spec.parcels.push_back({"8A", "第三块", "道路用地", "0.0300", "面", "", "",
                          {{1, {{3466500.0, east0}, {3466520.0, east0 + 5.0}, {3466510.0, east0 + 30.0},
                                {3466500.0, east0}}}}});
  return spec;
}

// Relative to the first point: products of raw 8-digit coordinates lose centimetres of area.
double shoelace(const std::vector<XY>& ring) {
  double twice = 0;
  const XY o = ring.front();
  for (size_t i = 0; i + 1 < ring.size(); ++i) {
    twice += (ring[i].second - o.second) * (ring[i + 1].first - o.first) -
             (ring[i + 1].second - o.second) * (ring[i].first - o.first);
  }
  return std::fabs(twice) / 2;
}

double shoelace(const TestParcel& parcel) {
  double area = 0;
  for (size_t k = 0; k < parcel.rings.size(); ++k) area += (k == 0 ? 1 : -1) * shoelace(parcel.rings[k].points);
  return area;
}

// GDAL's messages while alive, warnings included.
class CollectedErrors {
 public:
  CollectedErrors() {
    CPLPushErrorHandlerEx(&CollectedErrors::handle, this);
    CPLErrorReset();
  }
  ~CollectedErrors() { CPLPopErrorHandler(); }
  std::vector<std::pair<CPLErr, std::string>> messages;
  std::string last_failure() const {
    for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
      if (it->first == CE_Failure) return it->second;
    }
    return "";
  }

 private:
  static void CPL_STDCALL handle(CPLErr level, CPLErrorNum, const char* message) {
    static_cast<CollectedErrors*>(CPLGetErrorHandlerUserData())->messages.emplace_back(level, message);
  }
};

GDALDatasetUniquePtr open(const std::string& path) {
  register_drivers();
  return GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
}

std::string gbk(const std::string& utf8) {
  char* recoded = CPLRecode(utf8.c_str(), CPL_ENC_UTF8, "GBK");
  std::string out = recoded;
  CPLFree(recoded);
  return out;
}

std::string from_gbk(const std::string& bytes) {
  char* recoded = CPLRecode(bytes.c_str(), "GBK", CPL_ENC_UTF8);
  std::string out = recoded;
  CPLFree(recoded);
  return out;
}

// Each feature of the file read back: fields and rings.
// tolerance: of each coordinate; 0 also compares stated_area_ha as written. The area GDAL
// computes is compared with the shoelace formula on `parcels` when check_area.
void expect_parcels(OGRLayer& layer, const std::vector<TestParcel>& parcels, double tolerance = 0,
                    bool check_area = true) {
  layer.ResetReading();
  ASSERT_EQ(layer.GetFeatureCount(), static_cast<GIntBig>(parcels.size()));
  const OGRFeatureDefn* defn = layer.GetLayerDefn();
  const std::vector<std::string> fields = {"id", "name", "use", "stated_area_ha", "point_count", "sheet", "land_class"};
  ASSERT_EQ(defn->GetFieldCount(), static_cast<int>(fields.size()));
  for (size_t i = 0; i < fields.size(); ++i) EXPECT_EQ(defn->GetFieldDefn(static_cast<int>(i))->GetNameRef(), fields[i]);
  EXPECT_EQ(defn->GetFieldDefn(4)->GetType(), OFTInteger);
  EXPECT_EQ(defn->GetFieldDefn(3)->GetType(), OFTString);
  EXPECT_EQ(layer.GetGeomType(), wkbPolygon);
  for (const TestParcel& parcel : parcels) {
    OGRFeatureUniquePtr feature(layer.GetNextFeature());
    ASSERT_TRUE(feature);
    EXPECT_STREQ(feature->GetFieldAsString("id"), parcel.id.c_str());
    EXPECT_STREQ(feature->GetFieldAsString("name"), parcel.name.c_str());
    EXPECT_STREQ(feature->GetFieldAsString("use"), parcel.use.c_str());
    EXPECT_STREQ(feature->GetFieldAsString("sheet"), parcel.sheet.c_str());
    EXPECT_STREQ(feature->GetFieldAsString("land_class"), parcel.land_class.c_str());
    if (tolerance == 0) {
      EXPECT_STREQ(feature->GetFieldAsString("stated_area_ha"), parcel.area.c_str());
    }
    size_t count = 0;
    for (const TestRing& ring : parcel.rings) count += ring.points.size();
    EXPECT_EQ(feature->GetFieldAsInteger("point_count"), static_cast<int>(count));
    const OGRGeometry* geometry = feature->GetGeometryRef();
    ASSERT_TRUE(geometry);
    ASSERT_EQ(wkbFlatten(geometry->getGeometryType()), wkbPolygon);
    const OGRPolygon* polygon = geometry->toPolygon();
    ASSERT_EQ(polygon->getNumInteriorRings() + 1, static_cast<int>(parcel.rings.size()));
    for (size_t k = 0; k < parcel.rings.size(); ++k) {
      const OGRLinearRing* ring =
          k == 0 ? polygon->getExteriorRing() : polygon->getInteriorRing(static_cast<int>(k) - 1);
      ASSERT_EQ(ring->getNumPoints(), static_cast<int>(parcel.rings[k].points.size()));
      for (int i = 0; i < ring->getNumPoints(); ++i) {
        // GIS order: x the easting (Y), y the northing (X).
        EXPECT_NEAR(ring->getX(i), parcel.rings[k].points[static_cast<size_t>(i)].second, tolerance);
        EXPECT_NEAR(ring->getY(i), parcel.rings[k].points[static_cast<size_t>(i)].first, tolerance);
      }
    }
    // The planar area GDAL computes on the geometry read = the shoelace on the file's numbers.
    const double expected = shoelace(parcel);
    if (check_area) {
      EXPECT_NEAR(OGR_G_Area(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(geometry))), expected, expected * 1e-9);
    }
  }
  EXPECT_FALSE(OGRFeatureUniquePtr(layer.GetNextFeature()));
}

TEST(BaopanDriver, RegisteredOnceWithItsNames) {
  register_drivers();
  RegisterOGRBAOPAN();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("BAOPAN");
  ASSERT_TRUE(driver);
  EXPECT_STREQ(driver->GetMetadataItem(GDAL_DMD_LONGNAME), "Chinese land-parcel coordinate file (坐标报盘)");
  EXPECT_STREQ(driver->GetMetadataItem(GDAL_DMD_HELPTOPIC), "docs/drivers/baopan.md");
  // What test_ogrsf checks against what the datasets do: Create makes layers that take fields.
  for (const char* yes : {GDAL_DCAP_VECTOR, GDAL_DCAP_CREATE, GDAL_DCAP_CREATE_LAYER, GDAL_DCAP_CREATE_FIELD,
                          GDAL_DCAP_VIRTUALIO}) {
    EXPECT_STREQ(driver->GetMetadataItem(yes), "YES") << yes;
  }
  // An opened file is one layer, read-only: nothing deleted, no folder opened as many layers.
  for (const char* no : {GDAL_DCAP_DELETE_LAYER, GDAL_DCAP_DELETE_FIELD, GDAL_DCAP_MULTIPLE_VECTOR_LAYERS,
                         GDAL_DCAP_RASTER}) {
    EXPECT_EQ(driver->GetMetadataItem(no), nullptr) << no;
  }
  int count = 0;
  for (int i = 0; i < GetGDALDriverManager()->GetDriverCount(); ++i) {
    count += EQUAL(GetGDALDriverManager()->GetDriver(i)->GetDescription(), "BAOPAN");
  }
  EXPECT_EQ(count, 1);
}

TEST(BaopanDriver, ReadsParcelsInOrderWithFieldsAndHoles) {
  test::TempDir dir;
  const FileSpec spec = red_line();
  const std::string path = dir.file("red.txt");
  test::write_text(path, file_text(spec));
  GDALDatasetUniquePtr dataset = open(path);
  ASSERT_TRUE(dataset) << CPLGetLastErrorMsg();
  EXPECT_STREQ(dataset->GetDriver()->GetDescription(), "BAOPAN");
  ASSERT_EQ(dataset->GetLayerCount(), 1);
  OGRLayer& layer = *dataset->GetLayer(0);
  EXPECT_STREQ(layer.GetName(), "red");
  expect_parcels(layer, spec.parcels);
  layer.ResetReading();
  OGRFeatureUniquePtr first(layer.GetNextFeature());
  EXPECT_EQ(first->GetFID(), 1);
  OGRFeatureUniquePtr by_fid(layer.GetFeature(2));
  ASSERT_TRUE(by_fid);
  EXPECT_STREQ(by_fid->GetFieldAsString("id"), "7");
  // OGR SQL over the layer, as ogrinfo -where does.
  layer.SetAttributeFilter("use = '仓储用地'");
  EXPECT_EQ(layer.GetFeatureCount(), 1);
}

// Every datum, 3- and 6-degree zones, with the zone in front of Y or by 带号: the code of the
// published table, and PROJ's own central meridian and false easting of that code.
TEST(BaopanDriver, CrsOfEveryFamily) {
  struct Family {
    std::string datum;
    int width;
    bool prefix;
    int first_code;  // the code of zone 25 (3-degree) or 13 (6-degree)
  };
  const std::vector<Family> families = {
      {"2000国家大地坐标系", 3, true, 4513},  {"CGCS2000", 3, false, 4534},
      {"2000国家大地坐标系", 6, true, 4491},  {"2000坐标系", 6, false, 4502},
      {"1980西安坐标系", 3, true, 2349},      {"西安80", 3, false, 2370},
      {"1980西安坐标系", 6, true, 2327},      {"1980西安坐标系", 6, false, 2338},
      {"1954北京坐标系", 3, true, 2401},      {"北京54", 3, false, 2422},
      {"1954北京坐标系", 6, true, 21413},     {"1954北京坐标系", 6, false, 21453},
  };
  test::TempDir dir;
  for (const Family& family : families) {
    const std::vector<int> zones = family.width == 3 ? std::vector<int>{25, 40, 45} : std::vector<int>{13, 21, 23};
    for (const int zone : zones) {
      for (const bool with_zone_line : {true, false}) {
        if (!family.prefix && !with_zone_line) continue;  // the zone would be unknown: an error case
        SCOPED_TRACE(family.datum + " " + std::to_string(family.width) + "-degree zone " + std::to_string(zone) +
                     (family.prefix ? " in Y" : " by 带号") + (with_zone_line ? "" : " without 带号"));
        FileSpec spec = red_line(family.prefix ? zone * 1000000.0 + 500000.0 : 500000.0);
        spec.datum = family.datum;
        spec.width = std::to_string(family.width);
        spec.zone = with_zone_line ? std::to_string(zone) : "";
        const std::string path = dir.file("crs.txt");
        test::write_text(path, file_text(spec));
        GDALDatasetUniquePtr dataset = open(path);
        ASSERT_TRUE(dataset) << CPLGetLastErrorMsg();
        const OGRSpatialReference* crs = dataset->GetLayer(0)->GetSpatialRef();
        ASSERT_TRUE(crs);
        const int expected = family.first_code + zone - (family.width == 3 ? 25 : 13);
        EXPECT_STREQ(crs->GetAuthorityCode(nullptr), std::to_string(expected).c_str());
        EXPECT_EQ(crs->GetAxisMappingStrategy(), OAMS_TRADITIONAL_GIS_ORDER);
        OGRSpatialReference proj;
        ASSERT_EQ(proj.importFromEPSG(expected), OGRERR_NONE);
        const double cm = family.width == 3 ? zone * 3.0 : zone * 6.0 - 3.0;
        EXPECT_DOUBLE_EQ(proj.GetProjParm(SRS_PP_CENTRAL_MERIDIAN), cm);
        EXPECT_DOUBLE_EQ(proj.GetProjParm(SRS_PP_FALSE_EASTING), family.prefix ? zone * 1e6 + 500000.0 : 500000.0);
        expect_parcels(*dataset->GetLayer(0), spec.parcels);
      }
    }
  }
}

TEST(BaopanDriver, EncodingsAndLineEnds) {
  test::TempDir dir;
  const FileSpec utf8 = red_line();
  FileSpec lf = utf8;
  lf.eol = "\n";
  const std::map<std::string, std::string> files = {
      {"utf8.txt", file_text(utf8)},
      {"bom.txt", "\xEF\xBB\xBF" + file_text(utf8)},
      {"gbk.txt", gbk(file_text(utf8))},
      {"lf.txt", file_text(lf)},
      {"gbk_lf.txt", gbk(file_text(lf))},
  };
  ASSERT_FALSE(CPLIsUTF8(files.at("gbk.txt").c_str(), -1));
  for (const auto& [name, bytes] : files) {
    SCOPED_TRACE(name);
    test::write_text(dir.file(name), bytes);
    GDALDatasetUniquePtr dataset = open(dir.file(name));
    ASSERT_TRUE(dataset) << CPLGetLastErrorMsg();
    expect_parcels(*dataset->GetLayer(0), utf8.parcels);
  }
}

TEST(BaopanDriver, NotCoordinateFilesAreLeftToOtherDrivers) {
  test::TempDir dir;
  test::write_text(dir.file("notes.txt"), "[属性描述]\r\n坐标系=2000国家大地坐标系\r\n");
  EXPECT_NE(identified_driver(dir.file("notes.txt")), "BAOPAN");
  test::write_text(dir.file("red.txt"), file_text(red_line()));
  EXPECT_EQ(identified_driver(dir.file("red.txt")), "BAOPAN");
}

// The line of a file's text holding `needle` (1-based), for the expected line numbers.
int line_of(const std::string& text, const std::string& needle, int nth = 1) {
  std::istringstream in(text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find(needle) != std::string::npos && --nth == 0) return n;
  }
  return -1;
}

// A 线 record is no parcel: skipped, with a warning naming the file, its 地块编号 and line.
TEST(BaopanDriver, LineRecordsAreSkippedWithAWarning) {
  test::TempDir dir;
  FileSpec spec = red_line();
  TestParcel line = spec.parcels[2];
  line.id = "L9";
  line.shape = "线";
  line.rings[0].points.pop_back();  // an open line
  spec.parcels.insert(spec.parcels.begin() + 1, line);
  const std::string path = dir.file("lines.txt");
  test::write_text(path, file_text(spec));
  CollectedErrors errors;
  GDALDatasetUniquePtr dataset = open(path);
  ASSERT_TRUE(dataset) << errors.last_failure();
  std::vector<std::string> warnings;
  for (const auto& [level, message] : errors.messages) {
    if (level == CE_Warning) warnings.push_back(message);
  }
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find(path), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("地块 L9"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("line " + std::to_string(line_of(file_text(spec), ",L9,")) + ":"), std::string::npos)
      << warnings[0];
  EXPECT_NE(warnings[0].find("线"), std::string::npos) << warnings[0];
  spec.parcels.erase(spec.parcels.begin() + 1);
  expect_parcels(*dataset->GetLayer(0), spec.parcels);
}

struct BadCase {
  std::string name;
  std::function<std::string(const FileSpec&)> make;  // the file's bytes
  std::string parcel;                                 // the 地块编号 named ("" for the header)
  std::function<int(const std::string&)> line;        // the line named, from the bytes
  std::string words;                                  // words of the problem
};

// Every bad file fails to open, with one message naming the file, the 地块 and the line; the
// source is left as it was.
TEST(BaopanDriver, BadFilesFailNamingFileParcelAndLine) {
  const auto replace = [](std::string text, const std::string& from, const std::string& to) {
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return at == std::string::npos ? text : text.replace(at, from.size(), to);
  };
  const std::vector<BadCase> cases = {
      {"count",
       [&](const FileSpec& s) { return replace(file_text(s), "10,1.2000,7,", "11,1.2000,7,"); }, "7",
       [](const std::string& t) { return line_of(t, "1.2000,7,"); }, "界址点数 says 11 points, the 地块 has 10"},
      {"open ring",
       [&](const FileSpec& s) {
         FileSpec bad = s;
         bad.parcels[0].rings[0].points.back().first += 0.001;
         return file_text(bad);
       },
       "6", [](const std::string& t) { return line_of(t, "J5,1,"); }, "does not close"},
      {"hole outside",
       [&](const FileSpec& s) {
         FileSpec bad = s;
         bad.parcels[1].rings[1].points = rectangle(3466380.0, 40613100.0, 30.0, 40.0);
         return file_text(bad);
       },
       "7", [](const std::string& t) { return line_of(t, "J6,2,"); }, "hole 圈号 2 is not inside"},
      {"malformed number",
       [&](const FileSpec& s) { return replace(file_text(s), "3466178.000,", "3466178.0O0,"); }, "8A",
       [](const std::string& t) { return line_of(t, "3466178.0O0"); }, "X '3466178.0O0' is not a number"},
      {"prefix against 带号",
       [&](const FileSpec& s) { return replace(file_text(s), "带号=40", "带号=41"); }, "6",
       [](const std::string& t) { return line_of(t, "J1,1,"); }, "contradicts 带号=41"},
      {"unknown datum",
       [&](const FileSpec& s) { return replace(file_text(s), "2000国家大地坐标系", "WGS84坐标系"); }, "",
       [](const std::string& t) { return line_of(t, "坐标系="); }, "unknown 坐标系 'WGS84坐标系'"},
      {"neither UTF-8 nor GB18030",
       [&](const FileSpec& s) { return replace(gbk(file_text(s)), gbk("带孔地块"), "\xFF\xFE"); }, "7",
       [](const std::string& t) { return line_of(t, "1.2000,7,"); }, "neither UTF-8 nor GB18030"},
      // A UTF-8 file with one bad line: the line named is that one, not the first line that
      // fails when the file is then taken for GB18030 (line 1 before).
      {"a stray byte in a UTF-8 file",
       [&](const FileSpec& s) { return replace(file_text(s), "带孔地块", "带孔\xFF地块"); }, "7",
       [](const std::string& t) { return line_of(t, "1.2000,7,"); }, "neither UTF-8 nor GB18030"},
      {"a GBK line in a UTF-8 file",
       [&](const FileSpec& s) {
         const std::string text = file_text(s);
         const size_t start = text.find("10,1.2000,7,");
         const std::string line = text.substr(start, text.find('\n', start) - start);
         return replace(text, line, gbk(line));
       },
       "7",
       [](const std::string& t) { return line_of(t, "1.2000,7,"); }, "in GBK (GB18030) and line 1 in UTF-8"},
      // Numbers no Gauss-Kruger coordinate comes near (found with fuzz_baopan): the zone in front of
      // such a Y does not fit an int, and such an X was read and written back as another number.
      {"easting beyond any zone",
       [&](const FileSpec& s) {
         return replace(file_text(s), "3466178.000,40613005.000", "3466178.000,1" + std::string(300, '0') + ".000");
       },
       "8A", [](const std::string& t) { return line_of(t, "3466178.000,1000"); }, "is beyond any Gauss-Kruger easting"},
      {"northing beyond the earth",
       [&](const FileSpec& s) { return replace(file_text(s), "3466178.000,", "1" + std::string(300, '0') + ".000,"); },
       "8A", [](const std::string& t) { return line_of(t, ",1000000000"); }, "is beyond any Gauss-Kruger northing"},
      {"empty coordinates",
       [&](const FileSpec& s) {
         FileSpec bad = s;
         bad.parcels.clear();
         return file_text(bad);
       },
       "", [](const std::string& t) { return line_of(t, "[地块坐标]"); }, "holds no 地块"},
  };
  test::TempDir dir;
  FileSpec spec = red_line();
  spec.parcels[2].rings[0].points[1] = {3466178.0, 40613005.0};  // a number to spoil in 地块 8A
  for (const BadCase& bad : cases) {
    SCOPED_TRACE(bad.name);
    const std::string path = dir.file("bad.txt");
    const std::string bytes = bad.make(spec);
    test::write_text(path, bytes);
    const int line = bad.line(bytes);
    ASSERT_GT(line, 0);
    CollectedErrors errors;
    EXPECT_FALSE(open(path));
    const std::string message = errors.last_failure();
    EXPECT_NE(message.find(path + ": "), std::string::npos) << message;
    if (!bad.parcel.empty()) {
      EXPECT_NE(message.find("地块 " + bad.parcel + ","), std::string::npos) << message;
    }
    EXPECT_NE(message.find("line " + std::to_string(line) + ":"), std::string::npos) << message;
    EXPECT_NE(message.find(bad.words), std::string::npos) << message;
    EXPECT_EQ(test::read_text(path), bytes);  // never changed
  }
}

TEST(BaopanDriver, ReadingLeavesTheFileAsItWas) {
  test::TempDir dir;
  const std::string bytes = gbk(file_text(red_line()));
  test::write_text(dir.file("red.txt"), bytes);
  {
    GDALDatasetUniquePtr dataset = open(dir.file("red.txt"));
    ASSERT_TRUE(dataset);
    expect_parcels(*dataset->GetLayer(0), red_line().parcels);
  }
  EXPECT_EQ(test::read_text(dir.file("red.txt")), bytes);
  EXPECT_EQ(dir.list(), std::vector<std::string>{"red.txt"});
}

// --- writing ---

OGRSpatialReference gis_crs(int epsg) {
  OGRSpatialReference crs;
  crs.importFromEPSG(epsg);
  crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return crs;
}

// Writes the parcels (x = easting) through the driver as a layer of `path`.
void write_layer(const std::string& path, const std::vector<TestParcel>& parcels, int epsg,
                 const char* encoding = nullptr) {
  register_drivers();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("BAOPAN");
  GDALDatasetUniquePtr dataset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  ASSERT_TRUE(dataset) << CPLGetLastErrorMsg();
  OGRSpatialReference crs = gis_crs(epsg);
  CPLStringList options;
  if (encoding) options.SetNameValue("ENCODING", encoding);
  OGRLayer* layer = dataset->CreateLayer("parcels", &crs, wkbPolygon, options.List());
  ASSERT_TRUE(layer) << CPLGetLastErrorMsg();
  for (const char* name : {"id", "name", "use", "sheet", "land_class", "floor_area"}) {
    OGRFieldDefn field(name, std::string(name) == "floor_area" ? OFTReal : OFTString);
    ASSERT_EQ(layer->CreateField(&field), OGRERR_NONE);
  }
  for (const TestParcel& parcel : parcels) {
    OGRFeature feature(layer->GetLayerDefn());
    feature.SetField("id", parcel.id.c_str());
    feature.SetField("name", parcel.name.c_str());
    feature.SetField("use", parcel.use.c_str());
    feature.SetField("sheet", parcel.sheet.c_str());
    feature.SetField("land_class", parcel.land_class.c_str());
    feature.SetField("floor_area", 1234.5);
    OGRPolygon polygon;
    for (const TestRing& ring : parcel.rings) {
      OGRLinearRing linear;
      for (const XY& p : ring.points) linear.addPoint(p.second, p.first);
      polygon.addRing(&linear);
    }
    feature.SetGeometry(&polygon);
    ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE) << CPLGetLastErrorMsg();
  }
  CPLErrorReset();
  dataset.reset();
  EXPECT_EQ(CPLGetLastErrorType(), CE_None) << CPLGetLastErrorMsg();
}

// The 地块 header lines of a written file, and the shoelace area of each from its point lines.
struct WrittenParcel {
  std::vector<std::string> header;
  double shoelace_m2 = 0;
};
std::vector<WrittenParcel> written_parcels(const std::string& text) {
  std::vector<WrittenParcel> out;
  std::map<std::string, std::vector<XY>> rings;
  auto finish = [&] {
    if (out.empty()) return;
    for (const auto& [number, ring] : rings) out.back().shoelace_m2 += (number == "1" ? 1 : -1) * shoelace(ring);
    rings.clear();
  };
  std::istringstream in(text);
  std::string line;
  bool coordinates = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line == "[地块坐标]") {
      coordinates = true;
      continue;
    }
    if (!coordinates) continue;
    const CPLStringList cells(CSLTokenizeString2(line.c_str(), ",", CSLT_ALLOWEMPTYTOKENS));
    if (line.back() == '@') {
      finish();
      out.push_back({});
      for (int i = 0; i < cells.size(); ++i) out.back().header.emplace_back(cells[i]);
    } else {
      rings[cells[1]].emplace_back(CPLAtof(cells[2]), CPLAtof(cells[3]));
    }
  }
  finish();
  return out;
}

// Parcels with coordinates not on the millimetre, to be rounded when written.
std::vector<TestParcel> survey_parcels() {
  FileSpec spec = red_line(40613000.0);
  for (TestParcel& parcel : spec.parcels) {
    for (TestRing& ring : parcel.rings) {
      for (size_t i = 0; i + 1 < ring.points.size(); ++i) {
        ring.points[i].first += 0.0001234 * double(i + 1);
        ring.points[i].second -= 0.0004321 * double(i + 1);
      }
      ring.points.back() = ring.points.front();
    }
  }
  return spec.parcels;
}

TEST(BaopanDriver, WritesAFileThatReadsBack) {
  test::TempDir dir;
  const std::vector<TestParcel> parcels = survey_parcels();
  const std::string path = dir.file("out.txt");
  write_layer(path, parcels, 4528);
  const std::string text = test::read_text(path);
  // CRLF everywhere, UTF-8, the header from the CRS.
  for (size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1)) {
    ASSERT_TRUE(at > 0 && text[at - 1] == '\r') << "a bare LF at byte " << at;
  }
  EXPECT_TRUE(CPLIsUTF8(text.c_str(), -1));
  EXPECT_EQ(text.rfind("[属性描述]\r\n", 0), 0u);
  for (const char* line : {"\r\n坐标系=2000国家大地坐标系\r\n", "\r\n几度分带=3\r\n", "\r\n带号=40\r\n",
                           "\r\n投影类型=高斯克吕格\r\n", "\r\n计量单位=米\r\n", "\r\n精度=0.001\r\n",
                           "\r\n数据产生单位=Park Layers\r\n", "\r\n[地块坐标]\r\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line;
  }
  // Stated areas = the shoelace on the written numbers, in ha to 4 decimals; points J1, J2...
  const std::vector<WrittenParcel> written = written_parcels(text);
  ASSERT_EQ(written.size(), parcels.size());
  for (size_t i = 0; i < written.size(); ++i) {
    ASSERT_GE(written[i].header.size(), 9u);
    char expected[32];
    std::snprintf(expected, sizeof expected, "%.4f", written[i].shoelace_m2 / 10000.0);
    EXPECT_EQ(written[i].header[1], expected);
    EXPECT_EQ(written[i].header[2], parcels[i].id);
    EXPECT_EQ(written[i].header[4], "面");
  }
  EXPECT_NE(text.find("\r\nJ5,2,"), std::string::npos);  // 地块 7's hole goes on from J5
  // Read back: the same vertices to 1 mm, the fields; the driver's check passes (it opens).
  GDALDatasetUniquePtr dataset = open(path);
  ASSERT_TRUE(dataset) << CPLGetLastErrorMsg();
  EXPECT_STREQ(dataset->GetLayer(0)->GetSpatialRef()->GetAuthorityCode(nullptr), "4528");
  expect_parcels(*dataset->GetLayer(0), parcels, 0.0005 + 1e-9, false);
  // Exactly the millimetre-rounded coordinates, and GDAL's area of them is their shoelace area.
  std::vector<TestParcel> rounded = parcels;
  for (TestParcel& parcel : rounded) {
    for (TestRing& ring : parcel.rings) {
      for (XY& p : ring.points) p = {std::round(p.first * 1000) / 1000, std::round(p.second * 1000) / 1000};
    }
  }
  expect_parcels(*dataset->GetLayer(0), rounded, 1e-6);
}

TEST(BaopanDriver, WritesGbkWhenAsked) {
  test::TempDir dir;
  const std::vector<TestParcel> parcels = red_line(500000.0).parcels;
  write_layer(dir.file("gbk.txt"), parcels, 4549, "GBK");
  const std::string bytes = test::read_text(dir.file("gbk.txt"));
  EXPECT_FALSE(CPLIsUTF8(bytes.c_str(), -1));
  const std::string decoded = from_gbk(bytes);
  EXPECT_NE(decoded.find("带孔地块"), std::string::npos);
  EXPECT_NE(decoded.find("坐标系=2000国家大地坐标系"), std::string::npos);
  EXPECT_NE(decoded.find("带号=40"), std::string::npos);
  GDALDatasetUniquePtr dataset = open(dir.file("gbk.txt"));
  ASSERT_TRUE(dataset) << CPLGetLastErrorMsg();
  EXPECT_STREQ(dataset->GetLayer(0)->GetSpatialRef()->GetAuthorityCode(nullptr), "4549");
  expect_parcels(*dataset->GetLayer(0), parcels, 1e-9);
}

TEST(BaopanDriver, RefusesACrsThatIsNotChineseGaussKruger) {
  test::TempDir dir;
  register_drivers();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("BAOPAN");
  GDALDatasetUniquePtr dataset(driver->Create(dir.file("wgs.txt").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  ASSERT_TRUE(dataset);
  OGRSpatialReference wgs84 = gis_crs(4326);
  CollectedErrors errors;
  EXPECT_FALSE(dataset->CreateLayer("parcels", &wgs84, wkbPolygon, nullptr));
  const std::string message = errors.last_failure();
  EXPECT_NE(message.find("EPSG:4326"), std::string::npos) << message;
  EXPECT_NE(message.find("not a Chinese Gauss-Kruger CRS"), std::string::npos) << message;
  EXPECT_NE(message.find("-t_srs EPSG:"), std::string::npos) << message;
}

// An update-mode open fails at once, naming the file and saying how a file is written, rather
// than handing back a dataset that refuses every change.
TEST(BaopanDriver, RefusesUpdateAccessNamingTheFile) {
  test::TempDir dir;
  const std::string text = file_text(red_line());
  test::write_text(dir.file("red.txt"), text);
  register_drivers();
  CollectedErrors errors;
  const char* const only_baopan[] = {"BAOPAN", nullptr};
  GDALDatasetUniquePtr dataset(
      GDALDataset::Open(dir.file("red.txt").c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, only_baopan));
  EXPECT_FALSE(dataset);
  EXPECT_EQ(errors.last_failure(),
            "BAOPAN: " + dir.file("red.txt") +
                ": the driver opens coordinate files read-only (no update access); write a new file with Create "
                "instead (ogr2ogr -f BAOPAN OUT.txt SRC)");
  EXPECT_EQ(test::read_text(dir.file("red.txt")), text);
  // Read-only, the same file opens.
  EXPECT_TRUE(open(dir.file("red.txt")));
}

// The layer creation option SRS: the CRS of a layer created without one (GDAL's test_ogrsf
// creates its layers so). The file then states that CRS and reads back in it.
TEST(BaopanDriver, SrsGivesTheCrsOfALayerCreatedWithoutOne) {
  test::TempDir dir;
  register_drivers();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("BAOPAN");
  {
    GDALDatasetUniquePtr dataset(driver->Create(dir.file("srs.txt").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_TRUE(dataset);
    CPLStringList options;
    options.SetNameValue("SRS", "EPSG:4528");
    OGRLayer* layer = dataset->CreateLayer("parcels", nullptr, wkbPolygon, options.List());
    ASSERT_TRUE(layer) << CPLGetLastErrorMsg();
    EXPECT_STREQ(layer->GetSpatialRef()->GetAuthorityCode(nullptr), "4528");
    OGRFeature feature(layer->GetLayerDefn());
    OGRGeometry* polygon = nullptr;
    OGRGeometryFactory::createFromWkt(
        "POLYGON ((40613000 3466000,40613010 3466000,40613010 3466010,40613000 3466000))", nullptr, &polygon);
    feature.SetGeometryDirectly(polygon);
    ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE) << CPLGetLastErrorMsg();
  }
  EXPECT_NE(test::read_text(dir.file("srs.txt")).find("\r\n带号=40\r\n"), std::string::npos);
  GDALDatasetUniquePtr back = open(dir.file("srs.txt"));
  ASSERT_TRUE(back) << CPLGetLastErrorMsg();
  EXPECT_STREQ(back->GetLayer(0)->GetSpatialRef()->GetAuthorityCode(nullptr), "4528");
  EXPECT_EQ(back->GetLayer(0)->GetFeatureCount(TRUE), 1);

  // Without a CRS or SRS, refused, saying both ways; an SRS that is no CRS, or that contradicts
  // the CRS given, refused too.
  GDALDatasetUniquePtr dataset(driver->Create(dir.file("no.txt").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  ASSERT_TRUE(dataset);
  CollectedErrors errors;
  EXPECT_FALSE(dataset->CreateLayer("parcels", nullptr, wkbPolygon, nullptr));
  EXPECT_NE(errors.last_failure().find("layer parcels has no CRS"), std::string::npos) << errors.last_failure();
  EXPECT_NE(errors.last_failure().find("-t_srs EPSG:n"), std::string::npos) << errors.last_failure();
  EXPECT_NE(errors.last_failure().find("SRS=EPSG:n"), std::string::npos) << errors.last_failure();
  CPLStringList bad;
  bad.SetNameValue("SRS", "EPSG:nothing");
  EXPECT_FALSE(dataset->CreateLayer("parcels", nullptr, wkbPolygon, bad.List()));
  EXPECT_NE(errors.last_failure().find("SRS=EPSG:nothing is not a CRS GDAL knows"), std::string::npos)
      << errors.last_failure();
  CPLStringList other;
  other.SetNameValue("SRS", "EPSG:4549");
  OGRSpatialReference zone40 = gis_crs(4528);
  EXPECT_FALSE(dataset->CreateLayer("parcels", &zone40, wkbPolygon, other.List()));
  EXPECT_NE(errors.last_failure().find("SRS=EPSG:4549 says another CRS"), std::string::npos) << errors.last_failure();
}

TEST(BaopanDriver, RefusesWhatIsNotOnePolygon) {
  test::TempDir dir;
  register_drivers();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("BAOPAN");
  GDALDatasetUniquePtr dataset(driver->Create(dir.file("multi.txt").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  OGRSpatialReference crs = gis_crs(4528);
  OGRLayer* layer = dataset->CreateLayer("parcels", &crs, wkbMultiPolygon, nullptr);
  ASSERT_TRUE(layer);
  OGRFeature feature(layer->GetLayerDefn());
  OGRGeometry* multi = nullptr;
  OGRGeometryFactory::createFromWkt(
      "MULTIPOLYGON (((40613000 3466000,40613010 3466000,40613010 3466010,40613000 3466000)),"
      "((40613100 3466000,40613110 3466000,40613110 3466010,40613100 3466000)))",
      nullptr, &multi);
  feature.SetGeometryDirectly(multi);
  feature.SetFID(12);
  CollectedErrors errors;
  EXPECT_NE(layer->CreateFeature(&feature), OGRERR_NONE);
  EXPECT_NE(errors.last_failure().find("feature 12"), std::string::npos) << errors.last_failure();
  EXPECT_NE(errors.last_failure().find("2 parts"), std::string::npos) << errors.last_failure();
  // An easting without the zone in front, in a zone-in-Y CRS, would read back in another zone.
  OGRFeature plain(layer->GetLayerDefn());
  OGRGeometry* polygon = nullptr;
  OGRGeometryFactory::createFromWkt("POLYGON ((613000 3466000,613010 3466000,613010 3466010,613000 3466000))",
                                    nullptr, &polygon);
  plain.SetGeometryDirectly(polygon);
  EXPECT_NE(layer->CreateFeature(&plain), OGRERR_NONE);
  EXPECT_NE(errors.last_failure().find("EPSG:4528"), std::string::npos) << errors.last_failure();
}

// Vertices no coordinate file can hold (found with fuzz_baopan): NaN, an infinity, a northing the
// millimetre rounding takes to infinity, an easting whose zone does not fit an int. Each was
// taken before, and written as "nan", "inf" or a number cut short, or was undefined behaviour.
TEST(BaopanDriver, RefusesVerticesThatAreNoCoordinates) {
  test::TempDir dir;
  register_drivers();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("BAOPAN");
  struct Case {
    int epsg;
    double x, y;  // the odd vertex (GIS order), the other corners around it
  };
  const double nan = std::nan("");
  const double inf = HUGE_VAL;
  const std::vector<Case> cases = {{4549, nan, 3466000.0},    {4549, 613000.0, nan},    {4549, 613000.0, inf},
                                   {4549, 613000.0, 1e300},   {4549, 613000.0, 1.7e308}, {4528, 1e300, 3466000.0},
                                   {4528, -inf, 3466000.0}};
  for (const Case& c : cases) {
    char trace[80];
    std::snprintf(trace, sizeof trace, "EPSG:%d (%g, %g)", c.epsg, c.x, c.y);
    SCOPED_TRACE(trace);
    GDALDatasetUniquePtr dataset(driver->Create(dir.file("odd.txt").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_TRUE(dataset);
    OGRSpatialReference crs = gis_crs(c.epsg);
    OGRLayer* layer = dataset->CreateLayer("parcels", &crs, wkbPolygon, nullptr);
    ASSERT_TRUE(layer);
    const double x0 = c.epsg == 4528 ? 40613000.0 : 613000.0;
    auto ring = std::make_unique<OGRLinearRing>();
    ring->addPoint(c.x, c.y);
    ring->addPoint(x0 + 10, 3466000.0);
    ring->addPoint(x0 + 10, 3466010.0);
    ring->addPoint(c.x, c.y);
    OGRPolygon polygon;
    polygon.addRingDirectly(ring.release());
    OGRFeature feature(layer->GetLayerDefn());
    feature.SetGeometry(&polygon);
    feature.SetFID(3);
    CollectedErrors errors;
    EXPECT_NE(layer->CreateFeature(&feature), OGRERR_NONE);
    const std::string message = errors.last_failure();
    EXPECT_NE(message.find("feature 3"), std::string::npos) << message;
    EXPECT_NE(message.find("is not a Gauss-Kruger coordinate of EPSG:" + std::to_string(c.epsg)), std::string::npos)
        << message;
  }
}

// A hole a tenth of a millimetre inside a slanting outer edge is valid, but the millimetres the
// file holds put it outside, where the reader refuses it (found by fuzz_baopan: the file written
// did not read back). The writer refuses it instead.
TEST(BaopanDriver, RefusesAHoleThatRoundingPutsOutside) {
  test::TempDir dir;
  register_drivers();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("BAOPAN");
  const std::string path = dir.file("hole.txt");
  OGRGeometry* geometry = nullptr;
  // The outer ring's first edge rises 0.6 mm over 1 km: 0.3 mm at x = 500500, under the hole's
  // corner at 0.4 mm; rounded, the edge rises 1 mm (0.5 mm there) and the corner drops to 0.
  OGRGeometryFactory::createFromWkt(
      "POLYGON ((500000 3466000,501000 3466000.0006,501000 3466100,500000 3466100,500000 3466000),"
      "(500500 3466000.0004,500600 3466050,500400 3466050,500500 3466000.0004))",
      nullptr, &geometry);
  ASSERT_TRUE(geometry);
  const std::unique_ptr<OGRGeometry> polygon(geometry);
  ASSERT_TRUE(polygon->IsValid());
  {
    GDALDatasetUniquePtr dataset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_TRUE(dataset);
    OGRSpatialReference crs = gis_crs(4549);
    OGRLayer* layer = dataset->CreateLayer("parcels", &crs, wkbPolygon, nullptr);
    ASSERT_TRUE(layer);
    OGRFeature feature(layer->GetLayerDefn());
    feature.SetGeometry(polygon.get());
    feature.SetFID(5);
    CollectedErrors errors;
    EXPECT_NE(layer->CreateFeature(&feature), OGRERR_NONE);
    const std::string message = errors.last_failure();
    EXPECT_NE(message.find("feature 5"), std::string::npos) << message;
    EXPECT_NE(message.find("hole 圈号 2 is not inside the outer ring once rounded"), std::string::npos) << message;
  }
}

// A name without .txt is a folder with a LAYER.txt per layer, like GDAL's CSV driver.
TEST(BaopanDriver, WritesAFolderOfLayers) {
  test::TempDir dir;
  register_drivers();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("BAOPAN");
  {
    GDALDatasetUniquePtr dataset(driver->Create(dir.file("out").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_TRUE(dataset);
    OGRSpatialReference crs = gis_crs(4549);
    for (const char* name : {"a", "b"}) {
      OGRLayer* layer = dataset->CreateLayer(name, &crs, wkbPolygon, nullptr);
      ASSERT_TRUE(layer);
      OGRFeature feature(layer->GetLayerDefn());
      OGRGeometry* polygon = nullptr;
      OGRGeometryFactory::createFromWkt("POLYGON ((613000 3466000,613010 3466000,613010 3466010,613000 3466000))",
                                        nullptr, &polygon);
      feature.SetGeometryDirectly(polygon);
      ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
    }
  }
  for (const char* name : {"out/a.txt", "out/b.txt"}) {
    GDALDatasetUniquePtr dataset = open(dir.file(name));
    ASSERT_TRUE(dataset) << name << ": " << CPLGetLastErrorMsg();
    OGRFeatureUniquePtr feature(dataset->GetLayer(0)->GetNextFeature());
    ASSERT_TRUE(feature);
    EXPECT_STREQ(feature->GetFieldAsString("id"), "1");  // no id field: the feature's number
    EXPECT_STREQ(feature->GetFieldAsString("stated_area_ha"), "0.0050");
  }
}

}  // namespace
}  // namespace parklayers
