// SPDX-License-Identifier: GPL-2.0-or-later
// Stated-figure checks: each row of stated_figures is read into an interval (stated_figure.h),
// its subject resolved against the park, the value computed from the park's geometry and
// attributes, and the result given a status.
//
// Subjects:   park | phase:N | parcel_phase:N | building_phase:N | parcel:ID | building:ID |
//             amenity:ID | tenant:ID
// Quantities: land_area (parcels' ellipsoidal area, method ellipsoidal), floor_area (buildings' gfa_m2),
//             facility_area (the gfa_m2 of a tenant's building), capacity (an amenity's
//             capacity), investment, count_* (counts of firms of a kind)
// A figure the source cannot yet verify (counts the tenants table does not classify, an
// investment, a tenant with no known building, a capacity not in the source) is "incomplete":
// it neither passes nor fails.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "parklayers/gis/error.h"
#include "parklayers/park/source.h"
#include "parklayers/park/stated_figure.h"

namespace parklayers {

enum class CheckStatus { Pass, Fail, Incomplete };
const char* check_status_name(CheckStatus status);

// How a computed area was measured: on the plane (the shoelace area on a Gauss-Kruger plane,
// the coordinate-analytic method by which a land-parcel coordinate file's 地块面积 was worked
// out) or on the ellipsoid (Karney's, which the park's figures and the third national land
// survey use), or by the land survey's own rule (gis/survey_area.h: the survey's ellipsoidal
// trapezoids from Gauss-Kruger coordinates, to 2 decimals, as 三调 states TBMJ). Planar and
// ellipsoidal differ by 0.03 % to 0.07 % around Anting, more than a stated figure's precision;
// survey and ellipsoidal by about a cent on a parcel. Every area check says which it used.
// (The values are stored as numbers in check spools: new methods go at the end.)
enum class AreaMethod { Planar, Ellipsoidal, Survey };
// "planar", "ellipsoidal", "survey".
const char* area_method_name(AreaMethod method);
// "planar", "ellipsoidal" or "survey" (any case); nullopt otherwise.
std::optional<AreaMethod> parse_area_method(const std::string& name);
// Whether a park's stated figures can be checked by this method: only ellipsoidal. They were
// worked out on the ellipsoid, so a planar check would fail them for the plane's scale (0.03 %
// and more), not for their figures. (A layer of stated parcels takes either.)
bool park_checks_accept(AreaMethod method);

struct Check {
  std::string id;
  std::string subject;
  std::string quantity;
  std::string value_text;  // the number as written ("25,000")
  std::string as_written;  // the whole phrase as written, when the source gives it
  FigureReading reading;
  std::optional<double> computed;   // in the figure's unit
  std::optional<double> deviation;  // computed - stated value, in the figure's unit
  // How the computed area was measured; nullopt for what is no measured area (floor areas,
  // which are the gfa_m2 the source states, capacities, counts, money).
  std::optional<AreaMethod> method;
  CheckStatus status = CheckStatus::Incomplete;
  std::string note;    // why incomplete, or what was summed
  std::string source;  // "publisher, date, title"
  std::string url;
  // The layer's FIDs of the features a row of a layer's checks is about (stated_parcels.h): one
  // parcel, or the two of an overlap. Empty for a park's figures.
  std::vector<long long> fids;
};

// What the checks need to know of a park, measured once.
struct ParkMeasures {
  // Ellipsoidal area in m2 of each parcel, in the order of source.parcels.rows.
  std::vector<double> parcel_area_m2;
};

// Reads and evaluates every stated figure. Throws InputError naming the stated_figures row
// and field of any figure that cannot be read (unknown unit, qualifier, quantity or subject).
std::vector<Check> run_checks(const ParkSource& source, const ParkMeasures& measures);

// Every check passes or is incomplete.
bool all_pass(const std::vector<Check>& checks);

}  // namespace parklayers
