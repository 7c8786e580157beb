// SPDX-License-Identifier: GPL-2.0-or-later
// A sharded cadastre: a PostgreSQL table partitioned on a coordinator server, its partitions
// foreign tables of postgres_fdw, each on a shard server of its own (docs/scale.md lays it out).
// GDAL reads such a table through the coordinator, every geometry travelling through it; the
// commands that work on every row (`area --update`, `check`) instead go to each partition's
// shard themselves, on a connection of their own, several partitions at once.
//
// A partition's connection is made from what postgres_fdw itself connects with: the foreign
// server's options (host, port, dbname, sslmode, ... : libpq's keys among them) and the current
// user's mapping for it (user, password). A mapping without a password leaves it to libpq's own
// sources on this machine (PGPASSWORD, ~/.pgpass, a service file), as psql would. The password is
// part of the name handed to GDAL and libpq only; messages name the host, port and database.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "parklayers/gis/error.h"
#include "parklayers/io/source_name.h"

namespace parklayers {

struct ShardPartition {
  std::string partition;  // the coordinator's partition, schema.table as GDAL names layers
  std::string server;     // its foreign server ("" for a partition kept on the coordinator)
  SourceName database;    // the shard's database as GDAL names it: "PG:host=... dbname=..." (with a password)
  std::string table;      // the partition's own table there, schema.table as GDAL names layers
  std::string shown;      // how messages name the shard: "database D on HOST:PORT" (describe_database)
};

struct ShardedTable {
  std::string parent;  // schema.table on the coordinator, as GDAL names layers
  // Every leaf partition, in the order of their names (the order of the commands' output).
  std::vector<ShardPartition> partitions;
};

// Whether `layer` of the database `input` is a partitioned table with at least one foreign
// partition (postgres_fdw) and, if so, its partitions. nullopt for any other source or table
// (a plain table, one partitioned on one server only), and for an empty `layer`. Partitions kept
// on the coordinator are worked on there. Throws OutputError (exit 3) when the coordinator cannot
// be reached, and InputError (exit 2) for a partition of another foreign-data wrapper.
std::optional<ShardedTable> find_shards(const SourceName& input, const std::string& layer);

// How many partitions are worked on at once: `requested` (--jobs) when above 0, else all of
// them up to the machine's cores; never more than there are partitions.
std::size_t shard_jobs(int requested, std::size_t partitions);

// Runs work(i) for i in [0, count) on up to `jobs` threads, a partition each. The first error
// (an exception of work) is rethrown on the calling thread once every started work has ended;
// no new work starts after an error.
void for_each_partition(std::size_t count, std::size_t jobs, const std::function<void(std::size_t)>& work);

// `report` (a command's on_skipped or on_warning) called from the partitions' threads one at a
// time, under `mutex`; empty when `report` is.
std::function<void(const Problem&)> one_at_a_time(std::mutex& mutex, const std::function<void(const Problem&)>& report);

}  // namespace parklayers
