// SPDX-License-Identifier: GPL-2.0-or-later
// `check` on a sharded table (stated_parcels_layer.h): each partition checked on its own shard.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <ogrsf_frmts.h>

#include "parklayers/gis/error.h"
#include "parklayers/io/input.h"
#include "parklayers/io/postgres.h"
#include "parklayers/io/shard_overlaps.h"
#include "parklayers/park/check_spool.h"
#include "stated_parcels_layer.h"

namespace parklayers {
namespace {

std::string trimmed(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

StatedParcelSummary stream_sharded_parcels(const SourceName& input, const ShardedTable& table,
                                           const StatedParcelOptions& options, const StatedCheckCallback& on_check,
                                           const StatedLayerCallback& on_layer) {
  // Every shard is reached before any row is made: one that is down or refuses the login is
  // named, and nothing is printed.
  {
    std::map<std::string, std::unique_ptr<PgConnection>> shards;
    for (const ShardPartition& partition : table.partitions) {
      auto& connection = shards[partition.database.text()];
      if (!connection) connection = std::make_unique<PgConnection>(partition.database.text());
    }
  }
  const size_t n = table.partitions.size();
  const size_t jobs = shard_jobs(options.jobs, n);
  // What the rows say of their source: the coordinator's table, as on one server.
  const std::string source_text = input.display() + ", layer " + table.parent;

  // Callbacks come from the partitions' threads: one at a time.
  std::mutex callback;
  StatedParcelOptions each = options;
  each.on_skipped = one_at_a_time(callback, options.on_skipped);
  each.on_warning = one_at_a_time(callback, options.on_warning);

  // Two scratch files, whatever the number of partitions: the parcels' rows keyed by (partition,
  // FID), the overlaps' by their FIDs.
  CheckSpool parcels, overlaps;
  std::mutex spool_mutex;
  std::vector<StatedParcelSummary> summaries(n);
  for_each_partition(n, jobs, [&](size_t i) {
    StatedParcelOptions mine = each;
    mine.layer = table.partitions[i].table;
    summaries[i] = stream_stated_layer(
        table.partitions[i].database, mine,
        [&](const Check& check, const std::string& name) {
          const std::lock_guard<std::mutex> lock(spool_mutex);
          if (check.quantity == "overlap") {
            overlaps.add(check, name, check.fids.at(0), check.fids.at(1));
          } else {
            parcels.add(check, name, static_cast<long long>(i), check.fids.empty() ? 0 : check.fids[0]);
          }
        },
        nullptr);
  });

  StatedParcelSummary summary = summaries.front();
  summary.layer = table.parent;
  summary.counts[0] = summary.counts[1] = summary.counts[2] = 0;
  summary.unreadable = 0;
  for (const StatedParcelSummary& part : summaries) {
    for (int k = 0; k < 3; ++k) summary.counts[k] += part.counts[k];
    if (part.unreadable > 0 && summary.unreadable == 0) summary.first_unreadable = part.first_unreadable;
    summary.unreadable += part.unreadable;
  }

  if (options.overlaps) {
    LayerOverlapOptions searching;
    searching.input = options.input;
    searching.skip_invalid = options.skip_invalid;
    // The id field the partitions' check named parcels by (--id, else the first of
    // kParcelIdFields a partition has).
    std::string id_field = options.id_field;
    if (id_field.empty()) {
      const InputSource source = open_input(table.partitions.front().database, options.input);
      OGRLayer& layer = pick_layer(source.dataset(), table.partitions.front().database, table.partitions.front().table);
      for (const char* name : kParcelIdFields) {
        if (layer.GetLayerDefn()->GetFieldIndex(name) >= 0) {
          id_field = name;
          break;
        }
      }
    }
    find_cross_partition_overlaps(table, searching, id_field, jobs, [&](const CrossPartitionPair& found) {
      const Check check = overlap_row(found.pair, trimmed(found.id_a), trimmed(found.id_b), options, source_text);
      ++summary.counts[static_cast<int>(check.status)];
      overlaps.add(check, "", found.pair.fid_a, found.pair.fid_b);
    });
  }

  if (on_layer) on_layer(summary);
  const auto pass_on = [&](const Check& check, const std::string& name) {
    if (!on_check) return;
    Check row = check;
    row.source = source_text;
    on_check(row, name);
  };
  parcels.replay(pass_on);
  overlaps.replay(pass_on);
  return summary;
}

}  // namespace parklayers
