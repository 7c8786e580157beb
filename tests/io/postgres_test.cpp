// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/io/postgres.h"

#include <gtest/gtest.h>

#include "parklayers/gis/error.h"
#include "test_support.h"

namespace parklayers {
namespace {

using test::PgTestDatabase;

TEST(PostgresName, IsRecognisedByGdalsPrefix) {
  EXPECT_TRUE(is_postgres_name("PG:dbname=parks"));
  EXPECT_TRUE(is_postgres_name("pg:service=parks"));
  EXPECT_FALSE(is_postgres_name("parks.gpkg"));
  EXPECT_FALSE(is_postgres_name("PGparks/x.shp"));
}

TEST(PostgresName, PasswordIsTakenOutAndGdalKeysKept) {
  const std::string name = "PG:host=db.example port=5433 dbname=parks user=gis password='s3 cr\\'et' schemas=a,b";
  const std::string shown = pg_name_without_password(name);
  EXPECT_EQ(shown.find("s3"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("password"), std::string::npos) << shown;
  EXPECT_NE(shown.find("host='db.example'"), std::string::npos) << shown;
  EXPECT_NE(shown.find("schemas=a,b"), std::string::npos) << shown;
  EXPECT_EQ(pg_conninfo(name).find("schemas"), std::string::npos);
  EXPECT_EQ(pg_name_without_password("PG:postgresql://gis:s3cret@db.example:5433/parks").find("s3cret"),
            std::string::npos);
}

TEST(PostgresName, ValuesOfLibpqAndGdalKeys) {
  const std::string name = "PG:host=db.example dbname='my parks' password=s3cret schemas=a,b";
  EXPECT_EQ(pg_name_value(name, "dbname"), "my parks");
  EXPECT_EQ(pg_name_value(name, "password"), "s3cret");
  EXPECT_EQ(pg_name_value(name, "schemas"), "a,b");
  EXPECT_EQ(pg_name_value(name, "active_schema"), "");
  EXPECT_EQ(pg_name_value(name, "port"), "");
}

TEST(PostgresName, DescriptionNamesDatabaseAndHostOnly) {
  EXPECT_EQ(describe_database("PG:host=db.example port=5433 dbname=parks user=gis password=s3cret"),
            "database parks on db.example:5433");
  EXPECT_EQ(describe_database("PG:postgresql://gis:s3cret@db.example:5433/parks"), "database parks on db.example:5433");
}

TEST(PostgresName, IdentifiersAreQuoted) {
  EXPECT_EQ(quote_identifier("parcels"), "\"parcels\"");
  EXPECT_EQ(quote_identifier("a\"; drop table x; --"), "\"a\"\"; drop table x; --\"");
  EXPECT_EQ(quote_table("park", "地块"), "\"park\".\"地块\"");
}

TEST(PgConnection, RunsQueriesWithParameters) {
  const PgTestDatabase db;
  const PgConnection connection(db.gdal_name());
  EXPECT_EQ(connection.description(), "database " + db.name() + " on 127.0.0.1:" + std::to_string(db.port()));
  const auto rows = connection.query("select $1::text || '!', postgis_lib_version()", {"a'b"});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "a'b!");
  EXPECT_EQ(rows[0][1].rfind("3.", 0), 0u) << rows[0][1];
}

TEST(PgConnection, WrongPasswordIsAnOutputErrorNamingHostAndDatabaseOnly) {
  const PgTestDatabase db;
  const std::string name = "PG:host=127.0.0.1 port=" + std::to_string(db.port()) + " dbname=" + db.name() +
                           " user=parklayers_pw password=not-the-password";
  try {
    const PgConnection connection(name);
    FAIL() << "connected with a wrong password";
  } catch (const OutputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("database " + db.name() + " on 127.0.0.1:" + std::to_string(db.port())), std::string::npos)
        << message;
    EXPECT_NE(message.find("password authentication failed"), std::string::npos) << message;
    EXPECT_EQ(message.find("not-the-password"), std::string::npos) << message;
  }
  // And with the right one it connects.
  const PgConnection right("PG:host=127.0.0.1 port=" + std::to_string(db.port()) + " dbname=" + db.name() +
                           " user=parklayers_pw password=parklayers-secret-pw");
  EXPECT_EQ(right.query("select current_user")[0][0], "parklayers_pw");
}

TEST(PgConnection, UnreachableServerIsAnOutputError) {
  // Port 1 on the loopback: nothing listens there.
  EXPECT_THROW(PgConnection("PG:host=127.0.0.1 port=1 dbname=nowhere connect_timeout=5"), OutputError);
}

}  // namespace
}  // namespace parklayers
