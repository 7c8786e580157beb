// SPDX-License-Identifier: GPL-2.0-or-later
// The one output path: every file Park Layers writes (`area -o`, `convert`, `build`) is
// created, filled and closed here, with each format's policy in one place:
//   GeoPackage  fids kept, features committed every kFeaturesPerTransaction, the spatial index
//               packed once the features are written (gpkg_rtree.h)
//   Shapefile   UTF-8 with a .cpg; field names cut to 10 ASCII characters (LAYER.fields.csv
//               maps them); texts over 254 bytes cut at a character and marked with "…", kept
//               whole in LAYER.long_text.csv; numbers that do not fit refused, never cut
//   GeoJSON     RFC 7946 (WGS 84, counter-clockwise, 7 decimals)
//   CSV         a .csvt of field types; the geometry as a WKT column when asked
//   FlatGeobuf  with its spatial index
//   PostgreSQL  an existing database (a PG: name), written in ONE transaction that close()
//               commits (nothing is seen before, everything is rolled back without it); tables
//               in the layer's schema with primary key fid, geometry column geom, a GiST index,
//               field names as they are (not laundered), filled through COPY
// The file is written under a hidden temporary name (AtomicOutput, or a staged folder) and its
// close is checked: GDAL 3.6 reports errors of the final flush only through its error state.
// A failure to write throws OutputError; a value a format cannot hold throws InputError.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogr_spatialref.h>

namespace parklayers {

class PackedSpatialIndex;

// Features written between commits of a GeoPackage: GDAL's ogr2ogr groups 100,000 too (-gt).
constexpr long long kFeaturesPerTransaction = 100000;

// The SQLite page cache of a GeoPackage being written, in MB (unless the user set
// OGR_SQLITE_CACHE): the packed index's R-tree row map is written in spatial order, and with
// SQLite's default 2 MB its pages go to and from the file (about twice the system time on the
// benchmark's 2,000,000 parcels, for 10 MB more memory).
constexpr int kOutputGpkgCacheMb = 12;

// Creates a vector file to be written in one pass; a GeoPackage gets kOutputGpkgCacheMb of
// page cache. nullptr on failure (see CPLGetLastErrorMsg).
GDALDatasetUniquePtr create_vector_output(GDALDriver& driver, const std::string& path);

// One dataset being written: created by `driver` at temp_path (the hidden name), named
// final_path in every message. For "PostgreSQL", temp_path is the PG: name of an existing
// database (opened, not created) and final_path what messages call it (describe_database).
class OutputDataset {
 public:
  OutputDataset(const std::string& driver, const std::string& temp_path, const std::string& final_path);
  ~OutputDataset();
  OutputDataset(const OutputDataset&) = delete;
  OutputDataset& operator=(const OutputDataset&) = delete;

  GDALDataset& dataset() { return *dataset_; }
  const std::string& driver() const { return driver_; }
  const std::string& temp_path() const { return temp_path_; }
  const std::string& final_path() const { return final_path_; }

  // Counts a written feature; commits and starts a transaction every kFeaturesPerTransaction.
  void feature_written();
  // Commits and closes the dataset, checking that GDAL's final flush succeeded. Once.
  void close();

 private:
  std::string driver_, temp_path_, final_path_;
  GDALDatasetUniquePtr dataset_;
  bool transactions_ = false;
  bool one_transaction_ = false;  // PostgreSQL: all or nothing, never committed midway
  long long in_transaction_ = 0;
};

// A field added to what is copied from the source (area_m2, ...).
struct AddedField {
  std::string name;
  OGRFieldType type = OFTReal;
};

struct OutputLayerOptions {
  std::string name;                               // the layer's name
  OGRwkbGeometryType geometry_type = wkbUnknown;  // wkbNone: a table
  const OGRSpatialReference* crs = nullptr;
  bool keep_fid = false;     // write each feature with its source FID (GeoPackage always does)
  bool csv_wkt = true;       // CSV: the geometry as a WKT column (false: attributes only)
  std::string description;   // GeoPackage: the layer's description
  std::string input;         // the source's path, to name a feature in messages
  std::string txt_encoding;  // BAOPAN: the file's encoding (its ENCODING option); empty: UTF-8
  std::string schema;        // PostgreSQL: the schema of the table
  std::vector<std::string> dropped;  // source fields not copied (recomputed as added fields)
  std::vector<AddedField> added;     // fields after the copied ones
};

// One layer of an OutputDataset: the source's fields (as `fields` defines them) copied, with
// the format's policy applied, and the added fields after them.
class OutputLayer {
 public:
  OutputLayer(OutputDataset& out, const OGRFeatureDefn& fields, const OutputLayerOptions& options);
  ~OutputLayer();
  OutputLayer(const OutputLayer&) = delete;
  OutputLayer& operator=(const OutputLayer&) = delete;

  OGRLayer& layer() { return *layer_; }
  bool spatial() const { return spatial_; }
  // The index, in the output feature, of options.added[k].
  int added_index(size_t k) const { return added_index_.at(k); }

  // Copies `in` (fields and geometry) and writes it. `in` is only read, so that one feature
  // can be handed to several layers on their own threads.
  void write(const OGRFeature& in, const OGRGeometry* geometry);

  // Two steps, for a caller that sets the added fields or gives the geometry away: begin()
  // returns the output feature with the source's fields copied, end() writes it.
  OGRFeature& begin(const OGRFeature& in);
  void end(const OGRFeature& in);

  // After the last feature, on the thread that wrote them: packs the spatial index.
  void finish();

  // A Shapefile's sidecars beside its temporary file: LAYER.fields.csv (the field names) and
  // LAYER.long_text.csv (every text cut in the .dbf, in full; a header alone when none was,
  // so that an older one never survives an --overwrite). Nothing for other formats.
  void write_sidecars() const;
  long long texts_cut() const { return static_cast<long long>(long_texts_.size()); }

 private:
  void create_fields(const OGRFeatureDefn& fields, const OutputLayerOptions& options);
  void check_dbf_values(const OGRFeature& in);
  std::string feature_id(const OGRFeature& in) const;

  OutputDataset& out_;
  std::string input_;
  std::string name_;
  OGRLayer* layer_ = nullptr;
  bool shapefile_ = false;
  bool keep_fid_ = false;
  bool spatial_ = false;
  std::vector<int> map_;
  std::vector<int> added_index_;
  std::vector<int> real_fields_, string_fields_;
  std::map<int, std::string> source_of_;
  std::vector<std::tuple<std::string, std::string, std::string>> mapping_;
  struct LongText {
    long long fid;
    std::string id, field, short_name, text;
  };
  std::vector<LongText> long_texts_;
  std::unique_ptr<PackedSpatialIndex> spatial_index_;
  std::unique_ptr<OGRFeature> feature_;
  // PostgreSQL: the feature handed to GDAL, its real fields as exact text (see end()).
  struct DefnRelease {
    void operator()(OGRFeatureDefn* defn) const;
  };
  std::unique_ptr<OGRFeatureDefn, DefnRelease> exact_defn_;
  std::unique_ptr<OGRFeature> exact_feature_;
};

}  // namespace parklayers
