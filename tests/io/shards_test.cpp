// SPDX-License-Identifier: GPL-2.0-or-later
// A sharded table found from the coordinator's catalogue: its partitions in the order of their
// names, each with the shard's connection made of the foreign server's options and the user
// mapping, a partition kept on the coordinator, and what is no sharded table.
#include "parklayers/io/shards.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "parklayers/io/postgres.h"
#include "test_support.h"

namespace parklayers {
namespace {

using test::PgTestCluster;

TEST(Shards, APartitionedTableWithForeignPartitionsIsFoundWithEachShard) {
  PgTestCluster cluster;
  const auto& coordinator = cluster.coordinator();
  cluster.shard_query(1, "create schema land; create table land.b_part (fid bigint primary key, k int)");
  cluster.shard_query(2, "create table a_remote (fid bigint primary key, k int)");
  coordinator.query(
      "create schema cadastre; create table cadastre.parcels (fid bigint, k int) partition by list (k);"
      "create foreign table cadastre.parcels_b partition of cadastre.parcels for values in (2) server shard1 "
      "  options (schema_name 'land', table_name 'b_part');"
      "create foreign table cadastre.parcels_a partition of cadastre.parcels for values in (1) server shard2 "
      "  options (table_name 'a_remote');"
      "create table cadastre.parcels_c partition of cadastre.parcels for values in (3);"
      "alter user mapping for current_user server shard2 options (add password 'shard-two-pw');"
      "alter server shard2 options (add sslmode 'disable')");
  const std::optional<ShardedTable> sharded = find_shards(SourceName(coordinator.gdal_name()), "cadastre.parcels");
  ASSERT_TRUE(sharded);
  EXPECT_EQ(sharded->parent, "cadastre.parcels");
  ASSERT_EQ(sharded->partitions.size(), 3u);
  const ShardPartition& a = sharded->partitions[0];
  const ShardPartition& b = sharded->partitions[1];
  const ShardPartition& c = sharded->partitions[2];
  EXPECT_EQ(a.partition, "cadastre.parcels_a");
  EXPECT_EQ(a.server, "shard2");
  EXPECT_EQ(a.table, "cadastre.a_remote");  // schema_name defaults to the foreign table's schema
  EXPECT_EQ(b.table, "land.b_part");
  EXPECT_EQ(c.partition, "cadastre.parcels_c");
  EXPECT_EQ(c.server, "");
  EXPECT_EQ(c.table, "cadastre.parcels_c");
  EXPECT_EQ(c.database.text(), coordinator.gdal_name());
  // The shard's connection: the server's host, port and dbname, the mapping's user and password;
  // postgres_fdw's own options (extensions, async_capable) left out, as libpq knows none of them.
  const std::string port = cluster.shard(2).substr(cluster.shard(2).find("port=") + 5);
  EXPECT_EQ(pg_name_value(a.database.text(), "port"), port.substr(0, port.find(' ')));
  EXPECT_EQ(pg_name_value(a.database.text(), "host"), "127.0.0.1");
  EXPECT_EQ(pg_name_value(a.database.text(), "dbname"), coordinator.name());
  EXPECT_EQ(pg_name_value(a.database.text(), "user"), coordinator.user());
  EXPECT_EQ(pg_name_value(a.database.text(), "password"), "shard-two-pw");
  EXPECT_EQ(pg_name_value(a.database.text(), "sslmode"), "disable");  // a libpq option of the server's
  EXPECT_EQ(a.database.text().find("extensions"), std::string::npos);
  EXPECT_EQ(a.shown, "database " + coordinator.name() + " on 127.0.0.1:" + port.substr(0, port.find(' ')));
  EXPECT_EQ(a.database.display().find("shard-two-pw"), std::string::npos);
  EXPECT_EQ(pg_name_value(b.database.text(), "password"), "");
  // The connection works: it reaches the shard's own table.
  const PgConnection connection(b.database.text());
  EXPECT_EQ(connection.query("select count(*) from land.b_part")[0][0], "0");
}

TEST(Shards, WhatIsNoShardedTableGivesNone) {
  PgTestCluster cluster;
  const auto& coordinator = cluster.coordinator();
  coordinator.query(
      "create table plain (fid bigint primary key); create table local (fid bigint, k int) partition by list (k);"
      "create table local_1 partition of local for values in (1)");
  const SourceName name(coordinator.gdal_name());
  EXPECT_FALSE(find_shards(name, "plain"));
  EXPECT_FALSE(find_shards(name, "local"));  // partitioned on this server only
  EXPECT_FALSE(find_shards(name, "no_such_table"));
  EXPECT_FALSE(find_shards(name, ""));
  EXPECT_FALSE(find_shards(SourceName(std::string(PARKLAYERS_TEST_DATA) + "/no-such.gpkg"), "plain"));
}

TEST(Shards, JobsAreBoundedByThePartitionsAndTheCores) {
  const size_t cores = std::max(1u, std::thread::hardware_concurrency());
  EXPECT_EQ(shard_jobs(0, 100), std::min<size_t>(cores, 100));
  EXPECT_EQ(shard_jobs(3, 100), 3u);
  EXPECT_EQ(shard_jobs(8, 2), 2u);
  EXPECT_EQ(shard_jobs(0, 1), 1u);
}

TEST(Shards, EveryPartitionRunsOnceAndAnErrorIsRethrownAfterTheRunningOnesEnd) {
  std::vector<std::atomic<int>> runs(7);
  for_each_partition(7, 3, [&](size_t i) { ++runs[i]; });
  for (const auto& count : runs) EXPECT_EQ(count, 1);

  std::atomic<int> ended{0};
  EXPECT_THROW(for_each_partition(5, 2,
                                  [&](size_t i) {
                                    if (i == 0) throw std::runtime_error("partition 0 fails");
                                    ++ended;
                                  }),
               std::runtime_error);
  EXPECT_LE(ended, 4);
}

}  // namespace
}  // namespace parklayers
