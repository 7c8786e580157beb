// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/io/shard_overlaps.h"

#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include <ogrsf_frmts.h>

#include "parklayers/gis/error.h"
#include "parklayers/gis/gdal_util.h"
#include "parklayers/gis/geos.h"
#include "parklayers/gis/validity.h"
#include "parklayers/io/input.h"
#include "parklayers/io/postgres.h"

namespace parklayers {
namespace {

struct Box {
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
  bool meets(const Box& other) const {
    return min_x <= other.max_x && other.min_x <= max_x && min_y <= other.max_y && other.min_y <= max_y;
  }
};

std::string gdal_reason() {
  const char* message = CPLGetLastErrorMsg();
  return message && *message ? std::string(": ") + message : std::string();
}

std::string number(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

struct Candidate {
  long long fid;
  std::unique_ptr<OGRGeometry> geometry;
  std::string id;
};

}  // namespace

void find_cross_partition_overlaps(const ShardedTable& table, const LayerOverlapOptions& options,
                                   const std::string& id_field, size_t jobs,
                                   const std::function<void(const CrossPartitionPair&)>& on_pair) {
  const size_t n = table.partitions.size();
  if (n < 2) return;
  // Each partition's extent in its layer's CRS (none: an empty partition), read on its shard.
  std::vector<std::optional<Box>> extents(n);
  std::vector<std::string> geometry_columns(n);
  std::unique_ptr<OGRSpatialReference> crs;
  std::mutex crs_mutex;
  for_each_partition(n, jobs, [&](size_t i) {
    const ShardPartition& partition = table.partitions[i];
    const InputSource source = open_input(partition.database, options.input);
    OGRLayer& layer = pick_layer(source.dataset(), partition.database, partition.table);
    geometry_columns[i] = layer.GetGeometryColumn();
    {
      const std::lock_guard<std::mutex> lock(crs_mutex);
      const std::unique_ptr<OGRSpatialReference> assigned = assigned_crs(options.input);
      if (!crs) {
        if (const OGRSpatialReference* found = source_crs(layer, assigned.get())) crs.reset(found->Clone());
      }
    }
    const PgConnection connection(partition.database.text());
    const PgTable pg = pg_table(connection, partition.database.text(), partition.table);
    const std::string column = quote_identifier(geometry_columns[i]);
    const std::string where = options.input.where.empty() ? "" : " where (" + options.input.where + ")";
    const auto rows = connection.query("select ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) from (select ST_Extent(" +
                                       column + ") as e from " + pg.quoted + where + ") s where e is not null");
    if (!rows.empty()) {
      extents[i] = Box{std::stod(rows[0][0]), std::stod(rows[0][1]), std::stod(rows[0][2]), std::stod(rows[0][3])};
    }
  });
  if (!crs) return;  // no partition has a geometry column GDAL reads

  // The candidates of each partition: its parcels within another partition's extent.
  std::vector<std::vector<Candidate>> candidates(n);
  for_each_partition(n, jobs, [&](size_t i) {
    if (!extents[i]) return;
    const ShardPartition& partition = table.partitions[i];
    std::string boxes;
    for (size_t j = 0; j < n; ++j) {
      if (j == i || !extents[j] || !extents[i]->meets(*extents[j])) continue;
      const Box& box = *extents[j];
      boxes += std::string(boxes.empty() ? "" : " or ") + quote_identifier(geometry_columns[i]) +
               " && ST_MakeEnvelope(" + number(box.min_x) + ", " + number(box.min_y) + ", " + number(box.max_x) +
               ", " + number(box.max_y) + ")";
    }
    if (boxes.empty()) return;
    const InputSource source = open_input(partition.database, options.input);
    OGRLayer& layer = pick_layer(source.dataset(), partition.database, partition.table);
    // GDAL's PostgreSQL driver hands an attribute filter to the server as SQL.
    const std::string filter =
        (options.input.where.empty() ? "" : "(" + options.input.where + ") and ") + "(" + boxes + ")";
    if (layer.SetAttributeFilter(filter.c_str()) != OGRERR_NONE) {
      throw OutputError(partition.shown, "cannot select the parcels along the partition's border" + gdal_reason());
    }
    const int id_index = id_field.empty() ? -1 : layer.GetLayerDefn()->GetFieldIndex(id_field.c_str());
    const std::unique_ptr<OGRSpatialReference> assigned = assigned_crs(options.input);
    const CoordinateRule rule = coordinate_rule(source_crs(layer, assigned.get()));
    const GeosContext geos;
    const QuietGdalErrors quiet;
    CPLErrorReset();
    for (OGRFeatureUniquePtr feature(layer.GetNextFeature()); feature; feature.reset(layer.GetNextFeature())) {
      OGRGeometry* geometry = feature->GetGeometryRef();
      if (!geometry || geometry->IsEmpty() || !is_polygonal(wkbFlatten(geometry->getGeometryType()))) continue;
      if (!invalid_geometry_reason(*geometry, rule, geos).empty()) continue;
      Candidate& candidate = candidates[i].emplace_back();
      candidate.fid = feature->GetFID();
      candidate.geometry.reset(feature->StealGeometry());
      if (id_index >= 0 && feature->IsFieldSetAndNotNull(id_index)) candidate.id = feature->GetFieldAsString(id_index);
    }
    if (CPLGetLastErrorType() == CE_Failure) {
      throw OutputError(partition.shown, "reading the parcels along the partition's border failed" + gdal_reason());
    }
  });

  OverlapFinder finder(*crs);
  std::unordered_map<long long, std::pair<size_t, std::string>> where;  // fid -> partition, id
  for (size_t i = 0; i < n; ++i) {
    for (Candidate& candidate : candidates[i]) {
      const auto [found, added] = where.emplace(candidate.fid, std::make_pair(i, std::move(candidate.id)));
      if (!added) {
        throw InputError(Location{table.partitions[i].partition, "", candidate.fid, "", ""},
                         "the partitions " + table.partitions[found->second.first].partition + " and " +
                             table.partitions[i].partition +
                             " hold the same fid: a sharded table's fids are unique across its partitions");
      }
      finder.add(candidate.fid, *candidate.geometry);
      candidate.geometry.reset();
    }
  }
  finder.find([&](const OverlapPair& pair) {
    const auto& a = where.at(pair.fid_a);
    const auto& b = where.at(pair.fid_b);
    if (a.first == b.first) return;  // found on the partition's own shard
    on_pair(CrossPartitionPair{pair, a.second, b.second});
  });
}

}  // namespace parklayers
