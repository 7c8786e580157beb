// SPDX-License-Identifier: GPL-2.0-or-later
// Overlapping polygons in any OGR layer (`parklayers check --overlaps`): every pair of features
// whose interiors overlap, with the area of the overlap, in the order of their fids.
//
// A file, or any source GDAL reads but a PostGIS table, goes through the overlap finder
// (gis/overlaps.h): the layer is read on a thread of its own, each polygon checked on one worker
// per core as `parklayers area` checks it (validity.h), and handed to the finder on the calling
// thread; memory stays bounded by the finder's index of envelopes.
//
// A PostGIS table is searched by the database itself, where its GiST index is: one statement
// joins the table with itself on ST_Intersects (which the index serves) and ST_Relate(a, b,
// 'T********') (the interiors meet) for a.fid < b.fid, ordered by the fids, and streams back the
// fids and ST_AsBinary of each intersection, one row at a time (libpq's single-row mode); the
// area is measured here, by the same AreaCalculator as for a file. The features are checked
// first as for a file (read through GDAL, as `area` reads them), so that an invalid one is
// refused or, with skip_invalid, left out of the statement.
#pragma once

#include <functional>
#include <string>

#include "parklayers/gis/error.h"
#include "parklayers/gis/overlaps.h"
#include "parklayers/io/input.h"

namespace parklayers {

struct LayerOverlapOptions {
  std::string layer;   // empty: the source's only layer (an error if it has several)
  InputOptions input;  // --encoding, --a_srs, --where
  // Invalid polygons (invalid_geometry_reason in validity.h) are refused by default; with
  // skip_invalid they are left out and passed to on_skipped (on the calling thread, in reading
  // order).
  bool skip_invalid = false;
  std::function<void(const Problem& skipped)> on_skipped;
};

// Calls on_pair, on the calling thread, for every pair of polygons of the layer whose interiors
// overlap, sorted by (fid_a, fid_b), each with the ellipsoidal area of the overlap in m2 (the
// caller compares it with its tolerance, kDefaultOverlapToleranceM2). Features that are not
// polygons (points, lines, no geometry) are left out. Throws InputError naming the file (a
// database without its password), layer and feature of bad input (an invalid polygon: the first
// one in reading order), or the two features whose overlap cannot be measured; OutputError when
// a database fails (as every command reports a database's failure).
void find_layer_overlaps(const SourceName& input, const LayerOverlapOptions& options,
                         const std::function<void(const OverlapPair&)>& on_pair);

}  // namespace parklayers
