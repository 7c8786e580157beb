// SPDX-License-Identifier: GPL-2.0-or-later
// Overlapping parcels of a sharded table (shards.h) that lie in two different partitions: the
// pairs a search on each shard alone cannot see.
//
// Each partition's extent (ST_Extent, on its shard) is read first. A pair across two partitions
// lies where their extents meet, so only the parcels of a partition whose envelope reaches into
// another partition's extent are candidates: they are read from their shards (the shard's GiST
// index finds them), and the overlap finder (gis/overlaps.h) searches them together here, keeping
// the pairs whose parcels are in different partitions. With partitions that are regions (LIST by
// county), the candidates are the parcels along the partitions' borders; partitions that are not
// regions (HASH) share one extent, and every parcel is a candidate.
#pragma once

#include <functional>
#include <string>

#include "parklayers/gis/overlaps.h"
#include "parklayers/io/layer_overlaps.h"
#include "parklayers/io/shards.h"

namespace parklayers {

// The pair's parcels' values of id_field ("" when the field is empty, or no id_field is given).
struct CrossPartitionPair {
  OverlapPair pair;
  std::string id_a, id_b;
};

// Calls on_pair, on the calling thread, for every pair of polygons of two different partitions
// whose interiors overlap, sorted by (fid_a, fid_b). options.where selects the features in each
// partition; an invalid polygon is left out (the partitions' own check refused or skipped it).
// Throws OutputError naming a shard that fails, InputError when two partitions hold the same fid.
void find_cross_partition_overlaps(const ShardedTable& table, const LayerOverlapOptions& options,
                                   const std::string& id_field, size_t jobs,
                                   const std::function<void(const CrossPartitionPair&)>& on_pair);

}  // namespace parklayers
