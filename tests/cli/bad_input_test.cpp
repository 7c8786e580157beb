// SPDX-License-Identifier: GPL-2.0-or-later
// The corpus of bad inputs: each row is one bad source, made from a copy of the
// bundled Anting park by a table of edits or by a committed file of tests/data/bad/, and the
// real `parklayers check`, `build` or `area` is run on it. Every row asserts
//   - the exit code: 2 bad input, 1 a stated figure failed its check, 0 where the input must work
//     (3D and measured geometries);
//   - stderr naming the file, the layer, the feature where there is one, and the problem;
//   - no crash (exit code < 128) and no hang (the command runs under timeout(1));
//   - no output left behind (the output folder is listed, hidden files included);
//   - the source untouched (every file of it hashed before and after).
#include <gtest/gtest.h>

#include <gdal_utils.h>
#include <ogrsf_frmts.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "parklayers/gis/gdal_util.h"
#include "test_support.h"

namespace fs = std::filesystem;

namespace parklayers {
namespace {

// ---- The edits a row makes to its copy of the Anting source ----------------------------------

const std::string kP1Ring =
    "[[121.1831969,31.3090501],[121.1843091,31.3093201],[121.1839116,31.310527],"
    "[121.1827994,31.3102569],[121.1831969,31.3090501]]";
const std::string kP1Geometry = "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" + kP1Ring + "]}";
const std::string kP1FirstPoint = "[121.1831969,31.3090501],[121.1843091";
const std::string kR1Geometry = "\"geometry\":{\"type\":\"LineString\",\"co";

struct Edit {
  std::string file;  // in the source folder
  std::string from;  // replaced (first occurrence) by `to`
  std::string to;
};

using Maker = std::function<void(const std::string& source)>;

// A row's command: kCheckAndBuild runs both `check SRC` and `build SRC -o OUT/park.gpkg` and
// expects the same of both; kArgs runs `args`, with {src} and {out} replaced by the source and
// output folders.
enum class Command { kCheckAndBuild, kArgs };

struct Case {
  std::string name;
  std::vector<Edit> edits;
  Maker make;  // after the edits, for what text edits cannot do
  Command command = Command::kCheckAndBuild;
  std::vector<std::string> args;
  int exit_code = 2;
  std::vector<std::string> words;  // each must be in stderr
};

// gtest prints a failing row by its name.
void PrintTo(const Case& row, std::ostream* out) { *out << row.name; }

std::string bad_file(const std::string& name) {
  return std::string(PARKLAYERS_TEST_DATA) + "/bad/" + name;
}

// Replaces a layer file of the source with a committed file of tests/data/bad/.
Maker replace_with(const std::string& layer_file, const std::string& bad) {
  return [layer_file, bad](const std::string& source) {
    fs::copy_file(bad_file(bad), fs::path(source) / layer_file, fs::copy_options::overwrite_existing);
  };
}

// ogr2ogr through GDAL's library: src -> dst with the given options.
void translate(const std::string& src, const std::string& dst, std::vector<std::string> options) {
  ensure_gdal_registered();
  GDALDatasetUniquePtr in(GDALDataset::Open(src.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(in) << src;
  std::vector<char*> argv;
  for (std::string& option : options) argv.push_back(option.data());
  argv.push_back(nullptr);
  std::unique_ptr<GDALVectorTranslateOptions, decltype(&GDALVectorTranslateOptionsFree)> parsed(
      GDALVectorTranslateOptionsNew(argv.data(), nullptr), GDALVectorTranslateOptionsFree);
  ASSERT_TRUE(parsed);
  GDALDatasetH source_handle = GDALDataset::ToHandle(in.get());
  int usage_error = 0;
  GDALDatasetH out = GDALVectorTranslate(dst.c_str(), nullptr, 1, &source_handle, parsed.get(), &usage_error);
  ASSERT_TRUE(out) << CPLGetLastErrorMsg();
  GDALClose(out);
}

// The layer as another format; the GeoJSON file is removed so the folder has one file for it.
Maker convert_layer(const std::string& layer, const std::string& extension,
                    std::vector<std::string> options, std::vector<std::string> remove = {}) {
  return [=](const std::string& source) {
    const std::string from = source + "/" + layer + ".geojson";
    translate(from, source + "/" + layer + extension, options);
    fs::remove(from);
    for (const std::string& file : remove) fs::remove(source + "/" + file);
  };
}

// Writes one layer file from scratch with GDAL.
Maker write_parcels_gpkg(int epsg, const std::string& wkt) {
  return [=](const std::string& source) {
    ensure_gdal_registered();
    fs::remove(source + "/parcels.geojson");
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDatasetUniquePtr out(driver->Create((source + "/parcels.gpkg").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_TRUE(out);
    OGRSpatialReference crs;
    crs.importFromEPSG(epsg);
    OGRLayer* layer = out->CreateLayer("parcels", &crs, wkbPolygon, nullptr);
    ASSERT_TRUE(layer);
    for (const char* name : {"id", "provenance"}) {
      OGRFieldDefn field(name, OFTString);
      layer->CreateField(&field);
    }
    OGRFieldDefn phase("phase", OFTInteger);
    layer->CreateField(&phase);
    OGRFieldDefn accuracy("accuracy_m", OFTReal);
    layer->CreateField(&accuracy);
    OGRFeature feature(layer->GetLayerDefn());
    feature.SetField("id", "P1");
    feature.SetField("provenance", "surveyed");
    feature.SetField("phase", 1);
    feature.SetField("accuracy_m", 1.0);
    OGRGeometry* geometry = nullptr;
    ASSERT_EQ(OGRGeometryFactory::createFromWkt(wkt.c_str(), &crs, &geometry), OGRERR_NONE);
    feature.SetGeometryDirectly(geometry);
    ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
  };
}

// Every position [x,y] of GeoJSON text becomes [x,y,12.5].
std::string with_z(const std::string& text) {
  std::string out;
  size_t done = 0;
  for (size_t open = text.find('['); open != std::string::npos; open = text.find('[', open + 1)) {
    const size_t close = text.find(']', open);
    if (close == std::string::npos) break;
    const std::string inside = text.substr(open + 1, close - open - 1);
    if (inside.find_first_not_of("0123456789.,-") != std::string::npos || inside.find(',') == std::string::npos ||
        inside.find(',') != inside.rfind(',')) {
      continue;
    }
    out += text.substr(done, close - done) + ",12.5";
    done = close;
  }
  return out + text.substr(done);
}

// `file: layer 'name'` as messages write it.
std::string at(const std::string& file, const std::string& layer) {
  return "anting/" + file + ": layer '" + layer + "'";
}

std::vector<Case> cases() {
  const std::string parcels = at("parcels.geojson", "parcels");
  const std::string p1 = parcels + ": feature 0 (id 'P1')";
  const std::string buildings = at("buildings.geojson", "buildings");
  const std::string roads = at("roads.geojson", "roads");
  const std::string amenities = at("amenities.geojson", "amenities");
  const std::string tenants = at("tenants.csv", "tenants");
  const std::string figures = at("stated_figures.csv", "stated_figures");
  const std::string invalid = "invalid geometry: ";
  std::vector<Case> list;
  const auto add = [&list](Case c) { list.push_back(std::move(c)); };

  // -- Files that are not what they claim to be (committed under tests/data/bad/).
  add({"EmptyGeoJson", {}, replace_with("parcels.geojson", "empty.geojson"), Command::kCheckAndBuild, {}, 2,
       {parcels + ": the file is empty"}});
  add({"TruncatedGeoJson", {}, replace_with("parcels.geojson", "truncated.geojson"), Command::kCheckAndBuild, {},
       2, {parcels + ": not valid GeoJSON"}});
  add({"HtmlInsteadOfGeoJson", {}, replace_with("buildings.geojson", "not-json.geojson"),
       Command::kCheckAndBuild, {}, 2, {buildings + ": not valid GeoJSON"}});
  add({"TopoJsonNotGeoJson", {}, replace_with("roads.geojson", "topojson.geojson"), Command::kCheckAndBuild, {},
       2, {roads, "TopoJSON"}});
  add({"FeaturesNotAnArray", {}, replace_with("parcels.geojson", "features-not-array.geojson"),
       Command::kCheckAndBuild, {}, 2, {parcels}});
  add({"JsonArrayNotGeoJson", {}, replace_with("parcels.geojson", "json-array.geojson"),
       Command::kCheckAndBuild, {}, 2, {parcels, "not valid GeoJSON"}});
  add({"UnknownGeometryType", {}, replace_with("parcels.geojson", "unknown-geometry-type.geojson"),
       Command::kCheckAndBuild, {}, 2, {p1 + ": the feature has no geometry"}});
  add({"EmptyCsv", {}, replace_with("tenants.csv", "empty.csv"), Command::kCheckAndBuild, {}, 2,
       {tenants + ": the file is empty"}});
  add({"HeaderOnlyCsv", {}, replace_with("tenants.csv", "header-only.csv"), Command::kCheckAndBuild, {}, 2,
       {tenants + ": the layer has no features"}});
  add({"BinaryCsv", {}, replace_with("tenants.csv", "binary.csv"), Command::kCheckAndBuild, {}, 2,
       {tenants + ": GDAL cannot open it as a vector file"}});
  add({"Latin1NotUtf8", {}, replace_with("tenants.csv", "latin1.csv"), Command::kCheckAndBuild, {}, 2,
       {tenants + ": line 2: its texts are neither all UTF-8 nor all GB18030 (GBK)",
        "give it with --encoding NAME"}});
  add({"FakeGeoPackage", {}, [](const std::string& source) {
         fs::remove(source + "/parcels.geojson");
         fs::copy_file(bad_file("fake-sqlite.gpkg"), source + "/parcels.gpkg");
       }, Command::kCheckAndBuild, {}, 2, {"anting/parcels.gpkg: layer 'parcels'", "GDAL cannot open it"}});

  // -- Wrong GeoJSON geometry types.
  add({"PointAsParcel", {{"parcels.geojson", kP1Geometry, R"("geometry":{"type":"Point","coordinates":[121.18,31.31]})"}},
       nullptr, Command::kCheckAndBuild, {}, 2, {p1 + ": geometry is Point, the layer needs Polygon"}});
  add({"PolygonAsRoad", {{"roads.geojson", kR1Geometry, R"("geometry":{"type":"Polygon","coordinates":[)" + kP1Ring + "]},\"x\":{\"co"}},
       nullptr, Command::kCheckAndBuild, {}, 2, {roads + ": feature 0 (id 'R0'): geometry is Polygon, the layer needs LineString"}});
  add({"NullGeometry", {{"parcels.geojson", kP1Geometry, "\"geometry\":null"}}, nullptr, Command::kCheckAndBuild, {}, 2,
       {p1 + ": the feature has no geometry"}});

  // -- Rings and geometries that are not valid.
  add({"RingOfThreePositions",
       {{"parcels.geojson", kP1Ring, "[[121.1831969,31.3090501],[121.1843091,31.3093201],[121.1831969,31.3090501]]"}},
       nullptr, Command::kCheckAndBuild, {}, 2, {p1 + ": " + invalid + "the exterior ring has 3 positions: a ring needs at least 4"}});
  add({"UnclosedRing",
       {{"parcels.geojson", kP1Ring, "[[121.1831969,31.3090501],[121.1843091,31.3093201],[121.1839116,31.310527],[121.1827994,31.3102569]]"}},
       nullptr, Command::kCheckAndBuild, {}, 2, {p1 + ": " + invalid + "the exterior ring is not closed"}});
  add({"SelfIntersectingParcel",
       {{"parcels.geojson", "[121.1843091,31.3093201],[121.1839116,31.310527]", "[121.1839116,31.310527],[121.1843091,31.3093201]"}},
       nullptr, Command::kCheckAndBuild, {}, 2, {p1 + ": " + invalid + "Self-intersection"}});
  add({"EmptyPolygon", {{"parcels.geojson", kP1Geometry, R"("geometry":{"type":"Polygon","coordinates":[]})"}}, nullptr,
       Command::kCheckAndBuild, {}, 2, {p1 + ": the feature has no geometry"}});
  add({"EmptyMultiPolygon", {{"parcels.geojson", kP1Geometry, R"("geometry":{"type":"MultiPolygon","coordinates":[[]]})"}},
       nullptr, Command::kCheckAndBuild, {}, 2, {p1 + ": geometry is empty"}});
  add({"EmptyRoad", {{"roads.geojson", kR1Geometry, R"("geometry":{"type":"LineString","coordinates":[]},"x":{"co)"}},
       nullptr, Command::kCheckAndBuild, {}, 2, {roads + ": feature 0 (id 'R0'): geometry is empty"}});
  add({"NaNCoordinate", {{"parcels.geojson", kP1FirstPoint, "[NaN,31.3090501],[121.1843091"}}, nullptr,
       Command::kCheckAndBuild, {}, 2, {p1 + ": " + invalid + "a coordinate is not a finite number"}});
  add({"InfiniteCoordinate", {{"parcels.geojson", kP1FirstPoint, "[1e400,31.3090501],[121.1843091"}}, nullptr,
       Command::kCheckAndBuild, {}, 2, {p1 + ": " + invalid + "a coordinate is not a finite number"}});
  add({"InfinityInAmenity", {{"amenities.geojson", "[121.1871671,31.3106847]", "[121.1871671,Infinity]"}}, nullptr,
       Command::kCheckAndBuild, {}, 2, {amenities + ": feature 0 (id 'A1'): " + invalid + "a coordinate is not a finite number"}});
  add({"LatitudeBeyond90", {{"parcels.geojson", kP1FirstPoint, "[121.1831969,95.3090501],[121.1843091"}}, nullptr,
       Command::kCheckAndBuild, {}, 2, {p1 + ": " + invalid + "latitude 95.3090501 is beyond +/-90 degrees"}});
  add({"LongitudeFarOut", {{"amenities.geojson", "[121.1871671,31.3106847]", "[12187.1671,31.3106847]"}}, nullptr,
       Command::kCheckAndBuild, {}, 2, {amenities + ": feature 0 (id 'A1'): " + invalid + "longitude 12187.1671 is far outside"}});
  add({"ProjectedFarOutside",
       {}, write_parcels_gpkg(4549, "POLYGON ((1e12 3465000,1e12 3465100,1000000000100 3465100,1000000000100 3465000,1e12 3465000))"),
       Command::kCheckAndBuild, {}, 2,
       {"anting/parcels.gpkg: layer 'parcels': feature 1 (id 'P1'): " + invalid +
        "coordinate (1e+12, 3465000) is far outside any place on Earth in CGCS2000 / 3-degree Gauss-Kruger CM 120E"}});

  // -- Fields: missing, mistyped, out of range, duplicate.
  add({"MissingColumn", {{"tenants.csv", ",provenance,", ",origin,"}}, nullptr, Command::kCheckAndBuild, {}, 2,
       {tenants + ": field 'provenance': required column is missing"}});
  add({"MissingProperty", {{"parcels.geojson", "\"phase\":", "\"phase_no\":"}}, nullptr, Command::kCheckAndBuild, {}, 2,
       {p1 + ": field 'phase': value is missing"}});
  add({"MissingValue", {{"buildings.geojson", "\"gfa_m2\":12000.0", "\"gfa_m2\":null"}}, nullptr, Command::kCheckAndBuild, {},
       2, {buildings + ": feature 0 (id 'B1-1'): field 'gfa_m2': value is missing"}});
  add({"TextWhereInteger", {{"parcels.geojson", "\"phase\":1", "\"phase\":\"one\""}}, nullptr, Command::kCheckAndBuild, {}, 2,
       {p1 + ": field 'phase': 'one' is not an integer"}});
  add({"TextWhereNumber", {{"buildings.geojson", "\"gfa_m2\":12000.0", "\"gfa_m2\":\"lots\""}}, nullptr,
       Command::kCheckAndBuild, {}, 2, {buildings + ": feature 0 (id 'B1-1'): field 'gfa_m2': 'lots' is not a number"}});
  add({"NegativeAccuracy", {{"parcels.geojson", "\"accuracy_m\":2000.0", "\"accuracy_m\":-5"}}, nullptr,
       Command::kCheckAndBuild, {}, 2, {p1 + ": field 'accuracy_m': -5 is negative"}});
  add({"StoreysBelowOne", {{"buildings.geojson", "\"storeys\":6", "\"storeys\":0"}}, nullptr, Command::kCheckAndBuild, {}, 2,
       {buildings + ": feature 0 (id 'B1-1'): field 'storeys': 0 is below the smallest allowed value 1"}});
  add({"UnknownProvenance", {{"parcels.geojson", "\"provenance\":\"modelled\"", "\"provenance\":\"guessed\""}}, nullptr,
       Command::kCheckAndBuild, {}, 2, {p1 + ": field 'provenance': 'guessed' is not one of: modelled, surveyed, published"}});
  add({"UnknownAmenityStatus", {{"amenities.geojson", "\"status\":\"planned\"", "\"status\":\"maybe\""}}, nullptr,
       Command::kCheckAndBuild, {}, 2, {amenities + ": feature 0 (id 'A1'): field 'status': 'maybe' is not one of"}});
  add({"DuplicateParcelId", {{"parcels.geojson", "\"id\":\"P2\"", "\"id\":\"P1\""}}, nullptr, Command::kCheckAndBuild, {}, 2,
       {parcels + ": feature 1 (id 'P1'): field 'id': duplicate id 'P1'"}});
  add({"DuplicateTenantId", {{"tenants.csv", "\nT2,", "\nT1,"}}, nullptr, Command::kCheckAndBuild, {}, 2,
       {tenants + ": feature 2 (id 'T1'): field 'id': duplicate id 'T1'"}});
  add({"NotUtf8InGeoJson", {{"parcels.geojson", "Phase 1 parcel", "Phase 1 \xff\xfe parcel"}}, nullptr,
       Command::kCheckAndBuild, {}, 2, {p1 + ": field 'name_en': text is not valid UTF-8"}});

  // -- References across layers.
  add({"BuildingOnUnknownParcel", {{"buildings.geojson", "\"parcel_id\":\"P1\"", "\"parcel_id\":\"P9\""}}, nullptr,
       Command::kCheckAndBuild, {}, 2, {buildings + ": feature 0 (id 'B1-1'): field 'parcel_id': no parcel has id 'P9'"}});
  add({"BuildingPhaseDiffers", {{"buildings.geojson", "\"parcel_id\":\"P1\",\"phase\":1", "\"parcel_id\":\"P1\",\"phase\":2"}},
       nullptr, Command::kCheckAndBuild, {}, 2,
       {buildings + ": feature 0 (id 'B1-1'): field 'phase': phase 2 differs from phase 1 of its parcel 'P1'"}});
  add({"TenantInUnknownBuilding", {{"tenants.csv", "Ltd.\",上海君赛生物股份有限公司,,", "Ltd.\",上海君赛生物股份有限公司,B9-9,"}},
       nullptr, Command::kCheckAndBuild, {}, 2, {tenants + ": feature 1 (id 'T1'): field 'bldg_id': no building has id 'B9-9'"}});

  // -- Stated figures.
  add({"UnknownUnit", {{"stated_figures.csv", "F01,parcel_phase:3,land_area,13.5,,mu,", "F01,parcel_phase:3,land_area,13.5,,acres,"}},
       nullptr, Command::kCheckAndBuild, {}, 2, {figures + ": feature 1 (id 'F01'): field 'unit': unknown unit 'acres'"}});
  add({"UnknownQualifier", {{"stated_figures.csv", "F02,parcel_phase:3,land_area,0.9,about,", "F02,parcel_phase:3,land_area,0.9,roughly,"}},
       nullptr, Command::kCheckAndBuild, {}, 2, {figures + ": feature 2 (id 'F02'): field 'qualifier': unknown qualifier 'roughly'"}});
  add({"FigureNotANumber", {{"stated_figures.csv", "F10,parcel_phase:1,land_area,1.53,", "F10,parcel_phase:1,land_area,1.5.3,"}},
       nullptr, Command::kCheckAndBuild, {}, 2, {figures + ": feature 10 (id 'F10'): field 'value': '1.5.3' is not a number as written"}});
  add({"CountNotWhole", {{"stated_figures.csv", "F07,park,count_sme,24,", "F07,park,count_sme,24.5,"}}, nullptr,
       Command::kCheckAndBuild, {}, 2, {figures + ": feature 7 (id 'F07'): field 'value': a count must be a whole number"}});
  add({"FigureFailsItsCheck", {{"stated_figures.csv", "F10,parcel_phase:1,land_area,1.53,", "F10,parcel_phase:1,land_area,1.63,"}},
       nullptr, Command::kArgs, {"check", "{src}"}, 1, {}});

  // -- Layers missing, doubled, or not files; a source with no CRS.
  add({"MissingLayerFile", {}, [](const std::string& source) { fs::remove(source + "/roads.geojson"); },
       Command::kCheckAndBuild, {}, 2, {"anting: layer 'roads': no file for the layer"}});
  add({"TwoFilesForOneLayer", {}, [](const std::string& source) {
         fs::copy_file(source + "/tenants.csv", source + "/roads.csv");
       }, Command::kCheckAndBuild, {}, 2, {"anting: layer 'roads': several files for the layer"}});
  add({"LayerFileIsAFolder", {}, [](const std::string& source) {
         fs::remove(source + "/parcels.geojson");
         fs::create_directory(source + "/parcels.geojson");
       }, Command::kCheckAndBuild, {}, 2, {parcels + ": is a folder, not a file"}});
  add({"ShapefileWithoutPrj", {}, convert_layer("parcels", ".shp", {}, {"parcels.prj"}), Command::kCheckAndBuild, {}, 2,
       {"anting/parcels.shp: layer 'parcels': the layer has no CRS"}});
  add({"MissingSource", {}, nullptr, Command::kArgs, {"check", "{src}/no-such-park"}, 2,
       {"anting/no-such-park: no such file or folder"}});
  add({"SourceIsAFileNotAFolder", {}, nullptr, Command::kArgs, {"check", "{src}/parcels.geojson"}, 2,
       {"anting/parcels.geojson: layer 'buildings': the source has no layer 'buildings'"}});

  // -- Outputs that must be refused before anything is written.
  add({"BuildOverItsOwnInput", {}, convert_layer("parcels", ".gpkg", {}), Command::kArgs,
       {"build", "{src}", "-o", "{src}/parcels.gpkg", "--overwrite"}, 2,
       {"anting/parcels.gpkg: the output would replace its own input"}});
  add({"BuildIntoMissingFolder", {}, nullptr, Command::kArgs, {"build", "{src}", "-o", "{out}/no/park.gpkg"}, 2,
       {"park.gpkg: the output folder", "does not exist"}});
  add({"BuildOutputIsAFolder", {}, nullptr, Command::kArgs, {"build", "{src}", "-o", "{src}", "--overwrite"}, 2,
       {"anting: the output would replace its own input"}});
  add({"AreaOverItsOwnInput", {}, nullptr, Command::kArgs,
       {"area", "{src}/parcels.geojson", "-o", "{src}/parcels.geojson", "--overwrite"}, 2,
       {"anting/parcels.geojson: the output would replace its own input"}});
  add({"AreaMissingInput", {}, nullptr, Command::kArgs, {"area", "{src}/nothing.gpkg", "-o", "{out}/a.gpkg"}, 2,
       {"anting/nothing.gpkg: no such file or folder"}});
  add({"AreaOfAFolder", {}, nullptr, Command::kArgs, {"area", "{src}", "-o", "{out}/a.gpkg"}, 2,
       {"anting: is a folder that GDAL cannot read"}});
  add({"AreaOfEmptyFile", {}, replace_with("parcels.geojson", "empty.geojson"), Command::kArgs,
       {"area", "{src}/parcels.geojson", "--json", "-o", "{out}/a.gpkg"}, 2, {"anting/parcels.geojson: the file is empty"}});
  add({"AreaOfNaN", {{"parcels.geojson", kP1FirstPoint, "[NaN,31.3090501],[121.1843091"}}, nullptr, Command::kArgs,
       {"area", "{src}/parcels.geojson", "-o", "{out}/a.gpkg"}, 2, {p1.substr(0, p1.find(" (id")), "not a finite number"}});
  add({"AreaOfSelfIntersection",
       {{"parcels.geojson", "[121.1843091,31.3093201],[121.1839116,31.310527]", "[121.1839116,31.310527],[121.1843091,31.3093201]"}},
       nullptr, Command::kArgs, {"area", "{src}/parcels.geojson", "--json"}, 2,
       {"anting/parcels.geojson: layer 'parcels': feature 0: invalid geometry: Self-intersection"}});
  add({"AreaOfUnclosedRing",
       {{"parcels.geojson", kP1Ring, "[[121.1831969,31.3090501],[121.1843091,31.3093201],[121.1839116,31.310527],[121.1827994,31.3102569]]"}},
       nullptr, Command::kArgs, {"area", "{src}/parcels.geojson", "-o", "{out}/a.gpkg"}, 2,
       {"anting/parcels.geojson: layer 'parcels': feature 0: invalid geometry: the exterior ring is not closed"}});
  add({"AreaWithoutCrs", {}, convert_layer("parcels", ".shp", {}, {"parcels.prj"}), Command::kArgs,
       {"area", "{src}/parcels.shp", "-o", "{out}/a.gpkg"}, 2, {"anting/parcels.shp: layer 'parcels': the layer has no CRS"}});
  add({"AreaUnknownLayer", {}, nullptr, Command::kArgs, {"area", "{src}/parcels.geojson", "--layer", "plots", "--json"}, 2,
       {"anting/parcels.geojson: layer 'plots': no such layer"}});
  add({"AreaUnknownOutputFormat", {}, nullptr, Command::kArgs, {"area", "{src}/parcels.geojson", "-o", "{out}/a.xyz"}, 2,
       {"a.xyz: unknown output format"}});
  add({"AreaOutputExists", {}, nullptr, Command::kArgs, {"area", "{src}/parcels.geojson", "-o", "{src}/roads.geojson"}, 2,
       {"anting/roads.geojson: the output exists; add --overwrite to replace it"}});

  // -- 3D and measured geometries: these must work.
  add({"ThreeDimensional", {}, [](const std::string& source) {
         for (const char* layer : {"parcels", "buildings", "roads", "amenities"}) {
           const std::string path = source + "/" + layer + ".geojson";
           test::write_text(path, with_z(test::read_text(path)));
           ASSERT_NE(test::read_text(path).find(",12.5]"), std::string::npos) << path;
         }
       }, Command::kArgs, {"build", "{src}", "-o", "{out}/park.gpkg", "-q"}, 0, {}});
  add({"MeasuredGeoPackage", {}, [](const std::string& source) {
         convert_layer("parcels", ".gpkg", {"-dim", "XYZM"})(source);
         convert_layer("buildings", ".gpkg", {"-dim", "XYM"})(source);
       }, Command::kArgs, {"check", "{src}"}, 0, {}});
  add({"AreaOfMeasuredGeoPackage", {}, convert_layer("parcels", ".gpkg", {"-dim", "XYZM"}), Command::kArgs,
       {"area", "{src}/parcels.gpkg", "--json", "-o", "{out}/areas.gpkg"}, 0, {}});
  return list;
}

// ---- Running a row ---------------------------------------------------------------------------

// Every file under the folder (names and contents), hashed: FNV-1a 64.
std::map<std::string, std::uint64_t> hash_tree(const std::string& folder) {
  std::map<std::string, std::uint64_t> hashes;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    std::uint64_t hash = 1469598103934665603ull;
    if (entry.is_regular_file()) {
      for (const char c : test::read_text(entry.path().string())) {
        hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
      }
    }
    hashes[fs::relative(entry.path(), folder).string()] = hash;
  }
  return hashes;
}

std::string expand(const std::string& arg, const std::string& src, const std::string& out) {
  std::string text = arg;
  for (const auto& [key, value] : {std::pair<std::string, std::string>{"{src}", src}, {"{out}", out}}) {
    for (size_t at = text.find(key); at != std::string::npos; at = text.find(key)) text.replace(at, key.size(), value);
  }
  return text;
}

std::vector<std::string> list(const std::string& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) names.push_back(entry.path().filename().string());
  return names;
}

// The command under timeout(1): a hang is killed after 60 s and shows as exit code 124.
test::CommandResult run_guarded(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"/usr/bin/timeout", "-k", "5", "60", PARKLAYERS_TEST_EXE};
  argv.insert(argv.end(), args.begin(), args.end());
  return test::run(argv);
}

class BadInput : public ::testing::TestWithParam<Case> {};

TEST_P(BadInput, RefusedClearly) {
  const Case& c = GetParam();
  test::TempDir dir;
  const std::string source = test::copy_anting(dir);
  const std::string out = dir.file("out");
  fs::create_directory(out);
  for (const Edit& edit : c.edits) test::replace_in_file(source + "/" + edit.file, edit.from, edit.to);
  if (c.make) c.make(source);
  ASSERT_FALSE(HasFatalFailure());
  const auto before = hash_tree(source);

  std::vector<std::vector<std::string>> commands;
  if (c.command == Command::kCheckAndBuild) {
    commands = {{"check", source}, {"build", source, "-o", out + "/park.gpkg"}};
  } else {
    std::vector<std::string> args;
    for (const std::string& arg : c.args) args.push_back(expand(arg, source, out));
    commands = {args};
  }
  for (const auto& args : commands) {
    SCOPED_TRACE(args[0]);
    const test::CommandResult result = run_guarded(args);
    EXPECT_NE(result.exit_code, 124) << "timed out (a hang)";
    EXPECT_LT(result.exit_code, 128) << "crashed: " << result.err;
    EXPECT_EQ(result.exit_code, c.exit_code) << result.err;
    for (const std::string& word : c.words) {
      EXPECT_NE(result.err.find(word), std::string::npos) << "'" << word << "' not in:\n" << result.err;
    }
    if (c.exit_code == 2) {
      EXPECT_EQ(result.err.rfind("parklayers: error: ", 0), 0u) << result.err;
      EXPECT_EQ(list(out), std::vector<std::string>{}) << "output left behind";
    } else if (c.exit_code == 0) {
      EXPECT_EQ(result.err, "");
    }
    EXPECT_EQ(result.err.find("Warning 1:"), std::string::npos) << "GDAL's own noise: " << result.err;
    EXPECT_EQ(hash_tree(source), before) << "the source was changed";
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadInput, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& row) { return row.param.name; });

TEST(BadInputCorpus, HasAtLeastFortyCases) { EXPECT_GE(cases().size(), 40u); }

// --skip-invalid: the invalid features are left out, each named in a warning, and counted.
TEST(SkipInvalid, SkipsWithAWarningAndACount) {
  test::TempDir dir;
  const std::string source = test::copy_anting(dir);
  test::replace_in_file(source + "/roads.geojson", "[121.1773966,31.3092262]", "[NaN,31.3092262]");
  test::replace_in_file(source + "/amenities.geojson", "[121.1871671,31.3106847]", "[121.1871671,95]");
  ensure_gdal_registered();
  const auto refused = test::parklayers({"check", source});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  const auto skipped = test::parklayers({"check", source, "--skip-invalid"});
  EXPECT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_NE(skipped.err.find("warning: skipped: " + source +
                             "/roads.geojson: layer 'roads': feature 0 (id 'R0'): invalid geometry: a "
                             "coordinate is not a finite number"),
            std::string::npos)
      << skipped.err;
  EXPECT_NE(skipped.err.find("amenities.geojson: layer 'amenities': feature 0 (id 'A1'): invalid geometry: latitude 95"),
            std::string::npos) << skipped.err;
  EXPECT_NE(skipped.err.find("warning: skipped 2 invalid features (--skip-invalid)"), std::string::npos) << skipped.err;

  const std::string out = dir.file("park.gpkg");
  const auto built = test::parklayers({"build", source, "--skip-invalid", "-q", "-o", out});
  EXPECT_EQ(built.exit_code, 0) << built.err;
  GDALDatasetUniquePtr park(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(park);
  EXPECT_EQ(park->GetLayerByName("roads")->GetFeatureCount(), 2);
  // area --skip-invalid: the areas of the valid features only.
  // Then for area (the park would lose P1's buildings): a self-intersecting P1.
  test::replace_in_file(source + "/parcels.geojson", "[121.1843091,31.3093201],[121.1839116,31.310527]",
                        "[121.1839116,31.310527],[121.1843091,31.3093201]");
  const auto areas = test::parklayers({"area", source + "/parcels.geojson", "--json", "--skip-invalid"});
  EXPECT_EQ(areas.exit_code, 0) << areas.err;
  EXPECT_EQ(areas.out.find("\"fid\": 0,"), std::string::npos) << areas.out;
  EXPECT_NE(areas.out.find("\"fid\": 1,"), std::string::npos) << areas.out;
  EXPECT_NE(areas.err.find("parcels.geojson: layer 'parcels': feature 0: invalid geometry: Self-intersection"),
            std::string::npos) << areas.err;
  EXPECT_NE(areas.err.find("warning: skipped 1 invalid feature (--skip-invalid)"), std::string::npos) << areas.err;
  EXPECT_EQ(test::parklayers({"area", source + "/parcels.geojson", "--json"}).exit_code, 2);

  // A wrong geometry type is a schema problem, not an invalid geometry: never skipped.
  test::replace_in_file(source + "/roads.geojson", kR1Geometry,
                        R"("geometry":{"type":"Point","coordinates":[121.18,31.31]},"x":{"co)");
  EXPECT_EQ(test::parklayers({"check", source, "--skip-invalid"}).exit_code, 2);
}

}  // namespace
}  // namespace parklayers
