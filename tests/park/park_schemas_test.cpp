// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/park/park_schemas.h"

#include <gtest/gtest.h>

#include "parklayers/gis/error.h"
#include "test_support.h"

namespace parklayers {
namespace {

using test::PgTestDatabase;

TEST(ParkSchemas, ListsTheSchemasHoldingAParcelsTable) {
  const PgTestDatabase db;
  db.query(
      "create schema anting_park; create table anting_park.parcels (fid serial primary key, geom geometry);"
      "create schema \"园区 二\"; create view \"园区 二\".parcels as select 1 as fid;"
      "create schema roads_only; create table roads_only.roads (fid serial primary key);"
      "create table public.buildings (fid serial primary key)");
  const std::vector<std::string> expected = {"anting_park", "园区 二"};
  EXPECT_EQ(park_schemas(db.gdal_name()), expected);
}

TEST(ParkSchemas, NoneInADatabaseWithoutParks) {
  const PgTestDatabase db;
  EXPECT_TRUE(park_schemas(db.gdal_name()).empty());
}

TEST(ParkSchemas, AWrongPasswordNamesHostAndDatabaseOnly) {
  const PgTestDatabase db;
  const std::string name = "PG:host=127.0.0.1 port=" + std::to_string(db.port()) + " dbname=" + db.name() +
                           " user=parklayers_pw password=not-the-password";
  try {
    park_schemas(name);
    FAIL() << "listed schemas with a wrong password";
  } catch (const OutputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("database " + db.name() + " on 127.0.0.1:" + std::to_string(db.port())), std::string::npos)
        << message;
    EXPECT_EQ(message.find("not-the-password"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace parklayers
