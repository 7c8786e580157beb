// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/park/park.h"

#include <cstdio>
#include <map>
#include <memory>
#include <stdexcept>
#include <unordered_map>

#include "parklayers/gis/geos.h"
#include "parklayers/gis/overlaps.h"

namespace parklayers {
namespace {

std::map<std::string, size_t> index_by_id(const Table& table) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < table.rows.size(); ++i) index.emplace(table.text(table.rows[i], "id"), i);
  return index;
}

void check_same_crs(const ParkSource& source, ProblemList& problems) {
  const OGRSpatialReference* reference = source.parcels.crs.get();
  for (const Table* table : {&source.buildings, &source.roads, &source.amenities}) {
    if (!reference || !table->crs) continue;
    if (!table->crs->IsSame(reference)) {
      const char* name = table->crs->GetName();
      const char* parcels_name = reference->GetName();
      problems.add(table->where(), std::string("the layer's CRS (") + (name ? name : "?") +
                                       ") differs from that of parcels (" +
                                       (parcels_name ? parcels_name : "?") +
                                       "): a park source uses one CRS");
    }
  }
}

}  // namespace

Park build_park(ParkSource source) {
  Park park;
  ProblemList problems;
  check_same_crs(source, problems);
  problems.throw_if_any();

  const Table& parcels = source.parcels;
  const Table& buildings = source.buildings;
  const auto parcel_index = index_by_id(parcels);
  const auto building_index = index_by_id(buildings);

  GeosContext geos;
  std::vector<GeosGeometry> parcel_geos;
  for (const Row& row : parcels.rows) parcel_geos.push_back(geos.from_ogr(*row.geometry));

  std::unique_ptr<AreaCalculator> area_calculator;
  try {
    area_calculator = std::make_unique<AreaCalculator>(*parcels.crs);
  } catch (const std::invalid_argument& error) {
    throw InputError(parcels.where(), error.what());
  }
  const AreaCalculator& calculator = *area_calculator;
  // A geometry that cannot be measured (one beyond its CRS's reach, say) is bad input.
  const auto measure = [&calculator](const Table& table, const Row& row) {
    try {
      return calculator.measure(*row.geometry);
    } catch (const std::invalid_argument& error) {
      throw InputError(table.where(row), error.what());
    }
  };

  // Parcels must not overlap: any interior shared by two parcels would be counted twice. The
  // overlap finder (gis/overlaps.h) compares only parcels whose envelopes overlap, and settles
  // neighbours that merely touch without GEOS; the parcels go to it by fid, as messages name
  // them (by place should a source repeat fids), and come back in that order.
  {
    std::unordered_map<long long, size_t> row_of_fid;
    for (size_t i = 0; i < parcels.rows.size(); ++i) row_of_fid.emplace(parcels.rows[i].fid, i);
    const bool by_fid = row_of_fid.size() == parcels.rows.size();
    const auto row_of = [&](long long key) -> const Row& {
      return parcels.rows[by_fid ? row_of_fid.at(key) : static_cast<size_t>(key)];
    };
    OverlapFinder finder(*parcels.crs);
    for (size_t i = 0; i < parcels.rows.size(); ++i) {
      finder.add(by_fid ? parcels.rows[i].fid : static_cast<long long>(i), *parcels.rows[i].geometry);
    }
    try {
      finder.find([&](const OverlapPair& pair) {
        if (pair.area_m2 <= kDefaultOverlapToleranceM2) return;  // rounding along a shared edge
        char area[64];
        std::snprintf(area, sizeof area, "%.2f", pair.area_m2);
        problems.add(parcels.where(row_of(pair.fid_a)),
                     "overlaps parcel '" + parcels.text(row_of(pair.fid_b), "id") + "' by " + area + " m2");
      });
    } catch (const std::invalid_argument& error) {
      throw InputError(parcels.where(), std::string("the overlap of two parcels cannot be measured: ") + error.what());
    }
  }

  // Buildings stand on a known parcel of their own phase, wholly inside it.
  for (const Row& row : buildings.rows) {
    const std::string parcel_id = buildings.text(row, "parcel_id");
    const auto found = parcel_index.find(parcel_id);
    if (found == parcel_index.end()) {
      problems.add(buildings.where(row, "parcel_id"), "no parcel has id '" + parcel_id + "'");
      continue;
    }
    const Row& parcel = parcels.rows[found->second];
    if (buildings.integer(row, "phase") != parcels.integer(parcel, "phase")) {
      problems.add(buildings.where(row, "phase"),
                   "phase " + buildings.text(row, "phase") + " differs from phase " +
                       parcels.text(parcel, "phase") + " of its parcel '" + parcel_id + "'");
    }
    const GeosGeometry footprint = geos.from_ogr(*row.geometry);
    if (!geos.covered_by(*footprint, *parcel_geos[found->second])) {
      problems.add(buildings.where(row), "the footprint is not inside its parcel '" + parcel_id + "'");
    }
  }

  // Tenants are keyed to buildings; an empty bldg_id means the building is not known.
  for (const Row& row : source.tenants.rows) {
    const std::string building = source.tenants.text(row, "bldg_id");
    if (!building.empty() && !building_index.count(building)) {
      problems.add(source.tenants.where(row, "bldg_id"), "no building has id '" + building + "'");
    }
  }
  problems.throw_if_any();

  ParkMeasures measures;
  for (const Row& row : parcels.rows) {
    park.parcel_areas.push_back(measure(parcels, row));
    measures.parcel_area_m2.push_back(park.parcel_areas.back().area_m2);
  }
  for (const Row& row : buildings.rows) park.building_areas.push_back(measure(buildings, row));

  std::vector<const GEOSGeometry*> parts;
  for (const GeosGeometry& g : parcel_geos) parts.push_back(g.get());
  park.boundary = geos.to_ogr(*geos.union_all(parts));
  park.boundary->assignSpatialReference(parcels.crs.get());
  try {
    park.boundary_area = calculator.measure(*park.boundary);
  } catch (const std::invalid_argument& error) {
    throw InputError(parcels.where(), std::string("the park boundary cannot be measured: ") + error.what());
  }

  park.checks = run_checks(source, measures);
  park.source = std::move(source);
  return park;
}

Park load_park(const SourceName& path, const ReadOptions& options) {
  return build_park(read_park_source(path, options));
}

}  // namespace parklayers
