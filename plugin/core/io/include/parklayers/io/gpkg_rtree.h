// SPDX-License-Identifier: GPL-2.0-or-later
// The spatial index of a GeoPackage layer written in one pass (`area -o`, `convert`), packed
// once its features are written instead of filled by one R-tree insert per feature.
//
// A GeoPackage's spatial index is an SQLite R*Tree virtual table (the gpkg_rtree_index
// extension), kept up to date by triggers. Filled one insert per feature, as GDAL 3.6 does
// (at close, or through the triggers), SQLite's R*Tree costs about 20 us per feature on the
// benchmark's 2,000,000 parcels, mostly in B-tree updates of its node pages: four fifths of a
// plain `ogr2ogr -f GPKG` copy (docs/performance.md). GDAL 3.8 loads the R-tree in bulk instead
// (sqlite_rtree_bulk_load); this is the same idea for GDAL 3.6, with memory that does not grow
// with the features (the sorting is SQLite's, which spills to disk).
//
// GDAL creates the index (CreateSpatialIndex: the R-tree, its triggers and its gpkg_extensions
// row are GDAL's own); only the R-tree's content is written here, in SQLite's documented R*Tree
// storage format (the %_node, %_parent and %_rowid tables, big-endian node blobs, 32-bit float
// coordinates rounded outwards), packed by Sort-Tile-Recursive (Leutenegger et al. 1997): full
// nodes of boxes near each other. SQLite's rtreecheck() holds the result to its invariants
// (gpkg_rtree_test).
//
// Written for GDAL 3.6 (Debian 12) and measured against it. GDAL 3.8 bulk-loads the R-tree of a
// layer written in one pass itself, so from 3.8 on this is compiled out (packs_spatial_index()
// is false and GDAL makes the index); remove it once the oldest GDAL supported is 3.8.
#pragma once

#include <cstddef>
#include <string>

#include <gdal_version.h>

#if GDAL_VERSION_NUM < GDAL_COMPUTE_VERSION(3, 8, 0)
#define PARKLAYERS_PACKED_GPKG_INDEX 1
#endif

class GDALDataset;
class OGRLayer;
struct sqlite3;

namespace parklayers {

class PackedSpatialIndex {
 public:
  // For a GeoPackage layer just created with SPATIAL_INDEX=NO and no feature yet: creates its
  // spatial index through GDAL and sets the R-tree's insert trigger aside, so that features are
  // written without R-tree inserts. Throws std::runtime_error when GDAL or SQLite fails.
  PackedSpatialIndex(GDALDataset& dataset, OGRLayer& layer);

  // After the last feature is written, on the thread that writes, preferably inside a
  // transaction: fills the R-tree with the bounding box of every feature with a non-empty
  // geometry, packed, and puts the insert trigger back. Called once. Throws std::runtime_error
  // naming the layer (and the feature, for a box that cannot be indexed). Until it has
  // returned, the layer's index is incomplete and lacks its insert trigger: a file whose fill()
  // failed or never ran is to be discarded, as AtomicOutput discards a failed output.
  void fill();

  // After fill(): the entries in the R-tree and its depth (0: the root is a leaf).
  long long entries() const { return entries_; }
  int depth() const { return depth_; }

 private:
  void pack(sqlite3* db);  // fill()'s work, in a transaction

  GDALDataset& dataset_;
  std::string table_, fid_column_, geometry_column_, rtree_;
  std::string insert_trigger_sql_;
  long long entries_ = 0;
  int depth_ = 0;
  bool filled_ = false;
};

// Whether this GDAL driver's outputs get a PackedSpatialIndex (GeoPackage layers with geometry,
// with a GDAL that does not bulk-load the index itself).
bool packs_spatial_index(const std::string& driver_name);

}  // namespace parklayers
