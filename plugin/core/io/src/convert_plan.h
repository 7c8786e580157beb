// SPDX-License-Identifier: GPL-2.0-or-later
// The plan of a conversion (convert.h): every input opened and every output decided, named and
// checked before a feature is read, so that a conversion that cannot finish writes nothing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parklayers/gis/error.h"
#include "parklayers/io/convert.h"
#include "parklayers/io/format.h"
#include "parklayers/io/input.h"

class OGRLayer;

namespace parklayers::conversion {

inline Location at(const std::string& file, const std::string& layer = "") {
  return Location{file, layer, -1, "", ""};
}

// One layer file to write: its extension decides the driver and options.
struct LayerJob {
  std::string extension;
};

struct LayerPlan {
  OGRLayer* layer = nullptr;
  std::string name;
  std::string table;  // PostgreSQL: the table it becomes in the schema
  std::string stem;
  bool spatial = false;
  std::optional<std::string> style;  // the default style (ConvertOptions::default_style)
  std::optional<std::string> qml;    // the style as a LAYER.qml sidecar
  std::vector<LayerJob> jobs;      // file-per-layer outputs, one per distinct extension
};

struct InputPlan {
  std::string path;
  std::string stem;
  InputSource source;
  std::vector<std::string> protected_files;  // the input's own files: never an output
  std::vector<LayerPlan> layers;
  std::string gpkg_path;                     // empty: no GPKG requested
  std::string folder;                        // OUTDIR/STEM, for the file-per-layer formats
  bool needs_folder = false;
  std::string schema;                        // PostgreSQL: the schema of its tables
};

bool has_format(const std::vector<Format>& formats, Format format);

// Opens every input and decides every output path, without reading a feature.
std::vector<InputPlan> make_plan(const std::vector<SourceName>& inputs, const std::string& outdir,
                                 const ConvertOptions& options);

// Every final path the plans write (sidecars included), sorted, each once.
std::vector<std::string> output_paths(const std::vector<InputPlan>& plans);

// Every output is checked before any is written, and every problem is reported at once.
void check_outputs(const std::vector<InputPlan>& plans, const std::vector<std::string>& paths, bool overwrite);

}  // namespace parklayers::conversion
