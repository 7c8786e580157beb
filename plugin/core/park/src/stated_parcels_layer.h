// SPDX-License-Identifier: GPL-2.0-or-later
// What the check of one layer of parcels (stated_parcels.cpp) and of a sharded table's
// partitions (stated_parcels_sharded.cpp) share.
#pragma once

#include <string>

#include "parklayers/gis/overlaps.h"
#include "parklayers/io/shards.h"
#include "parklayers/park/stated_parcels.h"

namespace parklayers {

// stream_stated_parcels on one layer, read through GDAL (a file, a table: never split into
// partitions).
StatedParcelSummary stream_stated_layer(const SourceName& input, const StatedParcelOptions& options,
                                        const StatedCheckCallback& on_check, const StatedLayerCallback& on_layer);

// stream_stated_parcels on a sharded table: every partition checked on its own shard, several at
// once, the rows passed on partition after partition, each partition's by FID, then the overlaps
// (those inside a partition found on its shard, those across two by shard_overlaps.h) by their
// FIDs. Throws OutputError naming a shard that cannot be reached, before any row is made.
StatedParcelSummary stream_sharded_parcels(const SourceName& input, const ShardedTable& table,
                                           const StatedParcelOptions& options, const StatedCheckCallback& on_check,
                                           const StatedLayerCallback& on_layer);

// The row of an overlapping pair, named by the parcels' ids ("" : their FIDs).
Check overlap_row(const OverlapPair& pair, const std::string& id_a, const std::string& id_b,
                  const StatedParcelOptions& options, const std::string& source_text);

}  // namespace parklayers
