// SPDX-License-Identifier: GPL-2.0-or-later
// Whether positions moved from one CRS to another land where they should, as PROJ knows it.
// Xian 1980 and Beijing 1954 have no published transformation to CGCS2000 or WGS 84 in PROJ:
// PROJ falls back to a "ballpark" one that keeps longitude and latitude as they are, tens to
// hundreds of metres off. CGCS2000 to WGS 84 is a ballpark too, but between two geocentric
// frames on (all but) the same ellipsoid, a few centimetres apart. What tells the two apart is
// PROJ's own knowledge: a ballpark between datums on different ellipsoids is a classical datum
// moved as if it were geocentric; an operation PROJ gives an accuracy for says how far off it is.
#pragma once

#include <string>

class OGRSpatialReference;

namespace parklayers {

// Why positions moved from `from` to `to` are approximate, in words ("PROJ knows no exact
// transformation from Xian 1980 to WGS 84, only a ballpark one that keeps longitude and latitude
// as they are: tens to hundreds of metres off"); "" when PROJ's transformation is good to a
// metre or better (or there is no datum change at all).
std::string approximate_transformation(const OGRSpatialReference& from, const OGRSpatialReference& to);

// Accuracy (m) above which a transformation PROJ states an accuracy for is called approximate.
constexpr double kApproximateAboveM = 1.0;

}  // namespace parklayers
