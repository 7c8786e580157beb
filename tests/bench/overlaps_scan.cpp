// SPDX-License-Identifier: GPL-2.0-or-later
// overlaps_scan: every pair of overlapping polygons of a layer (find_layer_overlaps, the work of
// `parklayers check --overlaps` without its report), for the benchmark: prints how many pairs
// there are, how many fail the default tolerance, and the seconds taken.
//
// Usage: overlaps_scan INPUT [LAYER]
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>

#include "parklayers/io/layer_overlaps.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "Usage: overlaps_scan INPUT [LAYER]\n");
    return 2;
  }
  parklayers::LayerOverlapOptions options;
  if (argc > 2) options.layer = argv[2];
  const auto start = std::chrono::steady_clock::now();
  long long pairs = 0, failing = 0;
  try {
    parklayers::find_layer_overlaps(parklayers::SourceName(argv[1]), options, [&](const parklayers::OverlapPair& pair) {
      ++pairs;
      failing += pair.area_m2 > parklayers::kDefaultOverlapToleranceM2;
    });
  } catch (const std::exception& error) {
    std::fprintf(stderr, "overlaps_scan: %s\n", error.what());
    return 1;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%lld overlapping pairs, %lld above %.2f m2, %.2f s\n", pairs, failing,
              parklayers::kDefaultOverlapToleranceM2, seconds);
  return 0;
}
