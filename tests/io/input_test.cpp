// SPDX-License-Identifier: GPL-2.0-or-later
// open_input: Shapefiles and CSVs that do not say the encoding of their texts, the no-CRS
// message, --s_srs. The GBK files are written by GDAL itself (ENCODING layer option, CPLRecode).
#include "parklayers/io/input.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <cpl_string.h>
#include <ogrsf_frmts.h>

#include "parklayers/gis/error.h"
#include "test_support.h"

namespace fs = std::filesystem;

namespace parklayers {
namespace {

// A point Shapefile whose one text is written in `encoding` by GDAL, with its .cpg removed
// and its .dbf's code page byte (LDID) set to `ldid` (0: none, 87: ISO-8859-1).
void write_shapefile(const std::string& path, const char* encoding, const char* name, int ldid) {
  ensure_gdal_registered();
  {
    GDALDatasetUniquePtr shp(GetGDALDriverManager()->GetDriverByName("ESRI Shapefile")
                                 ->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_TRUE(shp);
    OGRSpatialReference cgcs2000;
    cgcs2000.importFromEPSG(4490);
    CPLStringList lco;
    lco.SetNameValue("ENCODING", encoding);
    OGRLayer* layer = shp->CreateLayer(fs::path(path).stem().c_str(), &cgcs2000, wkbPoint, lco.List());
    ASSERT_NE(layer, nullptr);
    test::add_field(*layer, "name_zh", OFTString);
    OGRFeature feature(layer->GetLayerDefn());
    feature.SetField("name_zh", name);
    feature.SetGeometryDirectly(new OGRPoint(121.185, 31.31));
    ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
  }
  fs::remove(fs::path(path).replace_extension(".cpg"));
  std::fstream dbf(fs::path(path).replace_extension(".dbf"), std::ios::in | std::ios::out | std::ios::binary);
  dbf.seekp(29);
  dbf.put(static_cast<char>(ldid));
}

std::string first_name(const InputSource& source) {
  OGRLayer& layer = *source.dataset().GetLayer(0);
  layer.ResetReading();
  OGRFeatureUniquePtr feature(layer.GetNextFeature());
  return feature ? feature->GetFieldAsString("name_zh") : "";
}

TEST(OpenInput, GbkShapefileWithoutCpgIsReadAsGb18030WithAWarning) {
  test::TempDir dir;
  for (int ldid : {0, 87}) {
    const std::string shp = dir.file("gbk" + std::to_string(ldid) + ".shp");
    write_shapefile(shp, "GBK", "一期地块", ldid);
    const InputSource source = open_input(SourceName(shp));
    EXPECT_EQ(first_name(source), "一期地块") << ldid;
    ASSERT_EQ(source.warnings().size(), 1u);
    EXPECT_EQ(source.warnings()[0].where.file, shp);
    EXPECT_NE(source.warnings()[0].what.find("read as GB18030"), std::string::npos);
    // --encoding says it: no warning.
    InputOptions options;
    options.encoding = "CP936";
    const InputSource stated = open_input(SourceName(shp), options);
    EXPECT_EQ(first_name(stated), "一期地块");
    EXPECT_TRUE(stated.warnings().empty());
  }
}

// UTF-8 without .cpg: GDAL 3.6 reads it as ISO-8859-1 under an LDID of 87; the bytes say UTF-8.
TEST(OpenInput, Utf8ShapefileWithoutCpgIsReadAsUtf8) {
  test::TempDir dir;
  write_shapefile(dir.file("utf8.shp"), "UTF-8", "宝安公路", 87);
  const InputSource source = open_input(SourceName(dir.file("utf8.shp")));
  EXPECT_EQ(first_name(source), "宝安公路");
  EXPECT_TRUE(source.warnings().empty());
}

// A .cpg (or a code page in the .dbf) is GDAL's to honour.
TEST(OpenInput, ShapefileThatSaysItsEncodingIsReadByGdal) {
  test::TempDir dir;
  write_shapefile(dir.file("cpg.shp"), "GBK", "一期地块", 0);
  test::write_text(dir.file("cpg.cpg"), "936");
  const InputSource source = open_input(SourceName(dir.file("cpg.shp")));
  EXPECT_EQ(first_name(source), "一期地块");
  EXPECT_TRUE(source.warnings().empty());
}

// Latin-1 without .cpg: with no code page mark it is neither, and refused naming the feature
// and field; with the ISO-8859-1 mark, GDAL's reading stands.
TEST(OpenInput, ShapefileInNeitherEncoding) {
  test::TempDir dir;
  write_shapefile(dir.file("latin0.shp"), "ISO-8859-1", "Café Müller", 0);
  try {
    open_input(SourceName(dir.file("latin0.shp")));
    FAIL() << "a Latin-1 Shapefile with no code page was read";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("latin0.shp: layer 'latin0': feature 0: field 'name_zh': its texts are neither"),
              std::string::npos) << message;
    EXPECT_NE(message.find("--encoding"), std::string::npos) << message;
  }
  write_shapefile(dir.file("latin87.shp"), "ISO-8859-1", "Café Müller", 87);
  EXPECT_EQ(first_name(open_input(SourceName(dir.file("latin87.shp")))), "Café Müller");
}

std::string gb18030_of(const char* utf8) {
  char* recoded = CPLRecode(utf8, CPL_ENC_UTF8, "GB18030");
  std::string out = recoded;
  CPLFree(recoded);
  return out;
}

// GDAL takes every CSV as UTF-8; a GBK one is read from a recoded copy, names, values and
// --where in Chinese included, and the copy is gone with the source.
TEST(OpenInput, GbkCsvIsRecoded) {
  test::TempDir dir;
  const std::string csv = dir.file("红线.csv");
  test::write_text(csv, gb18030_of("编号,名称,WKT\nA,一期地块,\"POINT (500000 3465000)\"\nB,二期地块,\"POINT (500100 3465000)\"\n"));
  test::write_text(dir.file("红线.prj"), "EPSG:4549");  // GeoCSV's .prj, read beside the copy
  {
    const InputSource source = open_input(SourceName(csv));
    ASSERT_EQ(source.warnings().size(), 1u);
    EXPECT_EQ(source.warnings()[0].where.file, csv);
    EXPECT_EQ(source.files().front(), csv);
    OGRLayer& layer = *source.dataset().GetLayer(0);
    EXPECT_STREQ(layer.GetName(), "红线");
    EXPECT_GE(layer.GetLayerDefn()->GetFieldIndex("名称"), 0);
    ASSERT_NE(layer.GetSpatialRef(), nullptr);
    EXPECT_STREQ(layer.GetSpatialRef()->GetAuthorityCode(nullptr), "4549");
    InputOptions options;
    options.where = "\"名称\" = '二期地块'";
    apply_where(layer, csv, options);
    OGRFeatureUniquePtr feature(layer.GetNextFeature());
    ASSERT_TRUE(feature);
    EXPECT_STREQ(feature->GetFieldAsString("编号"), "B");
  }
  char** left = VSIReadDir("/vsimem/");
  for (int i = 0; left && left[i]; ++i) EXPECT_NE(std::string(left[i]).rfind("parklayers-recoded", 0), 0u) << left[i];
  CSLDestroy(left);
  // --encoding, or a .cpg beside it, says it: no warning.
  InputOptions gbk;
  gbk.encoding = "GBK";
  EXPECT_TRUE(open_input(SourceName(csv), gbk).warnings().empty());
  test::write_text(dir.file("红线.cpg"), "GBK");
  EXPECT_TRUE(open_input(SourceName(csv)).warnings().empty());
}

TEST(OpenInput, CsvInNeitherEncodingIsRefusedNamingTheLine) {
  test::TempDir dir;
  test::write_text(dir.file("latin.csv"), "id,name\n1,Paris\n2,Caf\xE9 M\xFCller\n");
  try {
    open_input(SourceName(dir.file("latin.csv")));
    FAIL() << "a Latin-1 CSV was read";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("latin.csv: line 3: its texts are neither"), std::string::npos)
        << error.what();
  }
  InputOptions latin1;
  latin1.encoding = "ISO-8859-1";
  const InputSource source = open_input(SourceName(dir.file("latin.csv")), latin1);
  OGRLayer& layer = *source.dataset().GetLayer(0);
  layer.SetAttributeFilter("id = '2'");
  OGRFeatureUniquePtr feature(layer.GetNextFeature());
  ASSERT_TRUE(feature);
  EXPECT_STREQ(feature->GetFieldAsString("name"), "Café Müller");
}

TEST(OpenInput, NoCrsProblemSuggestsTheGaussKrugerFamily) {
  test::TempDir dir;
  test::write_text(dir.file("zone40.csv"), "id,WKT\nA,\"POLYGON ((40613040 3466120,40613102 3466178,40613010 3466230,40613040 3466120))\"\n");
  test::write_text(dir.file("lonlat.csv"), "id,WKT\nA,\"POINT (121.18 31.31)\"\n");
  const InputSource zoned = open_input(SourceName(dir.file("zone40.csv")));
  const std::string problem = no_crs_problem(*zoned.dataset().GetLayer(0), &zoned, "its ellipsoid is unknown");
  EXPECT_EQ(problem,
            "the layer has no CRS, so its ellipsoid is unknown: give it one with --a_srs CRS (the first coordinate "
            "looks like a 3-degree Gauss-Kruger zone 40 easting: CGCS2000 EPSG:4528, Xian 1980 EPSG:2364 or "
            "Beijing 1954 EPSG:2416)");
  const InputSource lonlat = open_input(SourceName(dir.file("lonlat.csv")));
  EXPECT_EQ(no_crs_problem(*lonlat.dataset().GetLayer(0), &lonlat, "x"),
            "the layer has no CRS, so x: give it one with --a_srs CRS");
  // The QGIS plugin names its CRS field instead of --a_srs.
  InputOptions plugin;
  plugin.assign_crs_hint = "in the CRS field";
  const InputSource field = open_input(SourceName(dir.file("lonlat.csv")), plugin);
  EXPECT_EQ(no_crs_problem(*field.dataset().GetLayer(0), &field, "x"),
            "the layer has no CRS, so x: give it one in the CRS field");
}

TEST(OpenInput, SourceCrsOption) {
  InputOptions options;
  EXPECT_EQ(apply_source_crs_option("GCJ02", options), ChineseCrs::Gcj02);
  EXPECT_EQ(options.assign_crs, "");
  EXPECT_EQ(apply_source_crs_option("EPSG:2364", options), std::nullopt);
  EXPECT_EQ(options.assign_crs, "EPSG:2364");
  EXPECT_EQ(apply_source_crs_option("EPSG:2364", options), std::nullopt);  // the same twice: fine
  EXPECT_THROW(apply_source_crs_option("EPSG:4528", options), InputError);  // --a_srs says another
  InputOptions fresh;
  EXPECT_THROW(apply_source_crs_option("GCJ03", fresh), InputError);
}

}  // namespace
}  // namespace parklayers
