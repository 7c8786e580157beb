// SPDX-License-Identifier: GPL-2.0-or-later
// What find_layer_overlaps reports, gathered for the tests of files and of PostGIS tables.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "parklayers/io/layer_overlaps.h"

namespace parklayers::test {

using FidPair = std::pair<long long, long long>;

inline std::vector<OverlapPair> overlaps(const std::string& input, const LayerOverlapOptions& options = {}) {
  std::vector<OverlapPair> pairs;
  find_layer_overlaps(SourceName(input), options, [&pairs](const OverlapPair& pair) { pairs.push_back(pair); });
  return pairs;
}

inline std::vector<FidPair> fids_of(const std::vector<OverlapPair>& pairs) {
  std::vector<FidPair> fids;
  for (const OverlapPair& pair : pairs) fids.emplace_back(pair.fid_a, pair.fid_b);
  return fids;
}

}  // namespace parklayers::test
