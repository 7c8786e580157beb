// SPDX-License-Identifier: GPL-2.0-or-later
// `area --update` on a sharded table (area_update.h, shards.h): each partition updated on its own
// shard by the PostGIS route, prepared there, and all committed together (two-phase commit).
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include "area_update_common.h"
#include "area_update_postgres.h"
#include "parklayers/gis/error.h"
#include "parklayers/io/input.h"
#include "parklayers/io/postgres.h"
#include "parklayers/io/postgres_output.h"

namespace parklayers::area_update {
namespace {

// Our prepared transactions' names start so: one left by a run that died is found by it.
constexpr const char* kPreparedPrefix = "parklayers area --update ";

std::string run_id() {
  std::random_device random;
  char text[40];
  std::snprintf(text, sizeof text, "%08x%08x-%d", random(), random(), static_cast<int>(::getpid()));
  return text;
}

}  // namespace

AreaUpdateResult update_sharded(const SourceName& input, const LayerAreaOptions& options, const ShardedTable& table) {
  const std::string shown = input.display();
  // The coordinator's parent, as GDAL reads it, says whether survey_area_m2 is written (its
  // partitions share its CRS).
  bool survey = false;
  {
    const InputSource source = open_input(input, options.input);
    survey = writes_survey(pick_layer(source.dataset(), input, options.layer), options);
  }
  const std::vector<Column> columns = area_columns(options.gauss_kruger, survey);

  // Every shard is reached, and able to take part, before any row is read: a shard that is down
  // or refuses the login stops the run here, naming it, with nothing changed anywhere.
  std::map<std::string, std::unique_ptr<PgConnection>> shards;  // by the shard's name (with its password)
  for (const ShardPartition& partition : table.partitions) {
    auto& connection = shards[partition.database.text()];
    if (connection) continue;
    connection = std::make_unique<PgConnection>(partition.database.text());
    if (connection->query("show max_prepared_transactions")[0][0] == "0") {
      throw OutputError(connection->description(),
                        "max_prepared_transactions is 0: `area --update` of a sharded table commits every "
                        "partition's update at once by two-phase commit (PREPARE TRANSACTION); set it to at least "
                        "the number of partitions on the server (postgresql.conf) and restart it");
    }
    const auto left = connection->query(
        "select gid from pg_prepared_xacts where database = current_database() and starts_with(gid, $1)",
        {kPreparedPrefix});
    if (!left.empty()) {
      throw OutputError(connection->description(),
                        "holds the prepared transaction '" + left[0][0] +
                            "' of an `area --update` that did not finish, and it locks the table: end it with "
                            "COMMIT PREPARED or ROLLBACK PREPARED (docs/scale.md) and run again");
    }
  }

  // The coordinator's own definition of the table: a column of another type is refused first.
  const PgConnection coordinator(input.text());
  const PgTable parent = pg_table(coordinator, input.text(), table.parent);
  const std::string alter = add_missing_columns(coordinator, parent, columns, shown, table.parent);

  // Callbacks come from the partitions' threads: one at a time.
  std::mutex callback;
  LayerAreaOptions each = options;
  each.on_skipped = one_at_a_time(callback, options.on_skipped);
  each.on_warning = one_at_a_time(callback, options.on_warning);

  const std::string run = kPreparedPrefix + run_id();
  const size_t n = table.partitions.size();
  std::vector<PartitionUpdate> updates(n);
  std::vector<char> prepared(n, 0);
  const auto name_of = [&run](size_t i) { return run + " " + std::to_string(i + 1); };
  try {
    for_each_partition(n, shard_jobs(options.jobs, n), [&](size_t i) {
      const ShardPartition& partition = table.partitions[i];
      const auto start = std::chrono::steady_clock::now();
      LayerAreaOptions mine = each;
      mine.layer = partition.table;
      const TableInfo info = inspect(partition.database, mine);
      const AreaUpdateResult done = update_postgres(partition.database, mine, info, name_of(i));
      prepared[i] = 1;
      PartitionUpdate& update = updates[i];
      update.partition = partition.partition;
      update.shard = partition.shown;
      update.measured = done.measured;
      update.nulls = done.nulls;
      update.changed = done.changed;
      update.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    });
  } catch (...) {
    // Those not prepared were rolled back by their own transactions; the prepared ones now.
    for (size_t i = 0; i < n; ++i) {
      if (!prepared[i]) continue;
      try {
        shards.at(table.partitions[i].database.text())->execute("rollback prepared " + quote_literal(name_of(i)));
      } catch (const OutputError&) {
        // A shard gone since: its prepared transaction waits there, and the next run names it.
      }
    }
    throw;
  }

  // Every partition is prepared: commit them all. A shard that fails now keeps its prepared
  // transaction (committed by COMMIT PREPARED when it is back); the others are committed still.
  std::string failed;
  for (size_t i = 0; i < n; ++i) {
    const ShardPartition& partition = table.partitions[i];
    try {
      shards.at(partition.database.text())->execute("commit prepared " + quote_literal(name_of(i)));
    } catch (const OutputError& error) {
      if (failed.empty()) failed = error.what();
    }
  }
  if (!failed.empty()) throw OutputError(shown, "committing the prepared update failed: " + failed);
  if (!alter.empty()) coordinator.execute(alter);

  AreaUpdateResult result;
  result.layer = table.parent;
  for (const PartitionUpdate& update : updates) {
    result.measured += update.measured;
    result.nulls += update.nulls;
    result.changed += update.changed;
  }
  result.partitions = std::move(updates);
  return result;
}

}  // namespace parklayers::area_update
