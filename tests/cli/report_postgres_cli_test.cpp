// SPDX-License-Identifier: GPL-2.0-or-later
// `parklayers report` on a park kept in a PostGIS schema: the sheet made from the database (the
// same checks as the park's folder), the database named on it without its password.
#include <gtest/gtest.h>

#include <string>

#include "test_support.h"

namespace parklayers {
namespace {

TEST(ReportPostgresCli, ParkInASchema) {
  const test::PgTestDatabase db;
  db.query("create schema anting");
  for (const char* layer : {"parcels.geojson", "buildings.geojson", "roads.geojson", "amenities.geojson",
                            "tenants.csv", "stated_figures.csv"}) {
    const std::string name = layer;
    const auto loaded = test::run({"/usr/bin/ogr2ogr", "-f", "PostgreSQL", db.gdal_name(),
                                   test::anting_source() + "/" + name, "-nln", name.substr(0, name.find('.')),
                                   "-lco", "SCHEMA=anting", "-lco", "GEOMETRY_NAME=geom", "-lco", "FID=fid"});
    ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
  }
  const std::string password = "parklayers-report-secret";
  test::TempDir dir;
  const auto result = test::parklayers(
      {"report", db.gdal_name() + " password=" + password + " schemas=anting", "-o", dir.file("db.pdf")});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.out.find(password), std::string::npos) << result.out;
  const auto text = test::run({"/usr/bin/pdftotext", "-layout", dir.file("db.pdf"), "-"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(text.out.find(password), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("13.45 .. 13.55 mu"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("6 pass, 0 fail, 6 incomplete"), std::string::npos) << text.out;
  // The input: the database by name and host, and the schema; the title is the schema's name.
  EXPECT_NE(text.out.find("database " + db.name()), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("schema anting"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("Modelled, not surveyed"), std::string::npos) << text.out;
}

}  // namespace
}  // namespace parklayers
