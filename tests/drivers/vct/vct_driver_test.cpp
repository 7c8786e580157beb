// SPDX-License-Identifier: GPL-2.0-or-later
// vct_driver: VCT files (GB/T 17798) through GDAL's own API, as any GDAL program sees them. The
// files are written here as text (vct_text.h); the references are independent of the driver:
// the shoelace formula on the numbers written, PROJ's own parameters of each EPSG code, iconv for
// GBK, the line numbers of the text written.
#include <cmath>
#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "parklayers/drivers/vct.h"
#include "parklayers/gis/gdal_util.h"
#include "test_support.h"
#include "vct_text.h"

namespace parklayers {
namespace {

using vcttest::Ring;
using vcttest::Spec;

void register_drivers() {
  ensure_gdal_registered();
  RegisterOGRVCT();
}

GDALDatasetUniquePtr open_vct(const std::string& path) {
  register_drivers();
  const char* const drivers[] = {"VCT", nullptr};
  return GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers));
}

std::string write_spec(const test::TempDir& dir, const std::string& name, const Spec& spec, bool gbk = false) {
  const std::string path = dir.file(name);
  const std::string text = vcttest::text_of(spec);
  test::write_text(path, gbk ? test::to_gbk(text) : text);
  return path;
}

// The open's failure message, the open having failed.
std::string open_error(const std::string& path) {
  CPLErrorReset();
  const QuietGdalErrors quiet;
  GDALDatasetUniquePtr dataset = open_vct(path);
  EXPECT_FALSE(dataset) << path;
  return CPLGetLastErrorMsg();
}

TEST(VctDriver, IdentifiesByHeadBeginOrExtension) {
  test::TempDir dir;
  const std::string path = write_spec(dir, "a.txt", vcttest::sample());
  register_drivers();
  GDALDriverH driver = GDALIdentifyDriverEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr);
  ASSERT_NE(driver, nullptr);
  EXPECT_STREQ(GDALGetDescription(driver), "VCT");
  test::write_text(dir.file("other.txt"), "x,y\n1,2\n");
  const char* const only_vct[] = {"VCT", nullptr};
  EXPECT_EQ(GDALIdentifyDriverEx(dir.file("other.txt").c_str(), GDAL_OF_VECTOR, only_vct, nullptr), nullptr);
}

TEST(VctDriver, ReadsPolygonsAreasAndAttributes) {
  test::TempDir dir;
  const Spec spec = vcttest::sample();
  const std::string path = write_spec(dir, "sample.vct", spec);
  GDALDatasetUniquePtr dataset = open_vct(path);
  ASSERT_TRUE(dataset) << CPLGetLastErrorMsg();
  ASSERT_EQ(dataset->GetLayerCount(), 1);  // the boundary lines' code is in no FeatureCode line
  OGRLayer& layer = *dataset->GetLayer(0);
  EXPECT_STREQ(layer.GetName(), "DLTB");
  EXPECT_EQ(layer.GetGeomType(), wkbPolygon);
  EXPECT_TRUE(layer.TestCapability(OLCStringsAsUTF8));
  ASSERT_TRUE(layer.GetSpatialRef());
  EXPECT_STREQ(layer.GetSpatialRef()->GetAuthorityCode(nullptr), "4527");
  OGRFeatureDefn& defn = *layer.GetLayerDefn();
  ASSERT_EQ(defn.GetFieldCount(), 5);
  EXPECT_EQ(defn.GetFieldDefn(0)->GetType(), OFTInteger);
  EXPECT_EQ(defn.GetFieldDefn(1)->GetType(), OFTString);
  EXPECT_EQ(defn.GetFieldDefn(1)->GetWidth(), 5);
  EXPECT_EQ(defn.GetFieldDefn(3)->GetType(), OFTReal);
  EXPECT_EQ(defn.GetFieldDefn(3)->GetPrecision(), 2);
  EXPECT_EQ(layer.GetFeatureCount(), 2);
  for (const vcttest::PolygonObject& object : spec.polygons) {
    SCOPED_TRACE("BSM " + object.bsm);
    OGRFeatureUniquePtr feature(layer.GetFeature(std::atoll(object.bsm.c_str())));
    ASSERT_TRUE(feature);
    const OGRGeometry* geometry = feature->GetGeometryRef();
    ASSERT_TRUE(geometry);
    ASSERT_EQ(wkbFlatten(geometry->getGeometryType()), wkbPolygon);
    const OGRPolygon* polygon = geometry->toPolygon();
    ASSERT_EQ(polygon->getNumInteriorRings(), 1);
    EXPECT_NEAR(polygon->get_Area(), vcttest::area(object.rings), 1e-7);
    EXPECT_NEAR(polygon->getExteriorRing()->get_Area(), vcttest::shoelace(object.rings[0]), 1e-7);
    EXPECT_TRUE(geometry->IsValid());
    // The outer ring's vertices as the lines give them, the joints once.
    const OGRLinearRing* outer = polygon->getExteriorRing();
    ASSERT_EQ(outer->getNumPoints(), static_cast<int>(object.rings[0].size()));
    for (int i = 0; i < outer->getNumPoints(); ++i) {
      EXPECT_NEAR(outer->getX(i), object.rings[0][static_cast<size_t>(i)].first, 1e-6) << i;
      EXPECT_NEAR(outer->getY(i), object.rings[0][static_cast<size_t>(i)].second, 1e-6) << i;
    }
    EXPECT_EQ(feature->GetFieldAsInteger("BSM"), std::atoi(object.bsm.c_str()));
  }
  OGRFeatureUniquePtr first(layer.GetFeature(1));
  EXPECT_STREQ(first->GetFieldAsString("DLBM"), "0101");
  EXPECT_STREQ(first->GetFieldAsString("DLMC"), "水田");
  EXPECT_DOUBLE_EQ(first->GetFieldAsDouble("TBMJ"), 7400.25);
  EXPECT_STREQ(first->GetFieldAsString("ZLDWMC"), "某村,一组");
  OGRFeatureUniquePtr second(layer.GetFeature(2));
  EXPECT_STREQ(second->GetFieldAsString("DLMC"), "果园");
  EXPECT_TRUE(second->IsFieldNull(second->GetFieldIndex("ZLDWMC")));
}

// The references of an indirect polygon are counted in ids, several to a line: an indirect
// polygon last in its section has more ids than lines left.
TEST(VctDriver, ReferencesOfTheLastPolygonOnOneLine) {
  test::TempDir dir;
  Spec spec = vcttest::sample();
  std::swap(spec.polygons[0], spec.polygons[1]);
  GDALDatasetUniquePtr dataset = open_vct(write_spec(dir, "last.vct", spec));
  ASSERT_TRUE(dataset) << CPLGetLastErrorMsg();
  OGRFeatureUniquePtr feature(dataset->GetLayer(0)->GetFeature(1));
  ASSERT_TRUE(feature);
  EXPECT_NEAR(feature->GetGeometryRef()->toPolygon()->get_Area(), vcttest::area(spec.polygons[1].rings), 1e-7);
}

// A negative id is its line reversed: a ring of the one line -103 runs backwards.
TEST(VctDriver, ANegativeIdReversesItsLine) {
  test::TempDir dir;
  for (const char* hole : {"103", "-103"}) {
    SCOPED_TRACE(hole);
    Spec spec = vcttest::sample();
    spec.polygons[0].references = std::string("101,-102,0,") + hole;
    GDALDatasetUniquePtr dataset = open_vct(write_spec(dir, "reversed.vct", spec));
    ASSERT_TRUE(dataset) << CPLGetLastErrorMsg();
    OGRFeatureUniquePtr feature(dataset->GetLayer(0)->GetFeature(1));
    ASSERT_TRUE(feature);
    const OGRLinearRing* ring = feature->GetGeometryRef()->toPolygon()->getInteriorRing(0);
    const Ring& line = spec.lines[2].segments[0];
    ASSERT_EQ(ring->getNumPoints(), static_cast<int>(line.size()));
    for (size_t i = 0; i < line.size(); ++i) {
      const vcttest::XY& expected = hole[0] == '-' ? line[line.size() - 1 - i] : line[i];
      EXPECT_NEAR(ring->getX(static_cast<int>(i)), expected.first, 1e-6) << i;
      EXPECT_NEAR(ring->getY(static_cast<int>(i)), expected.second, 1e-6) << i;
    }
  }
}

// A Varchar value names its text in the Varchar section (lines joined); one naming none is kept.
TEST(VctDriver, VarcharValuesFromTheVarcharSection) {
  test::TempDir dir;
  Spec spec = vcttest::sample();
  spec.attributes = {"DLTB", "1,1,0101,水田,7400.25,1", "2,2,0201,果园,3000.5,某村", "TableEnd"};
  spec.varchars = {"1", "第一行，含逗号", "第二行", ","};
  GDALDatasetUniquePtr dataset = open_vct(write_spec(dir, "varchar.vct", spec));
  ASSERT_TRUE(dataset) << CPLGetLastErrorMsg();
  OGRFeatureUniquePtr first(dataset->GetLayer(0)->GetFeature(1)), second(dataset->GetLayer(0)->GetFeature(2));
  ASSERT_TRUE(first && second);
  EXPECT_STREQ(first->GetFieldAsString("ZLDWMC"), "第一行，含逗号\n第二行");
  EXPECT_STREQ(second->GetFieldAsString("ZLDWMC"), "某村");
  spec.varchars.pop_back();  // no closing separator
  const std::string text = vcttest::text_of(spec);
  test::write_text(dir.file("open.vct"), text);
  const std::string message = open_error(dir.file("open.vct"));
  EXPECT_NE(message.find("section Varchar, line " +
                         std::to_string(vcttest::line_of(text, "1", vcttest::line_of(text, "VarcharBegin")))),
            std::string::npos)
      << message;
}

TEST(VctDriver, GbkUtf8AndBomReadTheSame) {
  test::TempDir dir;
  Spec spec = vcttest::sample();
  const std::string gbk = write_spec(dir, "gbk.vct", spec, true);
  // Written GBK: not UTF-8, as the reader must tell.
  EXPECT_FALSE(CPLIsUTF8(test::read_text(gbk).c_str(), -1));
  spec.bom = true;
  spec.eol = "\n";
  const std::string bom = write_spec(dir, "bom.vct", spec);
  for (const std::string& path : {gbk, bom}) {
    GDALDatasetUniquePtr dataset = open_vct(path);
    ASSERT_TRUE(dataset) << path << ": " << CPLGetLastErrorMsg();
    OGRFeatureUniquePtr feature(dataset->GetLayer(0)->GetFeature(1));
    ASSERT_TRUE(feature);
    EXPECT_STREQ(feature->GetFieldAsString("DLMC"), "水田") << path;
    EXPECT_STREQ(feature->GetFieldAsString("ZLDWMC"), "某村,一组") << path;
  }
}

struct CrsCase {
  const char* what;
  const char* type;
  const char* spheroid;
  const char* parameters;
  int epsg;
  double central_meridian;  // for a projected CRS
  double false_easting;
};

void PrintTo(const CrsCase& c, std::ostream* out) { *out << c.what; }

class VctCrs : public ::testing::TestWithParam<CrsCase> {};

// The EPSG code, and PROJ's own parameters of that code agree with the Head's numbers.
TEST_P(VctCrs, FromTheHead) {
  const CrsCase& c = GetParam();
  test::TempDir dir;
  Spec spec = vcttest::sample();
  spec.system_type = c.type;
  spec.spheroid = c.spheroid;
  spec.parameters = c.parameters;
  GDALDatasetUniquePtr dataset = open_vct(write_spec(dir, "crs.vct", spec));
  ASSERT_TRUE(dataset) << CPLGetLastErrorMsg();
  const OGRSpatialReference* crs = dataset->GetLayer(0)->GetSpatialRef();
  ASSERT_TRUE(crs);
  EXPECT_EQ(std::atoi(crs->GetAuthorityCode(nullptr)), c.epsg);
  OGRSpatialReference reference;
  ASSERT_EQ(reference.importFromEPSG(c.epsg), OGRERR_NONE);
  if (reference.IsProjected()) {
    EXPECT_DOUBLE_EQ(reference.GetProjParm(SRS_PP_CENTRAL_MERIDIAN), c.central_meridian);
    EXPECT_DOUBLE_EQ(reference.GetProjParm(SRS_PP_FALSE_EASTING), c.false_easting);
  }
  double inverse_flattening = 0;
  const std::string numbers = std::string(c.spheroid).substr(std::string(c.spheroid).find(',') + 1);
  inverse_flattening = CPLAtof(numbers.substr(numbers.find(',') + 1).c_str());
  EXPECT_NEAR(reference.GetInvFlattening(), inverse_flattening, 1e-6);
}

INSTANTIATE_TEST_SUITE_P(
    Heads, VctCrs,
    ::testing::Values(
        CrsCase{"cgcs2000_3deg_zone_prefix", "P", "CGCS2000,6378137.0,298.257222101", "117,1,39500000,0,3,39", 4527,
                117, 39500000},
        CrsCase{"cgcs2000_3deg_by_cm", "P", "CGCS2000,6378137.0,298.257222101", "117,1,500000,0,3,39", 4548, 117,
                500000},
        CrsCase{"cgcs2000_second_layout", "P", "2000国家大地坐标系,6378137,298.257222101",
                "117,,,,1.0,39500000,0.0,3,39", 4527, 117, 39500000},
        CrsCase{"xian80_6deg_zone_prefix", "P", "西安80,6378140,298.257", "117,1,20500000,0,6,20", 2334, 117, 20500000},
        CrsCase{"xian80_3deg_by_cm", "P", "Xian 1980,6378140,298.257", "117,,,,1.0,500000,0.0,3,39", 2384, 117, 500000},
        CrsCase{"beijing54_by_axes", "P", "Unnamed,6378245,298.3", "117,1,39500000,0,3,39", 2415, 117, 39500000},
        CrsCase{"cgcs2000_geographic", "D", "CGCS2000,6378137.0,298.257222101", "", 4490, 0, 0},
        CrsCase{"xian80_geographic", "D", "Xian 1980,6378140,298.257", "", 4610, 0, 0}),
    [](const ::testing::TestParamInfo<CrsCase>& param_info) { return std::string(param_info.param.what); });

struct BadCase {
  const char* what;
  Spec spec;
  std::vector<std::string> expected;  // parts of the message; "@LINE" is replaced by line_text's number
  std::string line_text;
  int line_from = 1;
};

void expect_refused(const BadCase& c) {
  SCOPED_TRACE(c.what);
  test::TempDir dir;
  const std::string text = vcttest::text_of(c.spec);
  const std::string path = dir.file("bad.vct");
  test::write_text(path, text);
  const std::string message = open_error(path);
  EXPECT_NE(message.find("VCT: " + path), std::string::npos) << message;
  for (std::string part : c.expected) {
    const size_t at = part.find("@LINE");
    if (at != std::string::npos) {
      const int line = vcttest::line_of(text, c.line_text, c.line_from);
      ASSERT_GT(line, 0) << c.line_text;
      part.replace(at, 5, std::to_string(line));
    }
    EXPECT_NE(message.find(part), std::string::npos) << "'" << part << "' in: " << message;
  }
}

TEST(VctDriver, BadInputFailsNamingSectionBsmAndLine) {
  std::vector<BadCase> cases;
  {
    Spec spec = vcttest::sample();
    spec.polygons[0].references = "101,-999,0,103";
    cases.push_back(
        {"a line that does not exist", spec, {"section Polygon, BSM 1, line @LINE", "the line 999"}, "101,-999,0,103"});
  }
  {
    Spec spec = vcttest::sample();
    spec.polygons[1].rings[0].back().first += 0.5;
    cases.push_back({"a ring that does not close",
                     spec,
                     {"section Polygon, BSM 2, line @LINE", "does not close"},
                     "2",
                     vcttest::line_of(vcttest::text_of(spec), "PolygonBegin")});
  }
  {
    Spec spec = vcttest::sample();
    spec.attributes.insert(spec.attributes.end() - 1, "77,77,0101,水田,1,");
    cases.push_back({"a row for a BSM no feature has",
                     spec,
                     {"section Attribute, BSM 77, line @LINE", "DLTB"},
                     "77,77,0101,水田,1,"});
  }
  {
    Spec spec = vcttest::sample();
    spec.attributes[2] = "2,2,0201,果园";
    cases.push_back({"a row of too few values",
                     spec,
                     {"section Attribute, BSM 2, line @LINE", "4 values, and TableStructure has 5 fields"},
                     "2,2,0201,果园"});
  }
  {
    Spec spec = vcttest::sample();
    spec.spheroid = "WGS 84,6378137,298.257223563";
    cases.push_back({"an unknown spheroid",
                     spec,
                     {"section Head, line @LINE", "Spheroid WGS 84", "unknown spheroid"},
                     "Spheroid:WGS 84,6378137,298.257223563"});
  }
  {
    Spec spec = vcttest::sample();
    spec.projection = "兰伯特投影";
    cases.push_back({"an unknown projection",
                     spec,
                     {"section Head, line @LINE", "Projection 兰伯特投影"},
                     "Projection:兰伯特投影"});
  }
  {
    Spec spec = vcttest::sample();
    spec.truncate_polygons = true;
    cases.push_back({"a truncated section", spec, {"section Polygon, line @LINE", "no PolygonEnd"}, "PolygonBegin"});
  }
  {
    Spec spec = vcttest::sample();
    spec.data_mark = "CNSDTF-VCT";
    spec.version = "GB/T17798-2007";
    cases.push_back({"CNSDTF-VCT 2007",
                     spec,
                     {"section Head, line @LINE", "DataMark CNSDTF-VCT, Version GB/T17798-2007 is not read"},
                     "DataMark:CNSDTF-VCT"});
  }
  {
    Spec spec = vcttest::sample();
    spec.data_mark = "LANDUSE-DAT";
    spec.version = "1.1";
    cases.push_back({"LANDUSE-DAT", spec, {"DataMark LANDUSE-DAT, Version 1.1 is not read"}, "DataMark:LANDUSE-DAT"});
  }
  {
    Spec spec = vcttest::sample();
    spec.parameters = "118,1,39500000,0,3,39";
    cases.push_back({"a zone prefix against the central meridian",
                     spec,
                     {"section Head, line @LINE", "Parameters 118"},
                     "Parameters:118,1,39500000,0,3,39"});
  }
  for (const BadCase& c : cases) expect_refused(c);
}

// A NUL would end GDAL's C strings: a name or value would silently lose its end.
TEST(VctDriver, ANulByteIsRefusedNamingItsLine) {
  test::TempDir dir;
  std::string text = vcttest::text_of(vcttest::sample());
  const int line = vcttest::line_of(text, "2001010000,地类图斑,Polygon,DLTB");
  text.insert(text.find(",DLTB\r\n") + 1, std::string("\0", 1));
  test::write_text(dir.file("nul.vct"), text);
  const std::string message = open_error(dir.file("nul.vct"));
  EXPECT_NE(message.find("line " + std::to_string(line) + ": a NUL byte"), std::string::npos) << message;
}

// Every truncation of a good file at a line end either opens or fails with a GDAL error, and no
// byte flipped anywhere crashes the reader.
TEST(VctDriver, TruncatedAndDamagedFilesNeverCrash) {
  test::TempDir dir;
  const std::string text = vcttest::text_of(vcttest::sample());
  const QuietGdalErrors quiet;
  int opened = 0;
  for (size_t end = text.find('\n'); end != std::string::npos; end = text.find('\n', end + 1)) {
    const std::string path = dir.file("cut.vct");
    test::write_text(path, text.substr(0, end + 1));
    CPLErrorReset();
    GDALDatasetUniquePtr dataset = open_vct(path);
    if (dataset) {
      ++opened;
    } else {
      EXPECT_EQ(CPLGetLastErrorType(), CE_Failure) << end;
    }
  }
  EXPECT_GT(opened, 0);
  for (size_t at = 0; at < text.size(); at += 7) {
    std::string damaged = text;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x15);
    test::write_text(dir.file("bad.vct"), damaged);
    GDALDatasetUniquePtr dataset = open_vct(dir.file("bad.vct"));
    if (dataset) {
      for (int i = 0; i < dataset->GetLayerCount(); ++i) {
        for (auto&& feature : *dataset->GetLayer(i)) (void)feature->GetFieldAsString(0);
      }
    }
  }
}

TEST(VctDriver, ReadsPointsAnnotationsMultiPolygonsAndTablesWithoutGeometry) {
  test::TempDir dir;
  Spec spec = vcttest::sample();
  spec.feature_codes.push_back("2001020000,界址点,Point,JZD");
  spec.feature_codes.push_back("2001030000,注记,Annotation,ZJ");
  spec.table_structure.insert(spec.table_structure.end(),
                              {"JZD,2", "BSM,Int4", "JZDH,Char,10", "0", "ZJ,1", "BSM,Int4", "0", "QSDW,2,NoneGeometry",
                               "DWDM,Char,19", "DWMC,Char,60", "0"});
  spec.points = {"11", "2001020000", "Unknown", "1", "1", "39500010.5,3500020.25", "0"};
  spec.annotations = {"21", "2001030000", "Unknown", "1", "某村", "1", "39500030.5,3500040.25,45", "0"};
  spec.attributes.insert(spec.attributes.end(),
                         {"JZD", "11,11,J1", "TableEnd", "QSDW", "5,3201001,某村，某组", "TableEnd"});
  // Parcel 3: two outer rings, one with a hole: a MultiPolygon.
  vcttest::PolygonObject p3;
  p3.bsm = "3";
  const Ring a = vcttest::rectangle(39600000, 3500000, 50, 40), b = vcttest::rectangle(39600100, 3500000, 30, 20),
             hole = vcttest::rectangle(39600010, 3500010, 10, 10);
  p3.rings = {b, hole, a};
  spec.polygons.push_back(p3);
  GDALDatasetUniquePtr dataset = open_vct(write_spec(dir, "more.vct", spec));
  ASSERT_TRUE(dataset) << CPLGetLastErrorMsg();
  ASSERT_EQ(dataset->GetLayerCount(), 4);
  OGRLayer& dltb = *dataset->GetLayerByName("DLTB");
  EXPECT_EQ(dltb.GetGeomType(), wkbMultiPolygon);
  OGRFeatureUniquePtr multi(dltb.GetFeature(3));
  ASSERT_TRUE(multi);
  ASSERT_EQ(wkbFlatten(multi->GetGeometryRef()->getGeometryType()), wkbMultiPolygon);
  EXPECT_EQ(multi->GetGeometryRef()->toMultiPolygon()->getNumGeometries(), 2);
  EXPECT_NEAR(multi->GetGeometryRef()->toMultiPolygon()->get_Area(),
              vcttest::shoelace(a) - vcttest::shoelace(hole) + vcttest::shoelace(b), 1e-7);
  OGRLayer& jzd = *dataset->GetLayerByName("JZD");
  EXPECT_EQ(jzd.GetGeomType(), wkbPoint);
  OGRFeatureUniquePtr point(jzd.GetFeature(11));
  ASSERT_TRUE(point);
  EXPECT_DOUBLE_EQ(point->GetGeometryRef()->toPoint()->getX(), 39500010.5);
  EXPECT_DOUBLE_EQ(point->GetGeometryRef()->toPoint()->getY(), 3500020.25);
  EXPECT_STREQ(point->GetFieldAsString("JZDH"), "J1");
  OGRLayer& zj = *dataset->GetLayerByName("ZJ");
  OGRFeatureUniquePtr note(zj.GetFeature(21));
  ASSERT_TRUE(note);
  EXPECT_STREQ(note->GetFieldAsString("TEXT"), "某村");
  EXPECT_DOUBLE_EQ(note->GetFieldAsDouble("ANGLE"), 45);
  OGRLayer& qsdw = *dataset->GetLayerByName("QSDW");
  EXPECT_EQ(qsdw.GetGeomType(), wkbNone);
  OGRFeatureUniquePtr row(qsdw.GetFeature(5));
  ASSERT_TRUE(row);
  EXPECT_STREQ(row->GetFieldAsString("DWMC"), "某村,某组");
}

// Written by the driver and read back: the same vertices and values; GBK by default.
TEST(VctDriver, WritesAndReadsBack) {
  test::TempDir dir;
  GDALDatasetUniquePtr source = open_vct(write_spec(dir, "sample.vct", vcttest::sample()));
  ASSERT_TRUE(source);
  for (const char* encoding : {"", "UTF-8"}) {
    SCOPED_TRACE(encoding);
    const std::string out = dir.file(std::string("out") + encoding + ".vct");
    {
      GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("VCT");
      CPLStringList options;
      if (*encoding) options.SetNameValue("ENCODING", encoding);
      GDALDatasetUniquePtr copy(driver->CreateCopy(out.c_str(), source.get(), FALSE, options.List(), nullptr, nullptr));
      ASSERT_TRUE(copy) << CPLGetLastErrorMsg();
    }
    const std::string bytes = test::read_text(out);
    // Written to a temporary file renamed into place: nothing else is left beside it.
    EXPECT_EQ(test::file_tree(dir.path()).count(std::string("out") + encoding + ".vct"), 1u);
    EXPECT_EQ(test::file_tree(dir.path()).size(), *encoding ? 3u : 2u);
    EXPECT_EQ(CPLIsUTF8(bytes.c_str(), -1) != 0, *encoding != 0);
    EXPECT_NE(bytes.find("DataMark:LANDUSE-VCT\r\nVersion:3.0\r\n"), std::string::npos);
    GDALDatasetUniquePtr back = open_vct(out);
    ASSERT_TRUE(back) << CPLGetLastErrorMsg();
    OGRLayer& a = *source->GetLayer(0);
    OGRLayer& b = *back->GetLayer(0);
    EXPECT_STREQ(b.GetSpatialRef()->GetAuthorityCode(nullptr), "4527");
    ASSERT_EQ(b.GetFeatureCount(), a.GetFeatureCount());
    for (GIntBig fid : {1, 2}) {
      OGRFeatureUniquePtr fa(a.GetFeature(fid)), fb(b.GetFeature(fid));
      ASSERT_TRUE(fa && fb);
      EXPECT_TRUE(fa->GetGeometryRef()->Equals(fb->GetGeometryRef()));
      const auto va = test::vertices(*fa->GetGeometryRef()), vb = test::vertices(*fb->GetGeometryRef());
      ASSERT_EQ(va.size(), vb.size());
      for (size_t i = 0; i < va.size(); ++i) {
        EXPECT_EQ(va[i].x, vb[i].x);
        EXPECT_EQ(va[i].y, vb[i].y);
      }
      for (int i = 0; i < fa->GetFieldCount(); ++i) {
        EXPECT_STREQ(fa->GetFieldAsString(i), fb->GetFieldAsString(i)) << i;
      }
    }
  }
}

// Point and line layers are written too (a part a feature) and read back the same, beside a
// MultiPolygon layer.
TEST(VctDriver, WritesPointLineAndMultiPolygonLayers) {
  test::TempDir dir;
  Spec spec = vcttest::sample();
  spec.feature_codes.push_back("2001020000,界址点,Point,JZD");
  spec.feature_codes.push_back("1000000000,界线,Line,JX");
  spec.table_structure.insert(spec.table_structure.end(), {"JZD,2", "BSM,Int4", "JZDH,Char,10", "0"});
  spec.points = {"11", "2001020000", "Unknown", "1", "1", "39500010.5,3500020.25", "0"};
  spec.attributes.insert(spec.attributes.end(), {"JZD", "11,11,J1", "TableEnd"});
  vcttest::PolygonObject p3;
  p3.bsm = "3";
  p3.rings = {vcttest::rectangle(39600000, 3500000, 50, 40), vcttest::rectangle(39600100, 3500000, 30, 20)};
  spec.polygons.push_back(p3);
  GDALDatasetUniquePtr source = open_vct(write_spec(dir, "layers.vct", spec));
  ASSERT_TRUE(source) << CPLGetLastErrorMsg();
  ASSERT_EQ(source->GetLayerCount(), 3);
  const std::string out = dir.file("out.vct");
  {
    GDALDatasetUniquePtr copy(
        GetGDALDriverManager()->GetDriverByName("VCT")->Create(out.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_TRUE(copy);
    for (int i = 0; i < source->GetLayerCount(); ++i) {
      ASSERT_TRUE(copy->CopyLayer(source->GetLayer(i), source->GetLayer(i)->GetName())) << CPLGetLastErrorMsg();
    }
  }
  GDALDatasetUniquePtr back = open_vct(out);
  ASSERT_TRUE(back) << CPLGetLastErrorMsg();
  ASSERT_EQ(back->GetLayerCount(), 3);
  for (int i = 0; i < 3; ++i) {
    OGRLayer& a = *source->GetLayer(i);
    OGRLayer& b = *back->GetLayerByName(a.GetName());
    SCOPED_TRACE(a.GetName());
    EXPECT_EQ(b.GetGeomType(), a.GetGeomType());
    ASSERT_EQ(b.GetFeatureCount(), a.GetFeatureCount());
    for (auto&& fa : a) {
      OGRFeatureUniquePtr fb(b.GetFeature(fa->GetFID()));
      ASSERT_TRUE(fb) << fa->GetFID();
      const auto va = test::vertices(*fa->GetGeometryRef()), vb = test::vertices(*fb->GetGeometryRef());
      ASSERT_EQ(va.size(), vb.size());
      for (size_t k = 0; k < va.size(); ++k) {
        EXPECT_EQ(va[k].x, vb[k].x);
        EXPECT_EQ(va[k].y, vb[k].y);
      }
      for (int f = 0; f < fa->GetFieldCount(); ++f) EXPECT_STREQ(fb->GetFieldAsString(f), fa->GetFieldAsString(f));
    }
  }
  // The lines' vertices are those written in the test, the joints once.
  OGRFeatureUniquePtr line(back->GetLayerByName("JX")->GetFeature(102));
  ASSERT_TRUE(line);
  const Ring& written = spec.lines[1].segments[0];
  ASSERT_EQ(line->GetGeometryRef()->toLineString()->getNumPoints(), static_cast<int>(written.size()));
  EXPECT_NEAR(line->GetGeometryRef()->toLineString()->getX(1), written[1].first, 1e-6);
  EXPECT_NEAR(line->GetGeometryRef()->toLineString()->getY(1), written[1].second, 1e-6);
}

// Every field type the driver creates is written and read back as it was.
TEST(VctDriver, FieldTypesReadBack) {
  register_drivers();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("VCT");
  const std::string path = "/vsimem/vct_test/types.vct";
  OGRSpatialReference gk;
  gk.importFromEPSG(2384);  // Xian 1980 3-degree, CM 117E
  {
    GDALDatasetUniquePtr out(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_TRUE(out);
    OGRLayer* layer = out->CreateLayer("T", &gk, wkbPolygon);
    ASSERT_TRUE(layer);
    const std::pair<const char*, OGRFieldType> fields[] = {{"I", OFTInteger},   {"L", OFTInteger64}, {"R", OFTReal},
                                                           {"S", OFTString},    {"D", OFTDate},      {"T", OFTTime},
                                                           {"DT", OFTDateTime}, {"B", OFTInteger}};
    for (const auto& [name, type] : fields) {
      OGRFieldDefn field(name, type);
      if (std::string(name) == "B") field.SetSubType(OFSTBoolean);
      ASSERT_EQ(layer->CreateField(&field), OGRERR_NONE) << name;
    }
    OGRFeature feature(layer->GetLayerDefn());
    feature.SetField("I", -42);
    feature.SetField("L", static_cast<GIntBig>(1234567890123LL));
    feature.SetField("R", 0.1);
    feature.SetField("S", "甲,乙");
    feature.SetField("D", 2025, 6, 10);
    feature.SetField("T", 0, 0, 0, 13, 45, 30.0f);
    feature.SetField("DT", 2025, 6, 10, 13, 45, 30.0f);
    feature.SetField("B", 1);
    std::unique_ptr<OGRGeometry> polygon;
    {
      OGRGeometry* parsed = nullptr;
      OGRGeometryFactory::createFromWkt(
          "POLYGON ((500000.1 3500000.2,500100.3 3500000.2,500100.3 3500050.7,500000.1 3500000.2))", nullptr, &parsed);
      polygon.reset(parsed);
    }
    feature.SetGeometry(polygon.get());
    ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
  }
  GDALDatasetUniquePtr back = open_vct(path);
  ASSERT_TRUE(back) << CPLGetLastErrorMsg();
  OGRLayer& layer = *back->GetLayer(0);
  EXPECT_STREQ(layer.GetSpatialRef()->GetAuthorityCode(nullptr), "2384");
  OGRFeatureUniquePtr feature(layer.GetNextFeature());
  ASSERT_TRUE(feature);
  OGRFeatureDefn& defn = *layer.GetLayerDefn();
  EXPECT_EQ(defn.GetFieldDefn(defn.GetFieldIndex("L"))->GetType(), OFTInteger64);
  EXPECT_EQ(defn.GetFieldDefn(defn.GetFieldIndex("B"))->GetSubType(), OFSTBoolean);
  EXPECT_EQ(feature->GetFieldAsInteger("I"), -42);
  EXPECT_EQ(feature->GetFieldAsInteger64("L"), 1234567890123LL);
  EXPECT_EQ(feature->GetFieldAsDouble("R"), 0.1);
  EXPECT_STREQ(feature->GetFieldAsString("S"), "甲,乙");
  EXPECT_STREQ(feature->GetFieldAsString("D"), "2025/06/10");
  EXPECT_STREQ(feature->GetFieldAsString("T"), "13:45:30");
  EXPECT_STREQ(feature->GetFieldAsString("DT"), "2025/06/10 13:45:30");
  EXPECT_EQ(feature->GetFieldAsInteger("B"), 1);
  EXPECT_NEAR(OGR_G_Area(OGRGeometry::ToHandle(feature->GetGeometryRef())), 100.2 * 50.5 / 2, 1e-6);
  VSIUnlink(path.c_str());
}

// A file that cannot be written (a text GBK cannot hold) fails with a GDAL error, and leaves the
// file there before as it was and no temporary file beside it.
TEST(VctDriver, AFailedWriteLeavesNothingHalfWritten) {
  register_drivers();
  test::TempDir dir;
  const std::string path = dir.file("out.vct");
  test::write_text(path, "before");
  OGRSpatialReference gk;
  gk.importFromEPSG(4527);
  CPLErrorReset();
  {
    const QuietGdalErrors quiet;
    GDALDatasetUniquePtr out(
        GetGDALDriverManager()->GetDriverByName("VCT")->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_TRUE(out);
    OGRLayer* layer = out->CreateLayer("DLTB", &gk, wkbPolygon);
    ASSERT_TRUE(layer);
    OGRFieldDefn name("DLMC", OFTString);
    ASSERT_EQ(layer->CreateField(&name), OGRERR_NONE);
    OGRFeature feature(layer->GetLayerDefn());
    feature.SetField("DLMC", "\xF0\x9F\x8C\xB3");  // U+1F333, which GBK has not
    OGRGeometry* polygon = nullptr;
    OGRGeometryFactory::createFromWkt("POLYGON ((39500000 3500000,39500010 3500000,39500010 3500010,39500000 3500000))",
                                      nullptr, &polygon);
    feature.SetGeometryDirectly(polygon);
    ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
  }  // written here
  EXPECT_EQ(CPLGetLastErrorType(), CE_Failure);
  EXPECT_NE(std::string(CPLGetLastErrorMsg()).find("GBK cannot hold"), std::string::npos) << CPLGetLastErrorMsg();
  EXPECT_EQ(test::read_text(path), "before");
  EXPECT_EQ(test::file_tree(dir.path()), std::set<std::string>{"out.vct"});
}

TEST(VctDriver, RefusesToWriteOtherCrss) {
  register_drivers();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("VCT");
  GDALDatasetUniquePtr out(driver->Create("/vsimem/vct_test/x.vct", 0, 0, 0, GDT_Unknown, nullptr));
  ASSERT_TRUE(out);
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  CPLErrorReset();
  const QuietGdalErrors quiet;
  EXPECT_EQ(out->CreateLayer("a", &wgs84, wkbPolygon), nullptr);
  EXPECT_NE(std::string(CPLGetLastErrorMsg()).find("EPSG:4326"), std::string::npos) << CPLGetLastErrorMsg();
  EXPECT_EQ(out->CreateLayer("b", nullptr, wkbPolygon), nullptr);
  OGRSpatialReference gk;
  gk.importFromEPSG(4527);
  EXPECT_EQ(out->CreateLayer("c", &gk, wkbMultiLineString), nullptr);
  EXPECT_NE(out->CreateLayer("d", &gk, wkbPolygon), nullptr);
}

}  // namespace
}  // namespace parklayers
