// SPDX-License-Identifier: GPL-2.0-or-later
// A sharded cadastre as users run it: `area --update` and `check` on a coordinator's table
// partitioned by county, each partition a postgres_fdw foreign table on one of three shard
// servers, against the same rows in one plain table of one server: the same areas bit for bit
// (read back by psql), the same check rows; an overlap across a partition boundary found once; a
// stopped shard, a refused login and a fault in the middle of the update naming the shard and
// leaving every shard's table as it was (checksums by psql before and after).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"

namespace parklayers {
namespace {

using test::parklayers;
using test::PgTestCluster;
using test::PgTestDatabase;
using test::PgTestServer;

const char* kColumns =
    "fid bigint not null, county text not null, stated_m2 numeric(12,2), name text, "
    "geom geometry(MultiPolygon, 4490) not null";
// Two counties a shard, in strips of 20 columns of parcels from west to east.
const std::vector<std::string> kCounties = {"310100", "310101", "310102", "310103", "310104", "310105"};

// 3,000 parcels of about 90 m in 6 counties, none overlapping, one in 50 stating 5 m2 too much;
// and parcel 3001 of county 310100 reaching across its eastern border into 310101, where it
// overlaps a parcel of each.
std::string rows_sql() {
  return "select i + 1 as fid, '3101' || lpad(((i % 120) / 20)::text, 2, '0') as county,"
         " round(ST_Area(g::geography)::numeric, 2) + case when i % 50 = 7 then 5 else 0 end as stated_m2,"
         " 'parcel ' || (i + 1) as name, g as geom "
         "from (select i, ST_Multi(ST_SetSRID(ST_MakePolygon(ST_MakeLine(array["
         "  ST_MakePoint(x, y), ST_MakePoint(x + s, y), ST_MakePoint(x + s, y + s),"
         "  ST_MakePoint(x + s / 2, y + s + 0.00005 * sin(i)), ST_MakePoint(x, y + s), ST_MakePoint(x, y)])), 4490)) as g"
         "  from (select i, 121.1 + (i % 120) * 0.001 as x, 31.3 + (i / 120) * 0.001 as y,"
         "        0.0009 + 0.00003 * cos(i) as s from generate_series(0, 2999) i) c) p "
         "union all "
         "select 3001, '310100', 4000.00, 'across the border', "
         "ST_Multi(ST_MakeEnvelope(121.1195, 31.3052, 121.1205, 31.3056, 4490))";
}

// The layout of docs/scale.md: on each shard a table a county (fid its primary key, a GiST
// index), on the coordinator the parent partitioned by county and a foreign table a county.
void lay_out(const PgTestCluster& cluster) {
  for (size_t i = 0; i < kCounties.size(); ++i) {
    const size_t shard = i / 2 + 1;
    cluster.shard_query(shard, "create schema if not exists cadastre; create table cadastre.parcels_" + kCounties[i] +
                                   " (" + kColumns + ", primary key (fid)); create index on cadastre.parcels_" +
                                   kCounties[i] + " using gist (geom)");
  }
  std::string sql = std::string("create schema cadastre; create table cadastre.parcels (") + kColumns +
                    ") partition by list (county);";
  for (size_t i = 0; i < kCounties.size(); ++i) {
    sql += "create foreign table cadastre.parcels_" + kCounties[i] + " partition of cadastre.parcels for values in ('" +
           kCounties[i] + "') server shard" + std::to_string(i / 2 + 1) + " options (schema_name 'cadastre', table_name 'parcels_" +
           kCounties[i] + "');";
  }
  cluster.coordinator().query(sql);
  cluster.coordinator().query("insert into cadastre.parcels " + rows_sql());
}

void lay_out_single(const PgTestDatabase& single) {
  single.query(std::string("create schema cadastre; create table cadastre.parcels (") + kColumns +
               ", primary key (fid)); create index on cadastre.parcels using gist (geom);"
               "insert into cadastre.parcels " + rows_sql());
}

// Each shard's tables as psql prints them, every column, by fid: what must not change.
std::string checksums(const PgTestCluster& cluster) {
  std::string sums;
  for (size_t k = 1; k <= cluster.shards(); ++k) {
    for (size_t i = 2 * (k - 1); i < 2 * k; ++i) {
      sums += cluster.shard_query(k, "select '" + kCounties[i] + "', count(*), md5(string_agg(t::text, '|' order by t.fid)) "
                                     "from cadastre.parcels_" + kCounties[i] + " t");
    }
  }
  return sums;
}

std::string gdal_name(const PgTestDatabase& db) { return db.gdal_name(); }

// The lines of check --json, each with its database's name taken out of the source.
std::vector<std::string> rows_of(const std::string& json, const std::string& dbname) {
  std::vector<std::string> rows;
  std::istringstream lines(json);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("{\"id\"", 0) != 0) continue;
    if (!line.empty() && line.back() == ',') line.pop_back();
    const std::string from = "dbname='" + dbname + "'";
    if (const size_t at = line.find(from); at != std::string::npos) line.replace(at, from.size(), "dbname=X");
    rows.push_back(line);
  }
  return rows;
}

std::vector<long long> fids_of(const std::string& row) {
  std::vector<long long> fids;
  const size_t at = row.find("\"fids\": [");
  std::istringstream list(row.substr(at + 9, row.find(']', at) - at - 9));
  for (std::string fid; std::getline(list, fid, ',');) fids.push_back(std::atoll(fid.c_str()));
  return fids;
}

class Sharded : public ::testing::Test {
 protected:
  void SetUp() override {
    lay_out(cluster);
    lay_out_single(single);
  }
  PgTestCluster cluster;
  PgTestDatabase single;
};

TEST_F(Sharded, AreaUpdateGivesTheAreasOfOneServerBitForBit) {
  const auto sharded = parklayers({"area", gdal_name(cluster.coordinator()), "--layer", "cadastre.parcels", "--update"});
  ASSERT_EQ(sharded.exit_code, 0) << sharded.err;
  const auto plain = parklayers({"area", gdal_name(single), "--layer", "cadastre.parcels", "--update"});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_NE(sharded.out.find("Updated 3001 rows of cadastre.parcels"), std::string::npos) << sharded.out;
  // A line a partition, naming its shard by host and port.
  for (size_t i = 0; i < kCounties.size(); ++i) {
    const std::string port = cluster.shard(i / 2 + 1).substr(cluster.shard(i / 2 + 1).find("port=") + 5, 5);
    EXPECT_NE(sharded.out.find("cadastre.parcels_" + kCounties[i] + " on database " + cluster.coordinator().name() +
                               " on 127.0.0.1:" + port.substr(0, port.find(' ')) + ": " +
                               (i == 0 ? "501" : "500") + " rows, " + (i == 0 ? "501" : "500") + " changed"),
              std::string::npos)
        << sharded.out;
  }
  // Read back on the shards themselves, every digit (float8 prints its shortest exact text), and
  // through the coordinator's own definition of the table.
  const std::string columns = "fid, area_m2, area_mu, area_ha, gk_area_m2, gk_crs";
  std::string on_shards;
  for (size_t i = 0; i < kCounties.size(); ++i) {
    on_shards += cluster.shard_query(i / 2 + 1, "select " + columns + " from cadastre.parcels_" + kCounties[i]);
  }
  std::vector<std::string> a, b, c;
  std::istringstream sa(on_shards), sb(single.query("select " + columns + " from cadastre.parcels")),
      sc(cluster.coordinator().query("select " + columns + " from cadastre.parcels"));
  for (std::string line; std::getline(sa, line);) a.push_back(line);
  for (std::string line; std::getline(sb, line);) b.push_back(line);
  for (std::string line; std::getline(sc, line);) c.push_back(line);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  std::sort(c.begin(), c.end());
  ASSERT_EQ(a.size(), 3001u);
  EXPECT_EQ(a, b);
  EXPECT_EQ(c, b);
  // And they are the ellipsoidal areas: PostGIS's own ST_Area(geography), to 1e-8.
  EXPECT_EQ(single.value("select count(*) from cadastre.parcels where abs(area_m2 / ST_Area(geom::geography) - 1) > 1e-8"),
            "0");

  // Again, one partition at a time: nothing to change.
  const auto again =
      parklayers({"area", gdal_name(cluster.coordinator()), "--layer", "cadastre.parcels", "--update", "--jobs", "1"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("; 0 changed"), std::string::npos) << again.out;
}

TEST_F(Sharded, CheckGivesTheRowsOfOneServerByPartitionThenFid) {
  const std::vector<std::string> args = {"--layer", "cadastre.parcels", "--stated", "stated_m2", "--method",
                                         "ellipsoidal", "--overlaps", "--json"};
  std::vector<std::string> sharded_args = {"check", gdal_name(cluster.coordinator())};
  std::vector<std::string> plain_args = {"check", gdal_name(single)};
  sharded_args.insert(sharded_args.end(), args.begin(), args.end());
  plain_args.insert(plain_args.end(), args.begin(), args.end());
  const auto sharded = parklayers(sharded_args);
  const auto plain = parklayers(plain_args);
  EXPECT_EQ(sharded.exit_code, 1) << sharded.err;  // the planted misstatements and overlaps fail
  EXPECT_EQ(plain.exit_code, 1) << plain.err;
  const std::vector<std::string> rows = rows_of(sharded.out, cluster.coordinator().name());
  std::vector<std::string> expected = rows_of(plain.out, single.name());
  ASSERT_EQ(rows.size(), 3001u + 2u);
  std::vector<std::string> sorted = rows;
  std::sort(sorted.begin(), sorted.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(sorted, expected);

  // The parcels partition after partition (the counties' strips), each by fid; then the overlaps.
  long long last_county = -1, last_fid = 0;
  for (size_t r = 0; r < 3001; ++r) {
    const long long fid = fids_of(rows[r]).at(0);
    const long long county = fid == 3001 ? 0 : ((fid - 1) % 120) / 20;
    ASSERT_GE(county, last_county) << rows[r];
    if (county == last_county) {
      ASSERT_GT(fid, last_fid) << rows[r];
    }
    last_county = county;
    last_fid = fid;
  }
  // Parcel 3001 overlaps one parcel of its own county (found on its shard) and one across the
  // border (found by the second pass), each reported once.
  const std::vector<long long> own = fids_of(rows[3001]), across = fids_of(rows[3002]);
  EXPECT_EQ(own, (std::vector<long long>{620, 3001})) << rows[3001];
  EXPECT_EQ(across, (std::vector<long long>{621, 3001})) << rows[3002];
  EXPECT_NE(rows[3002].find("\"status\": \"fail\""), std::string::npos) << rows[3002];
}

TEST_F(Sharded, AStoppedShardExitsThreeNamingItAndChangesNoShard) {
  // A fourth shard holding a seventh county, which then goes down.
  PgTestServer fourth;
  const std::string db = cluster.coordinator().name();
  ASSERT_EQ(test::run({PARKLAYERS_TEST_PSQL, fourth.conninfo() + " dbname=postgres", "-qc",
                       "create database " + db + " template parks_template"})
                .exit_code,
            0);
  cluster.coordinator().query("create server shard4 foreign data wrapper postgres_fdw options (host '127.0.0.1', port '" +
                              std::to_string(fourth.port()) + "', dbname '" + db + "', extensions 'postgis');"
                              "create user mapping for current_user server shard4;"
                              "create foreign table cadastre.parcels_310106 partition of cadastre.parcels "
                              "for values in ('310106') server shard4");
  const std::string before = checksums(cluster);
  fourth.stop();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"area", gdal_name(cluster.coordinator()), "--layer", "cadastre.parcels", "--update"},
        std::vector<std::string>{"check", gdal_name(cluster.coordinator()), "--layer", "cadastre.parcels", "--stated",
                                 "stated_m2", "--overlaps"}}) {
    const auto result = parklayers(args);
    EXPECT_EQ(result.exit_code, 3) << result.err;
    EXPECT_NE(result.err.find("database " + db + " on 127.0.0.1:" + std::to_string(fourth.port()) + ": cannot connect"),
              std::string::npos)
        << result.err;
    EXPECT_EQ(result.out, "");
  }
  EXPECT_EQ(checksums(cluster), before);
}

TEST_F(Sharded, AFaultOnOneShardRollsBackEveryShard) {
  const std::string before = checksums(cluster);
  // The last partition's shard refuses its rows' update, after the others have written theirs.
  cluster.shard_query(3, "create function refuse() returns trigger language plpgsql as "
                         "$$begin raise exception 'the shard refuses the update'; end$$;"
                         "create trigger refuse before update on cadastre.parcels_310105 for each row "
                         "execute function refuse()");
  const auto result = parklayers({"area", gdal_name(cluster.coordinator()), "--layer", "cadastre.parcels", "--update"});
  EXPECT_EQ(result.exit_code, 3) << result.out;
  EXPECT_NE(result.err.find("the shard refuses the update"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("database " + cluster.coordinator().name() + " on 127.0.0.1:"), std::string::npos)
      << result.err;
  // No shard has the columns or a prepared transaction left; every row as it was.
  EXPECT_EQ(checksums(cluster), before);
  for (size_t k = 1; k <= cluster.shards(); ++k) {
    EXPECT_EQ(cluster.shard_query(k, "select count(*) from pg_prepared_xacts"), "0\n");
    EXPECT_EQ(cluster.shard_query(k, "select count(*) from information_schema.columns where column_name = 'area_m2'"),
              "0\n");
  }
  // Once the shard takes updates again, a run updates every partition.
  cluster.shard_query(3, "drop trigger refuse on cadastre.parcels_310105");
  const auto again = parklayers({"area", gdal_name(cluster.coordinator()), "--layer", "cadastre.parcels", "--update"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(cluster.coordinator().value("select count(area_m2) from cadastre.parcels"), "3001");
}

TEST_F(Sharded, APreparedTransactionLeftByARunThatDiedIsNamed) {
  // What a run killed between its PREPARE TRANSACTION and its COMMIT PREPARED leaves: a prepared
  // transaction holding the partition's lock.
  const std::string left = "parklayers area --update 0123abcd-99 2";
  const test::CommandResult prepared = test::run({PARKLAYERS_TEST_PSQL, cluster.shard(1), "-qAt", "-v", "ON_ERROR_STOP=1", "-c",
                                            "begin; lock table cadastre.parcels_310101 in share row exclusive mode; "
                                            "prepare transaction '" + left + "'"});
  ASSERT_EQ(prepared.exit_code, 0) << prepared.err;
  const std::string before = checksums(cluster);
  const auto result = parklayers({"area", gdal_name(cluster.coordinator()), "--layer", "cadastre.parcels", "--update"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("holds the prepared transaction '" + left + "'"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("COMMIT PREPARED or ROLLBACK PREPARED"), std::string::npos) << result.err;
  cluster.shard_query(1, "rollback prepared '" + left + "'");
  EXPECT_EQ(checksums(cluster), before);
}

// Partitions that are no regions (HASH of the fid): every partition's extent meets every other's,
// so every parcel is a candidate for the pairs across partitions, and they are still found once.
TEST(ShardedByHash, OverlapsAcrossPartitionsAreFoundOnce) {
  PgTestCluster cluster;
  PgTestDatabase single;
  for (size_t k = 1; k <= 3; ++k) {
    cluster.shard_query(k, std::string("create schema cadastre; create table cadastre.parcels_h") + std::to_string(k) +
                               " (" + kColumns + ", primary key (fid)); create index on cadastre.parcels_h" +
                               std::to_string(k) + " using gist (geom)");
  }
  std::string sql = std::string("create schema cadastre; create table cadastre.parcels (") + kColumns +
                    ") partition by hash (fid);";
  for (size_t k = 1; k <= 3; ++k) {
    sql += "create foreign table cadastre.parcels_h" + std::to_string(k) +
           " partition of cadastre.parcels for values with (modulus 3, remainder " + std::to_string(k - 1) +
           ") server shard" + std::to_string(k) + " options (schema_name 'cadastre', table_name 'parcels_h" +
           std::to_string(k) + "');";
  }
  cluster.coordinator().query(sql);
  cluster.coordinator().query("insert into cadastre.parcels " + rows_sql());
  lay_out_single(single);
  const std::vector<std::string> args = {"--layer", "cadastre.parcels", "--overlaps", "--json"};
  std::vector<std::string> sharded_args = {"check", gdal_name(cluster.coordinator())};
  std::vector<std::string> plain_args = {"check", gdal_name(single)};
  sharded_args.insert(sharded_args.end(), args.begin(), args.end());
  plain_args.insert(plain_args.end(), args.begin(), args.end());
  const auto sharded = parklayers(sharded_args);
  const auto plain = parklayers(plain_args);
  EXPECT_EQ(sharded.exit_code, 1) << sharded.err;
  const std::vector<std::string> rows = rows_of(sharded.out, cluster.coordinator().name());
  const std::vector<std::string> expected = rows_of(plain.out, single.name());
  // Only overlaps are checked (no stated field): the two of parcel 3001, by their fids.
  ASSERT_EQ(rows.size(), 2u) << sharded.out << sharded.err;
  EXPECT_EQ(rows, expected);
  EXPECT_EQ(fids_of(rows[0]), (std::vector<long long>{620, 3001}));
  EXPECT_EQ(fids_of(rows[1]), (std::vector<long long>{621, 3001}));
}

TEST_F(Sharded, AShardsPasswordComesFromTheUserMappingAndIsNeverShown) {
  const std::string secret = "parklayers-secret-pw";  // parklayers_pw's on every server (pg_server)
  for (size_t k = 1; k <= cluster.shards(); ++k) {
    cluster.shard_query(k, "grant all on schema cadastre to parklayers_pw; grant all on all tables in schema cadastre "
                           "to parklayers_pw");
  }
  cluster.coordinator().query("drop user mapping for current_user server shard2;"
                              "create user mapping for current_user server shard2 options (user 'parklayers_pw', "
                              "password '" + secret + "')");
  const auto right = parklayers({"check", gdal_name(cluster.coordinator()), "--layer", "cadastre.parcels", "--stated",
                                 "stated_m2", "--method", "ellipsoidal", "--json"});
  EXPECT_EQ(right.exit_code, 1) << right.err;
  EXPECT_EQ(rows_of(right.out, cluster.coordinator().name()).size(), 3001u);
  EXPECT_EQ(right.out.find(secret), std::string::npos);
  EXPECT_EQ(right.err.find(secret), std::string::npos);

  cluster.coordinator().query("alter user mapping for current_user server shard2 options (set password 'not-" + secret + "')");
  const auto wrong = parklayers({"area", gdal_name(cluster.coordinator()), "--layer", "cadastre.parcels", "--update"});
  EXPECT_EQ(wrong.exit_code, 3);
  EXPECT_NE(wrong.err.find("password authentication failed for user \"parklayers_pw\""), std::string::npos) << wrong.err;
  EXPECT_EQ(wrong.err.find(secret), std::string::npos) << wrong.err;
  EXPECT_EQ(wrong.out.find(secret), std::string::npos) << wrong.out;
}

}  // namespace
}  // namespace parklayers
