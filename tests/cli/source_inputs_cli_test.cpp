// SPDX-License-Identifier: GPL-2.0-or-later
// The sources users bring, as they run the program: a CAD red line saved as DXF by a CAD
// library, a DWG, a GBK Shapefile without .cpg, a park source whose parcels state no CRS, and
// data in an old Chinese datum moved to WGS 84. References: the shoelace formula on the drawn
// coordinates, and every output reopened by GDAL.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <cpl_json.h>
#include <cpl_string.h>
#include <ogrsf_frmts.h>

#include "parklayers/gis/gdal_util.h"
#include "test_support.h"

namespace fs = std::filesystem;

namespace parklayers {
namespace {

using test::parklayers;

TEST(SourceInputsCli, DxfRedLineRefusedWithoutCrsThenMeasured) {
  test::TempDir dir;
  const std::string dxf = dir.file("红线.dxf");
  test::write_red_line_dxf(dxf);

  const auto refused = parklayers({"area", dxf, "--json"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("红线.dxf: layer 'entities': the layer has no CRS"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("give it one with --a_srs"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("zone 40 easting: CGCS2000 EPSG:4528, Xian 1980 EPSG:2364 or Beijing 1954 EPSG:2416"),
            std::string::npos)
      << refused.err;
  EXPECT_TRUE(refused.out.empty()) << refused.out;

  const auto measured = parklayers({"area", dxf, "--a_srs", "EPSG:4528", "--where", "Layer='红线'", "--json"});
  ASSERT_EQ(measured.exit_code, 0) << measured.err;
  CPLJSONDocument document;
  ASSERT_TRUE(document.LoadMemory(measured.out)) << measured.out;
  const CPLJSONArray features = document.GetRoot().GetArray("features");
  ASSERT_EQ(features.Size(), 1);  // the red line; the road and the text are not selected
  const double shoelace = test::shoelace_area(test::kRedLine);
  // The drawing's plane is zone 40 (CM 120E), the planar area's zone too: the shoelace area.
  EXPECT_NEAR(features[0].GetDouble("gk_area_m2"), shoelace, shoelace * 1e-9);
  // The ellipsoidal area is below it by the zone's scale, 1.2 degrees off its meridian.
  EXPECT_NEAR(features[0].GetDouble("area_m2") / shoelace, 1.0, 5e-4);
  EXPECT_LT(features[0].GetDouble("area_m2"), shoelace);

  // The same through --s_srs, ogr2ogr's name for the source's CRS.
  const auto s_srs = parklayers({"area", dxf, "--s_srs", "EPSG:4528", "--where", "Layer='红线'", "--json"});
  ASSERT_EQ(s_srs.exit_code, 0) << s_srs.err;
  EXPECT_EQ(s_srs.out, measured.out);
}

TEST(SourceInputsCli, DxfConvertsToAGeoPackagePolygon) {
  test::TempDir dir;
  const std::string dxf = dir.file("red.dxf");
  test::write_red_line_dxf(dxf);
  const auto result = parklayers({"convert", dxf, "--a_srs", "EPSG:4528", "-o", dir.file("out"), "-f", "GPKG", "-q"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const GDALDatasetUniquePtr gpkg = test::open_dataset(dir.file("out/red.gpkg"));
  ASSERT_TRUE(gpkg);
  OGRLayer* layer = gpkg->GetLayerByName("entities");
  ASSERT_NE(layer, nullptr);
  ASSERT_NE(layer->GetSpatialRef(), nullptr);
  EXPECT_STREQ(layer->GetSpatialRef()->GetAuthorityCode(nullptr), "4528");
  EXPECT_EQ(layer->GetFeatureCount(), 3);
  layer->SetAttributeFilter("Layer = '红线'");
  OGRFeatureUniquePtr red(layer->GetNextFeature());
  ASSERT_TRUE(red);
  ASSERT_EQ(wkbFlatten(red->GetGeometryRef()->getGeometryType()), wkbPolygon);
  const double shoelace = test::shoelace_area(test::kRedLine);
  EXPECT_NEAR(red->GetGeometryRef()->toPolygon()->get_Area(), shoelace, shoelace * 1e-12);
  EXPECT_FALSE(layer->GetNextFeature());
}

TEST(SourceInputsCli, DwgSaysSaveAsDxf) {
  test::TempDir dir;
  test::write_text(dir.file("red.dwg"), std::string("AC1032", 6) + std::string(64, '\0'));
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"area", dir.file("red.dwg"), "--json"},
        std::vector<std::string>{"convert", dir.file("red.dwg"), "-o", dir.file("out"), "-f", "GPKG"}}) {
    const auto result = parklayers(args);
    EXPECT_EQ(result.exit_code, 2) << args[0];
    EXPECT_NE(result.err.find("red.dwg: a DWG drawing"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("save it as DXF"), std::string::npos) << result.err;
  }
  EXPECT_FALSE(fs::exists(dir.file("out")));
}

TEST(SourceInputsCli, GbkShapefileWithoutCpgToGeoJson) {
  test::TempDir dir;
  // A Shapefile as Chinese tools write it: GBK texts, no .cpg, no code page in the .dbf.
  const std::string source = dir.file("parcels.geojson");
  test::write_text(source, R"({"type":"FeatureCollection","features":[{"type":"Feature",)"
                           R"("properties":{"name_zh":"安亭国际医疗产业园一期"},"geometry":{"type":"Polygon",)"
                           R"("coordinates":[[[121.18,31.31],[121.19,31.31],[121.19,31.32],[121.18,31.31]]]}}]})");
  const auto made = test::run({"/usr/bin/ogr2ogr", "-lco", "ENCODING=GBK", dir.file("gbk.shp"), source});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  fs::remove(dir.file("gbk.cpg"));
  ASSERT_EQ(test::read_text(dir.file("gbk.dbf")).find("安亭"), std::string::npos);  // not UTF-8 bytes

  const auto converted = parklayers({"convert", dir.file("gbk.shp"), "-o", dir.file("out"), "-f", "GeoJSON", "-q"});
  ASSERT_EQ(converted.exit_code, 0) << converted.err;
  EXPECT_NE(converted.err.find("warning: " + dir.file("gbk.shp") + ": layer 'gbk': its texts are not UTF-8"),
            std::string::npos)
      << converted.err;
  EXPECT_NE(converted.err.find("read as GB18030"), std::string::npos) << converted.err;
  const std::string geojson = test::read_text(dir.file("out/gbk/gbk.geojson"));
  EXPECT_TRUE(CPLIsUTF8(geojson.c_str(), -1));
  const GDALDatasetUniquePtr out = test::open_dataset(dir.file("out/gbk/gbk.geojson"));
  ASSERT_TRUE(out);
  OGRFeatureUniquePtr feature(out->GetLayer(0)->GetNextFeature());
  ASSERT_TRUE(feature);
  EXPECT_STREQ(feature->GetFieldAsString("name_zh"), "安亭国际医疗产业园一期");

  const auto stated = parklayers(
      {"convert", dir.file("gbk.shp"), "-o", dir.file("out2"), "-f", "GeoJSON", "-q", "--encoding", "GBK"});
  ASSERT_EQ(stated.exit_code, 0) << stated.err;
  EXPECT_EQ(stated.err.find("warning"), std::string::npos) << stated.err;
  EXPECT_EQ(test::read_text(dir.file("out2/gbk/gbk.geojson")), geojson);
}

TEST(SourceInputsCli, CsvWithoutCrsConvertsWithAssignedCrs) {
  test::TempDir dir;
  test::write_text(dir.file("lines.csv"), "id,WKT\nA,\"POLYGON ((40613040 3466120,40613102 3466178,40613010 3466230,40613040 3466120))\"\n");
  const auto refused = parklayers({"convert", dir.file("lines.csv"), "-o", dir.file("out"), "-f", "GeoJSON", "-q"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("cannot be written as GeoJSON or KML (WGS 84): give it one with --a_srs"),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("EPSG:4528"), std::string::npos) << refused.err;
  const auto converted =
      parklayers({"convert", dir.file("lines.csv"), "--a_srs", "EPSG:4528", "-o", dir.file("out"), "-f", "GeoJSON", "-q"});
  ASSERT_EQ(converted.exit_code, 0) << converted.err;
  EXPECT_EQ(converted.err.find("approximate"), std::string::npos) << converted.err;  // CGCS2000
  const GDALDatasetUniquePtr out = test::open_dataset(dir.file("out/lines/lines.geojson"));
  ASSERT_TRUE(out);
  OGRFeatureUniquePtr feature(out->GetLayer(0)->GetNextFeature());
  ASSERT_TRUE(feature);
  OGREnvelope envelope;
  feature->GetGeometryRef()->getEnvelope(&envelope);
  // Zone 40's central meridian is 120E; 113 km east of it, near 31.3N: about 121.19E.
  EXPECT_NEAR(envelope.MinX, 121.186, 0.002);
  EXPECT_NEAR(envelope.MinY, 31.311, 0.002);
}

// Xian 1980 moved to WGS 84 (GeoJSON) is approximate, and said to be; CGCS2000 is not.
TEST(SourceInputsCli, ApproximateTransformationIsSaid) {
  test::TempDir dir;
  const std::string dxf = dir.file("red.dxf");
  test::write_red_line_dxf(dxf);
  const auto xian = parklayers({"convert", dxf, "--a_srs", "EPSG:2364", "--where", "Layer='红线'", "-o",
                                dir.file("xian"), "-f", "GeoJSON", "-f", "GPKG", "-q"});
  ASSERT_EQ(xian.exit_code, 0) << xian.err;
  EXPECT_NE(xian.err.find("warning: " + dxf + ": layer 'entities': the output positions are approximate: PROJ "
                          "knows no exact transformation from Xian 1980 to WGS 84"),
            std::string::npos)
      << xian.err;
  EXPECT_NE(xian.err.find("areas are unaffected"), std::string::npos) << xian.err;
  // --t_srs to CGCS2000 from Beijing 1954 likewise.
  const auto beijing = parklayers({"convert", dxf, "--a_srs", "EPSG:2416", "--t_srs", "EPSG:4490", "-o",
                                   dir.file("beijing"), "-f", "GPKG", "-q"});
  ASSERT_EQ(beijing.exit_code, 0) << beijing.err;
  EXPECT_NE(beijing.err.find("from Beijing 1954 to China Geodetic Coordinate System 2000"), std::string::npos)
      << beijing.err;
  const auto cgcs2000 = parklayers({"convert", dxf, "--a_srs", "EPSG:4528", "--where", "Layer='红线'", "-o",
                                    dir.file("cgcs"), "-f", "GeoJSON", "-q"});
  ASSERT_EQ(cgcs2000.exit_code, 0) << cgcs2000.err;
  EXPECT_EQ(cgcs2000.err.find("approximate"), std::string::npos) << cgcs2000.err;
  // No move, no warning: a GeoPackage keeps the source's CRS.
  const auto kept = parklayers({"convert", dxf, "--a_srs", "EPSG:2364", "-o", dir.file("kept"), "-f", "GPKG", "-q"});
  ASSERT_EQ(kept.exit_code, 0) << kept.err;
  EXPECT_EQ(kept.err.find("approximate"), std::string::npos) << kept.err;
}

// A park source whose parcels come as a Shapefile without .prj: check and build refuse it
// naming --a_srs, and take it with --a_srs (the CRS the other layers state, EPSG:4326).
TEST(SourceInputsCli, CheckAndBuildWithAssignedCrs) {
  test::TempDir dir;
  const std::string source = test::copy_anting(dir);
  const auto made = test::run({"/usr/bin/ogr2ogr", "-lco", "ENCODING=UTF-8", source + "/parcels.shp",
                               source + "/parcels.geojson"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  fs::remove(source + "/parcels.geojson");
  fs::remove(source + "/parcels.prj");

  const auto refused = parklayers({"check", source});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("parcels.shp: layer 'parcels': the layer has no CRS"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--a_srs"), std::string::npos) << refused.err;

  const auto reference = parklayers({"check", test::anting_source(), "--json"});
  ASSERT_EQ(reference.exit_code, 0) << reference.err;
  const auto checked = parklayers({"check", source, "--a_srs", "EPSG:4326", "--json"});
  ASSERT_EQ(checked.exit_code, 0) << checked.err;
  EXPECT_EQ(checked.out, reference.out);

  const auto built = parklayers({"build", source, "--a_srs", "EPSG:4326", "-o", dir.file("park.gpkg"), "-q",
                                 "--no-qgis-project"});
  ASSERT_EQ(built.exit_code, 0) << built.err;
  const GDALDatasetUniquePtr park = test::open_dataset(dir.file("park.gpkg"));
  ASSERT_TRUE(park);
  OGRLayer* parcels = park->GetLayerByName("parcels");
  ASSERT_NE(parcels, nullptr);
  ASSERT_NE(parcels->GetSpatialRef(), nullptr);
  EXPECT_STREQ(parcels->GetSpatialRef()->GetAuthorityCode(nullptr), "4326");
  EXPECT_EQ(parcels->GetFeatureCount(), 3);
  // No --where for a park source: its layers refer to each other by id.
  EXPECT_EQ(parklayers({"check", source, "--where", "id='P1'"}).exit_code, 2);
}

}  // namespace
}  // namespace parklayers
