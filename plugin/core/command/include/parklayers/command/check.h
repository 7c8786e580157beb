// SPDX-License-Identifier: GPL-2.0-or-later
// `check`: a park source against its stated figures, or a layer of parcels against the areas
// it states.
#pragma once

#include <string>

#include "parklayers/command/declaration.h"
#include "parklayers/gis/overlaps.h"
#include "parklayers/park/source.h"
#include "parklayers/park/stated_parcels.h"

namespace parklayers::command {

struct CheckArgs {
  std::string source = bundled_park_path();
  bool json = false;
  bool skip_invalid = false;
  bool failed_only = false;
  bool overlaps = false;
  double overlap_tolerance = kDefaultOverlapToleranceM2;
  std::string lang = "en";
  std::string method;  // empty: planar for stated parcels (ellipsoidal for TBMJ), ellipsoidal for a park
  std::string layer;
  std::string stated;
  std::string unit;
  std::string id;
  std::string a_srs;
  std::string encoding;
  std::string where;
  int jobs = 0;
};

const Declaration<CheckArgs>& check_command();

// The options of a layer of parcels; --method and --unit judged here.
StatedParcelOptions stated_parcel_options(const CheckArgs& args);
// What only a layer of parcels takes (--unit, --id, --overlaps) makes the source one.
bool takes_layer_of_parcels(const CheckArgs& args);

}  // namespace parklayers::command
