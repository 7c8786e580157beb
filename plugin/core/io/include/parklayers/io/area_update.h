// SPDX-License-Identifier: GPL-2.0-or-later
// Areas in place (`parklayers area INPUT --layer T --update`): the columns area_m2, area_mu,
// area_ha (and gk_area_m2, gk_crs with Gauss-Kruger on; survey_area_m2 with options.survey on a
// table in a Gauss-Kruger CRS) added to a PostGIS or GeoPackage table,
// or refreshed, in one transaction: the job of a DBA's
//   ALTER TABLE t ADD COLUMN area_m2 float8; UPDATE t SET area_m2 = ST_Area(geom::geography)
// with the areas exactly as `area` computes them (layer_area.h).
//
// In bulk, never a statement per row, and in one transaction: a failure anywhere (a bad
// feature, the database, a killed process) leaves the table as it was.
//
// PostgreSQL: the transaction takes the table in SHARE ROW EXCLUSIVE mode (others read it, their
// changes wait), adds the missing columns, reads the rows itself through a cursor (ctid, fid,
// ST_AsBinary, in the binary format), measures them as `area` measures them (FeatureMeasurer, on
// worker threads) and writes them back a chunk at a time by their ctid, each chunk while the
// next one is measured. Tables whose ctid is not one heap's (partitioned, inherited) are read on
// a second connection into a temporary table (COPY) and joined on the primary key in one UPDATE
// after the reading, as is a geometry column that is not PostGIS's (WKB in a bytea), which GDAL
// reads.
// A sharded table (shards.h: partitions that are postgres_fdw foreign tables on other servers)
// is updated partition by partition, each on its own shard (the table postgres_fdw names there)
// by the route above, several at once (options.jobs), each in a transaction of its own that is
// prepared (PREPARE TRANSACTION) rather than committed; once every partition is prepared, all
// are committed (COMMIT PREPARED), and if any fails, every one is rolled back: PostgreSQL's
// two-phase commit, which needs max_prepared_transactions above 0 on every shard. The
// coordinator's definition of the table is given the columns the shards' tables were given.
// GeoPackage: GDAL reads the layer while the values go into a TEMP table of SQLite; then one
// transaction adds the columns and runs one UPDATE ... FROM it, joined on the primary key.
#pragma once

#include <string>
#include <vector>

#include "parklayers/io/layer_area.h"

namespace parklayers {

// One partition of a sharded table (shards.h), updated on its shard.
struct PartitionUpdate {
  std::string partition;  // the coordinator's partition
  std::string shard;      // "database D on HOST:PORT"
  long long measured = 0, nulls = 0, changed = 0;
  double seconds = 0;     // from its first statement to its PREPARE TRANSACTION
};

struct AreaUpdateResult {
  std::string layer;      // the table, as GDAL names it (schema.table outside public)
  long long measured = 0; // rows given areas
  long long nulls = 0;    // rows given NULL: no polygon, or skipped with skip_invalid
  long long changed = 0;  // rows written: those whose values differed (all on a first run)
  // A sharded table's partitions, in the order of their names (empty for any other table).
  std::vector<PartitionUpdate> partitions;
};

// Measures the layer of `input` (a "PG:..." database or a GeoPackage) with `options` (its
// output must be empty) and writes the areas into the table. Throws InputError (exit 2) for a
// source of another format, a table without a primary key, an existing area column of another
// type, or a bad feature; OutputError (exit 3) when the database fails. Either way nothing is
// changed. Rows that --where leaves out keep their values.
AreaUpdateResult update_layer_areas(const SourceName& input, const LayerAreaOptions& options);

}  // namespace parklayers
