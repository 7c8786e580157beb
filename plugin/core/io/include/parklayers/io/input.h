// SPDX-License-Identifier: GPL-2.0-or-later
// Reading any OGR source: opening it read-only with a message a user can act on when GDAL
// cannot, and picking the layer a command works on.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include "parklayers/gis/chinese_crs.h"
#include "parklayers/gis/error.h"
#include "parklayers/gis/gdal_util.h"
#include "parklayers/io/source_name.h"

namespace parklayers {

// How a source is read, as the user states it: the same options on every command that reads
// any OGR source (`area`, `convert`; `check` and `build` for each file of a park source).
struct InputOptions {
  // --encoding: the encoding of the source's texts when its .cpg (or the .dbf's code page) is
  // missing or wrong, e.g. GBK: for a Shapefile GDAL's ENCODING open option, for a DXF its
  // DXF_ENCODING, for a CSV a recoding of the file. Empty: what the source says, else UTF-8 or
  // GB18030 as its bytes show (open_input).
  std::string encoding;
  // --a_srs: the CRS of a source that states none (a DXF, a CSV, a Shapefile without .prj), or
  // instead of a wrong one; anything OGRSpatialReference::SetFromUserInput takes.
  std::string assign_crs;
  // --where: an OGR SQL condition; only the features it selects are read.
  std::string where;
  // How a message tells the user to give a source its CRS: the command line's option; the QGIS
  // plugin names its CRS field instead.
  std::string assign_crs_hint = "with --a_srs CRS";
};

// A source's name arrives as a SourceName (source_name.h), classified where the user gave it:
// its kind, its display() without a password and its stem() are asked of it, never parsed again.

// Opens a vector dataset read-only, as GDAL reads it (with --encoding as GDAL's ENCODING open
// option); nullptr if GDAL cannot (see CPLGetLastErrorMsg). open_input adds what GDAL lacks.
GDALDatasetUniquePtr open_vector(const std::string& path, const InputOptions& options = {});

// A source opened for reading, with what GDAL of this version does not do itself:
// - a Shapefile or CSV that does not say the encoding of its texts is read as UTF-8 or, when its
//   bytes are not UTF-8, as GB18030 (GBK) with a warning (text_encoding.h); a CSV not in UTF-8
//   is read from a recoded copy in memory, since GDAL's CSV driver takes every CSV as UTF-8;
// - a DXF has its closed polylines read as polygons and its texts read as UTF-8 from AutoCAD
//   2007's format on (cad.h).
// Every feature read must go through prepare() before anything looks at its geometry.
class InputSource {
 public:
  InputSource() = default;
  InputSource(InputSource&&) = default;
  InputSource& operator=(InputSource&&) = default;
  ~InputSource();

  GDALDataset& dataset() const { return *dataset_; }
  // What the commands expect of a feature that GDAL does not do here: closed DXF polylines as
  // polygons with a GDAL before 3.10 (cad.h: close_dxf_line).
  void prepare(OGRFeature& feature) const;
  // Whether prepare() reads attributes (so they may not be left out with SetIgnoredFields).
  bool prepare_reads_attributes() const { return close_dxf_lines_; }
  // What the user should know of how the source was read (texts read as GB18030).
  const std::vector<Problem>& warnings() const { return warnings_; }
  // The source's own files on disk: never to be replaced by an output.
  const std::vector<std::string>& files() const { return files_; }
  // InputOptions::assign_crs_hint of the options it was opened with.
  const std::string& assign_crs_hint() const { return assign_crs_hint_; }

 private:
  friend InputSource open_input(const SourceName& input, const InputOptions& options);
  std::string memory_copy_;  // a /vsimem/ folder holding a recoded copy, removed after the dataset
  GDALDatasetUniquePtr dataset_;
  bool close_dxf_lines_ = false;
  std::vector<Problem> warnings_;
  std::vector<std::string> files_;
  std::string assign_crs_hint_ = InputOptions{}.assign_crs_hint;
};

// The CRS --a_srs names, longitude/easting first as GIS files store them; null without
// --a_srs. Throws InputError for a CRS PROJ does not know.
std::unique_ptr<OGRSpatialReference> assigned_crs(const InputOptions& options);

// The layer's CRS as it is to be read: the assigned one, else the layer's own (null: none).
const OGRSpatialReference* source_crs(OGRLayer& layer, const OGRSpatialReference* assigned);

// Applies --where to the layer. Throws InputError naming the input (`shown`, as messages name it:
// SourceName::display()) and layer when GDAL refuses the condition.
void apply_where(OGRLayer& layer, const std::string& shown, const InputOptions& options);

// Why open_vector(path) failed, in words a user can act on ("the file is empty", "not valid
// GeoJSON (...)", "is a folder ..."), with GDAL's last error message when it gave one.
std::string open_failure(const std::string& path, const QuietGdalErrors& quiet);

// Opens the input or throws InputError naming it: "no such file or folder", a DWG ("save it as
// DXF"), texts in no encoding it can tell, or open_failure's reason. A PostgreSQL database that
// cannot be reached (down, a wrong password) is an OutputError (exit 3, as for every database
// failure) naming its host and database only.
InputSource open_input(const SourceName& input, const InputOptions& options = {});

// Why a spatial layer with no CRS is refused: "the layer has no CRS, so " + consequence + ": give
// it one with --a_srs CRS" (the source's assign_crs_hint), and, where its first coordinate looks like Chinese Gauss-Kruger
// metres, the likely CRSs (gis/cn_gauss_kruger.h: suggest_chinese_gk). Reads the layer's first
// feature with a geometry, then resets the reading.
std::string no_crs_problem(OGRLayer& layer, const InputSource* source, const std::string& consequence);

// --s_srs: GCJ02 or BD09 (coordinates picked on a Chinese web map, returned), or any CRS PROJ
// knows, which says the same as --a_srs (the CRS the source's coordinates are in, for areas and
// for --t_srs; the ogr2ogr name). Sets options.assign_crs for a CRS; throws InputError when
// --a_srs names another one.
std::optional<ChineseCrs> apply_source_crs_option(const std::string& s_srs, InputOptions& options);

// The layer called `name`, or with an empty name the dataset's only layer. Throws InputError
// naming the input (and the layers to choose from when there are several or `name` is not one;
// for a database its tables, GDAL naming those outside the public schema schema.table).
OGRLayer& pick_layer(GDALDataset& dataset, const SourceName& input, const std::string& name);

}  // namespace parklayers
