// SPDX-License-Identifier: GPL-2.0-or-later
// The values arguments take, judged once for the command line and Processing: formats, the
// language, --s_srs, --method and --unit of check, each bad one a UsageError naming the option.
#include "parklayers/command/values.h"

#include <gtest/gtest.h>

#include "parklayers/command/check.h"
#include "parklayers/command/convert.h"

namespace parklayers::command {
namespace {

TEST(Values, FormatsByAnyOfTheirNames) {
  EXPECT_EQ(formats_of({"gpkg", "ESRI Shapefile", "SHP", "baopan"}),
            (std::vector<Format>{Format::GeoPackage, Format::Shapefile, Format::Shapefile, Format::Baopan}));
  EXPECT_THROW(formats_of({"DWG"}), UsageError);
  // XLSX is convert's boundary-point workbook, not a format of the features (build refuses it).
  EXPECT_THROW(formats_of({"XLSX"}), UsageError);
  const ConvertFormats convert = convert_formats_of({"xlsx", "GPKG"});
  EXPECT_EQ(convert.formats, std::vector<Format>{Format::GeoPackage});
  EXPECT_TRUE(convert.point_workbooks);
  EXPECT_FALSE(convert_formats_of({"GPKG"}).point_workbooks);
  EXPECT_TRUE(convert_formats_of({"XLSX"}).formats.empty());
}

TEST(Values, Language) {
  EXPECT_EQ(language_of("zh"), Language::Chinese);
  EXPECT_EQ(language_of("en"), Language::English);
  try {
    language_of("fr");
    FAIL();
  } catch (const UsageError& error) {
    EXPECT_STREQ(error.what(), "--lang takes en or zh, not 'fr'");
  }
}

TEST(Values, SourceCrsGcj02OrAnAssignedCrs) {
  InputOptions input;
  EXPECT_EQ(source_crs_of("GCJ02", input), ChineseCrs::Gcj02);
  EXPECT_TRUE(input.assign_crs.empty());
  InputOptions assigned;
  EXPECT_EQ(source_crs_of("EPSG:4528", assigned), std::nullopt);
  EXPECT_EQ(assigned.assign_crs, "EPSG:4528");
  InputOptions bad;
  EXPECT_THROW(source_crs_of("EPSG:999999", bad), UsageError);
}

TEST(Values, InputOptionsKeepTheCommandLinesHint) {
  const InputOptions input = input_options("EPSG:4549", "GBK", "id = 'P3'");
  EXPECT_EQ(input.assign_crs, "EPSG:4549");
  EXPECT_EQ(input.encoding, "GBK");
  EXPECT_EQ(input.where, "id = 'P3'");
  EXPECT_EQ(input.assign_crs_hint, "with --a_srs CRS");
}

TEST(Values, CheckMethodAndUnit) {
  CheckArgs args;
  args.method = "planar";
  args.unit = "MU";
  args.overlap_tolerance = 0.5;
  const StatedParcelOptions parcels = stated_parcel_options(args);
  EXPECT_EQ(parcels.method, AreaMethod::Planar);
  EXPECT_EQ(parcels.unit, Unit::Mu);
  EXPECT_DOUBLE_EQ(parcels.overlap_tolerance_m2, 0.5);
  EXPECT_TRUE(takes_layer_of_parcels(args));
  args.unit = "m";  // a length
  try {
    stated_parcel_options(args);
    FAIL();
  } catch (const UsageError& error) {
    EXPECT_STREQ(error.what(), "--unit takes m2, mu or ha, not 'm'");
  }
  args.unit.clear();
  args.method = "flat";
  EXPECT_THROW(stated_parcel_options(args), UsageError);
  EXPECT_FALSE(takes_layer_of_parcels(CheckArgs{}));
}

}  // namespace
}  // namespace parklayers::command
