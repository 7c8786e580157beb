// SPDX-License-Identifier: GPL-2.0-or-later
// The plan of a conversion (convert_plan.cpp), through what convert.h shows of it: the outputs
// planned_outputs promises, laid out as convert.h documents, and the refusals that come before
// anything is written.
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <ogrsf_frmts.h>

#include "parklayers/gis/error.h"
#include "parklayers/io/convert.h"
#include "test_support.h"

namespace fs = std::filesystem;

namespace parklayers {
namespace {

// A GeoPackage zones.gpkg with one polygon layer "parcels".
std::string zones(const test::TempDir& dir) {
  const std::string path = dir.file("zones.gpkg");
  test::write_gpkg_layer(path, "parcels", [](OGRLayer& layer) { test::add_field(layer, "id", OFTString); });
  return path;
}

// The first problem's message of what `run` throws as InputError; "" when it throws nothing.
template <typename Run>
std::string input_error(Run run) {
  try {
    run();
  } catch (const InputError& error) {
    return error.problems().empty() ? "(no problem)" : error.problems().front().to_string();
  }
  return "";
}

TEST(ConvertPlan, PlannedOutputsAreTheDocumentedLayoutAndNothingIsWritten) {
  test::TempDir dir;
  const std::string input = zones(dir);
  ConvertOptions options;
  options.formats = {Format::GeoPackage, Format::Shapefile, Format::CSV, Format::Shapefile};
  options.default_style = [](OGRLayer&) { return std::optional<std::string>("<qgis/>"); };
  const std::string out = dir.file("out");
  const std::string folder = out + "/zones/parcels";
  // Written out by hand from convert.h's layout: OUTDIR/STEM.gpkg; the Shapefile's sidecars and
  // its QML; the CSV and its .csvt, which gets no QML (attributes only). Sorted.
  const std::vector<std::string> expected = {
      out + "/zones.gpkg",          folder + ".cpg",  folder + ".csv",           folder + ".csvt",
      folder + ".dbf",              folder + ".fields.csv", folder + ".long_text.csv", folder + ".prj",
      folder + ".qml",              folder + ".shp",  folder + ".shx"};
  EXPECT_EQ(planned_outputs({SourceName(input)}, out, options), expected);
  std::error_code ec;
  EXPECT_FALSE(fs::exists(out, ec));  // planning writes nothing

  options.names = {"renamed"};
  EXPECT_EQ(planned_outputs({SourceName(input)}, out, options).front(), out + "/renamed.gpkg");
}

TEST(ConvertPlan, DatabaseOutputAndFormatMustAgree) {
  test::TempDir dir;
  const std::string input = zones(dir);
  ConvertOptions options;
  options.formats = {Format::Shapefile};
  const std::string to_files =
      input_error([&] { planned_outputs({SourceName(input)}, "PG:dbname=parks password=secret", options); });
  EXPECT_NE(to_files.find("a database output needs -f PostgreSQL"), std::string::npos) << to_files;
  EXPECT_EQ(to_files.find("secret"), std::string::npos) << to_files;

  options.formats = {Format::PostgreSQL};
  const std::string to_folder = input_error([&] { planned_outputs({SourceName(input)}, dir.file("out"), options); });
  EXPECT_NE(to_folder.find("-f PostgreSQL writes into a database"), std::string::npos) << to_folder;

  options.formats = {Format::PostgreSQL, Format::GeoPackage};
  const std::string mixed = input_error([&] { planned_outputs({SourceName(input)}, "PG:dbname=parks", options); });
  EXPECT_NE(mixed.find("cannot be mixed with file formats"), std::string::npos) << mixed;
}

TEST(ConvertPlan, EveryExistingOutputIsReportedBeforeAnythingIsWritten) {
  test::TempDir dir;
  const std::string input = zones(dir);
  ConvertOptions options;
  options.formats = {Format::GeoPackage, Format::GeoJSON};
  const std::string out = dir.file("out");
  fs::create_directories(out + "/zones");
  test::write_text(out + "/zones.gpkg", "mine");
  test::write_text(out + "/zones/parcels.geojson", "mine too");
  try {
    convert({SourceName(input)}, out, options);
    FAIL() << "no error";
  } catch (const InputError& error) {
    ASSERT_EQ(error.problems().size(), 2u);
    EXPECT_EQ(error.problems()[0].where.file, out + "/zones.gpkg");
    EXPECT_EQ(error.problems()[1].where.file, out + "/zones/parcels.geojson");
  }
  EXPECT_EQ(test::read_text(out + "/zones.gpkg"), "mine");
  EXPECT_EQ(test::read_text(out + "/zones/parcels.geojson"), "mine too");
}

}  // namespace
}  // namespace parklayers
