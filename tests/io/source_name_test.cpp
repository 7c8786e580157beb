// SPDX-License-Identifier: GPL-2.0-or-later
// A source's name classified once (source_name.h): what exists on disk against GDAL's names, and
// how a database is shown and named without its password.
#include "parklayers/io/source_name.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "test_support.h"

namespace parklayers {
namespace {

using Kind = SourceName::Kind;

// The kind's word, so that a failure says which kind it was.
std::string kind_of(const std::string& text) { return to_string(SourceName(text).kind()); }

TEST(SourceName, WhatIsOnDiskIsAFileOrAFolder) {
  test::TempDir dir;
  std::filesystem::create_directory(dir.file("park"));
  test::write_text(dir.file("parcels.geojson"), "{}");
  EXPECT_EQ(kind_of(dir.file("park")), "folder");
  EXPECT_EQ(kind_of(dir.file("park") + "/"), "folder");
  EXPECT_EQ(kind_of(dir.file("parcels.geojson")), "file");
  const SourceName file(dir.file("parcels.geojson"));
  EXPECT_TRUE(file.is_file());
  EXPECT_TRUE(file.exists_on_disk());
  EXPECT_FALSE(file.is_dataset());
  EXPECT_EQ(file.text(), dir.file("parcels.geojson"));
  // A file of a database's name is a file: what is on disk comes first.
  test::write_text(dir.file("PG:x"), "");
  EXPECT_EQ(kind_of(dir.file("PG:x")), "file");
}

TEST(SourceName, ConnectionStringsAndVirtualFilesAreNotPaths) {
  test::TempDir dir;
  EXPECT_EQ(kind_of("PG:dbname=x"), "database");
  EXPECT_EQ(kind_of("pg:service=parks"), "database");
  // A URI without PG: is opened by GDAL as it is (its PostgreSQL driver knows it) but is not
  // named as a database here: it is shown as it was given.
  EXPECT_EQ(kind_of("postgresql://gis@db.example/parks"), "dataset");
  EXPECT_EQ(kind_of("WFS:https://example.org/wfs"), "dataset");
  EXPECT_EQ(kind_of("/vsizip/a.zip/b.shp"), "dataset");
  EXPECT_EQ(kind_of("/vsizip/" + dir.file("a.zip") + "/b.shp"), "dataset");
  EXPECT_TRUE(SourceName("PG:dbname=x").is_dataset());
  EXPECT_TRUE(SourceName("PG:dbname=x").is_database());
  EXPECT_FALSE(SourceName("/vsizip/a.zip/b.shp").is_database());
}

TEST(SourceName, ATypoIsMissing) {
  test::TempDir dir;
  EXPECT_EQ(kind_of(dir.file("parcels.geojson")), "missing");  // nothing there: not a GDAL name
  EXPECT_EQ(kind_of("C:/parks/a.shp"), "missing");               // a Windows drive, not a driver
  EXPECT_EQ(kind_of("PGparks/x.shp"), "missing");
  EXPECT_EQ(kind_of(""), "missing");
  EXPECT_EQ(SourceName().kind(), Kind::Missing);
  // Classified when made: a file written afterwards does not change the value.
  const SourceName before(dir.file("late.gpkg"));
  test::write_text(dir.file("late.gpkg"), "");
  EXPECT_EQ(before.kind(), Kind::Missing);
  EXPECT_EQ(kind_of(dir.file("late.gpkg")), "file");
}

TEST(SourceName, ShownAndNamedWithoutPassword) {
  const SourceName name("PG:host=db port=5433 dbname=cadastre user=gis password=s3cret schemas=anting");
  EXPECT_EQ(name.display().find("s3cret"), std::string::npos);
  EXPECT_NE(name.display().find("dbname='cadastre'"), std::string::npos);
  EXPECT_NE(name.text().find("s3cret"), std::string::npos);  // what GDAL is given keeps it
  EXPECT_EQ(SourceName("a/b.gpkg").display(), "a/b.gpkg");
  EXPECT_EQ(name.stem(), "cadastre_anting");
  EXPECT_EQ(SourceName("PG:dbname=cadastre active_schema=park").stem(), "cadastre_park");
  EXPECT_EQ(SourceName("PG:service=land").stem(), "land");
  EXPECT_EQ(SourceName("WFS:https://example.org/geoserver/wfs?x=1").stem(), "wfs");
  EXPECT_EQ(SourceName("folder/parcels.geojson").stem(), "parcels");
  EXPECT_EQ(SourceName("/vsizip/a.zip/b.shp").stem(), "b");
  test::TempDir dir;
  std::filesystem::create_directory(dir.file("north.park"));
  EXPECT_EQ(SourceName(dir.file("north.park") + "/").stem(), "north.park");  // a folder keeps its whole name
}

}  // namespace
}  // namespace parklayers
