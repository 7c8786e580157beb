// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/gis/transformation_accuracy.h"

#include <cmath>
#include <cstdio>
#include <memory>

#include <cpl_conv.h>
#include <ogr_spatialref.h>
#include <proj.h>

namespace parklayers {
namespace {

struct ContextDeleter {
  void operator()(PJ_CONTEXT* context) const { proj_context_destroy(context); }
};
struct PjDeleter {
  void operator()(PJ* pj) const { proj_destroy(pj); }
};
using Pj = std::unique_ptr<PJ, PjDeleter>;

std::string wkt2(const OGRSpatialReference& crs) {
  char* text = nullptr;
  const char* options[] = {"FORMAT=WKT2_2019", nullptr};
  if (crs.exportToWkt(&text, options) != OGRERR_NONE) {
    CPLFree(text);
    return "";
  }
  std::string out = text ? text : "";
  CPLFree(text);
  return out;
}

std::string geodetic_name(PJ_CONTEXT* context, const PJ* crs) {
  const Pj geodetic(proj_crs_get_geodetic_crs(context, crs));
  const char* name = geodetic ? proj_get_name(geodetic.get()) : nullptr;
  return name ? name : "?";
}

bool same_ellipsoid(PJ_CONTEXT* context, const PJ* a, const PJ* b) {
  const Pj ellipsoid_a(proj_get_ellipsoid(context, a));
  const Pj ellipsoid_b(proj_get_ellipsoid(context, b));
  if (!ellipsoid_a || !ellipsoid_b) return false;
  double axis_a = 0, minor_a = 0, inverse_flattening_a = 0;
  double axis_b = 0, minor_b = 0, inverse_flattening_b = 0;
  int computed = 0;
  proj_ellipsoid_get_parameters(context, ellipsoid_a.get(), &axis_a, &minor_a, &computed, &inverse_flattening_a);
  proj_ellipsoid_get_parameters(context, ellipsoid_b.get(), &axis_b, &minor_b, &computed, &inverse_flattening_b);
  // GRS 80 and WGS 84 differ by 0.1 mm in their minor axis; classical ellipsoids by metres.
  return std::fabs(axis_a - axis_b) < 0.01 && std::fabs(minor_a - minor_b) < 0.01;
}

}  // namespace

std::string approximate_transformation(const OGRSpatialReference& from, const OGRSpatialReference& to) {
  const std::unique_ptr<PJ_CONTEXT, ContextDeleter> context(proj_context_create());
  PJ_CONTEXT* ctx = context.get();
  proj_log_level(ctx, PJ_LOG_NONE);
  const Pj source(proj_create(ctx, wkt2(from).c_str()));
  const Pj target(proj_create(ctx, wkt2(to).c_str()));
  if (!source || !target) return "";
  // The operations OGRCreateCoordinateTransformation chooses among (as proj_create_crs_to_crs
  // does): any that touches the area of use, none needing a grid that is not installed.
  PJ_OPERATION_FACTORY_CONTEXT* factory = proj_create_operation_factory_context(ctx, nullptr);
  proj_operation_factory_context_set_spatial_criterion(ctx, factory, PROJ_SPATIAL_CRITERION_PARTIAL_INTERSECTION);
  proj_operation_factory_context_set_grid_availability_use(ctx, factory,
                                                           PROJ_GRID_AVAILABILITY_DISCARD_OPERATION_IF_MISSING_GRID);
  PJ_OBJ_LIST* operations = proj_create_operations(ctx, source.get(), target.get(), factory);
  proj_operation_factory_context_destroy(factory);
  if (!operations) return "";
  const Pj best(proj_list_get_count(operations) > 0 ? proj_list_get(ctx, operations, 0) : nullptr);
  proj_list_destroy(operations);
  if (!best) return "";

  const std::string from_name = geodetic_name(ctx, source.get());
  const std::string to_name = geodetic_name(ctx, target.get());
  if (proj_coordoperation_has_ballpark_transformation(ctx, best.get())) {
    if (same_ellipsoid(ctx, source.get(), target.get())) return "";
    return "PROJ knows no exact transformation from " + from_name + " to " + to_name +
           ", only a ballpark one that keeps longitude and latitude as they are: tens to hundreds of "
           "metres off";
  }
  const double accuracy = proj_coordoperation_get_accuracy(ctx, best.get());
  if (accuracy > kApproximateAboveM) {
    char metres[32];
    std::snprintf(metres, sizeof metres, "%g", accuracy);
    return "PROJ's transformation from " + from_name + " to " + to_name + " is good to about " + metres + " m";
  }
  return "";
}

}  // namespace parklayers
