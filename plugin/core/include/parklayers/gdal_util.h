// Small RAII helpers around GDAL's C++ API used across the core.
#pragma once

#include <string>

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

namespace parklayers {

// Registers GDAL's drivers once; call before any open.
void ensure_gdal_registered();

// While alive, GDAL errors and warnings are not printed but collected; message() returns the
// last error GDAL raised in that time.
class QuietGdalErrors {
 public:
  QuietGdalErrors();
  ~QuietGdalErrors();
  QuietGdalErrors(const QuietGdalErrors&) = delete;
  QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;
  std::string message() const;
};

// Opens a vector dataset read-only; nullptr if GDAL cannot (see CPLGetLastErrorMsg).
GDALDatasetUniquePtr open_vector(const std::string& path);

// Why open_vector(path) failed, in words a user can act on ("the file is empty", "not valid
// GeoJSON (...)", "is a folder ..."), with GDAL's last error message when it gave one.
std::string open_failure(const std::string& path, const QuietGdalErrors& quiet);

// The direction of the first coordinate of data in this CRS, with GDAL's data axis mapping
// applied: OAO_East for lon/lat or easting-first data, OAO_North for latitude-first data.
OGRAxisOrientation first_data_axis(const OGRSpatialReference& crs);

// The GDAL driver to write a file with, from its extension (.gpkg, .geojson, .shp, .fgb,
// .csv, .kml, .gml, .sqlite). Empty when unknown.
std::string driver_for_extension(const std::string& path);

// Creates a vector file to be written in one pass (`area -o`, `convert`). A GeoPackage gets a
// larger SQLite page cache on its connection (kOutputGpkgCacheMb, unless the user set
// OGR_SQLITE_CACHE): with SQLite's default 2 MB, the R-tree pages of its spatial index go to
// and from the file on every insert. nullptr on failure (see CPLGetLastErrorMsg).
constexpr int kOutputGpkgCacheMb = 12;
GDALDatasetUniquePtr create_vector_output(GDALDriver& driver, const std::string& path);

// An SQL string literal for SQLite (and so GeoPackage) SQL: the text in single quotes, quotes
// doubled. Names from data reach SQL only this way.
std::string sql_literal(const std::string& text);

// Whether a new GeoPackage layer of about `features` features (-1: unknown) should have its
// spatial index filled as features are written (defer_spatial_index, then index_as_written)
// rather than built by GDAL in one pass at close. Left to GDAL, a new layer's index is built
// at close on one core while nothing else runs: three quarters of a plain `ogr2ogr -f GPKG`
// copy of 200,000 parcels (tests/bench/run.sh). Filled while writing, it runs beside the
// other threads' work; but once the R-tree outgrows the SQLite cache, inserting in reading
// order (spatially random) costs more than GDAL's pass: measured on the benchmark's parcels,
// `area -o` took 3.34 s against 3.67 s at 200,000 (medians of 6 alternating runs, both with
// the 12 MB cache), and 62.5 s against 56.9 s at 2,000,000 (single runs). So:
// while writing, up to kIndexWhileWritingMaxFeatures features (between the two measured
// sizes), or whenever other work runs beside the writer (convert's other formats).
constexpr long long kIndexWhileWritingMaxFeatures = 500000;
bool index_while_writing(const std::string& driver_name, long long features, bool written_beside_other_work);

// The layer creation option for index_while_writing: SPATIAL_INDEX=NO (the index comes from
// index_as_written).
void defer_spatial_index(CPLStringList& layer_options);

// For a GeoPackage layer just created (no feature yet) with defer_spatial_index's option:
// creates its spatial index now (GDAL's CreateSpatialIndex: the same R-tree, triggers and
// gpkg_extensions row), so that it is filled feature by feature on the thread that writes.
// Does nothing for other drivers and for layers without geometry. Throws std::runtime_error
// when GDAL fails.
void index_as_written(GDALDataset& dataset, OGRLayer& layer);

}  // namespace parklayers
