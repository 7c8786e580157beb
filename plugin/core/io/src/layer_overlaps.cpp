// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/io/layer_overlaps.h"

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <vector>

#include <libpq-fe.h>
#include <ogrsf_frmts.h>

#ifdef __GLIBC__
#include <malloc.h>  // malloc_trim
#endif

#include "parklayers/gis/area.h"
#include "parklayers/gis/gdal_util.h"
#include "parklayers/gis/geos.h"
#include "parklayers/gis/validity.h"
#include "parklayers/gis/worker.h"
#include "parklayers/io/drivers.h"
#include "parklayers/io/postgres.h"

namespace parklayers {
namespace {

// Features read and checked together, as `area` reads them (layer_area.cpp).
constexpr size_t kBatchSize = 4096;

struct Batch {
  std::vector<OGRFeatureUniquePtr> features;
  std::vector<std::string> invalid;  // why a feature is skipped (skip_invalid), "" for none
  std::vector<char> polygon;         // whether a feature is a valid polygon to compare
};

// Where the features come from, for messages and for the validity rule.
struct LayerSource {
  OGRLayer& layer;
  const InputSource& source;
  std::string shown;  // the input as messages name it (a database's without its password)
  std::string name;   // the layer's name
  CoordinateRule rule;
};

// Reads the layer on a thread of its own, checks each polygon on one worker per core, and hands
// each valid polygon to add(fid, geometry) on this thread, in reading order. An invalid one is
// an InputError (the first in reading order), or with skip_invalid passed to on_skipped.
void read_polygons(const LayerSource& from, const LayerOverlapOptions& options,
                   const std::function<void(long long fid, const OGRGeometry& geometry)>& add) {
  const size_t worker_count = pipeline_workers();
  std::vector<std::unique_ptr<GeosContext>> geos_contexts(worker_count);
  std::vector<Batch> batches(worker_count + 3);
  PipelineStages stages;
  stages.read = [&](size_t slot) {
    // GDAL's warnings while reading (an unclosed ring, say) are not printed: what is wrong
    // with a feature is reported as an InputError naming it.
    const QuietGdalErrors quiet_reading;
    Batch& batch = batches[slot];
    batch.features.clear();
    while (batch.features.size() < kBatchSize) {
      OGRFeatureUniquePtr feature(from.layer.GetNextFeature());
      if (!feature) break;
      from.source.prepare(*feature);
      batch.features.push_back(std::move(feature));
    }
    return !batch.features.empty();
  };
  stages.process = [&](size_t slot, size_t worker) {
    std::unique_ptr<GeosContext>& geos = geos_contexts[worker];
    if (!geos) geos = std::make_unique<GeosContext>();
    Batch& batch = batches[slot];
    batch.invalid.assign(batch.features.size(), std::string());
    batch.polygon.assign(batch.features.size(), 0);
    for (size_t i = 0; i < batch.features.size(); ++i) {
      const OGRGeometry* geometry = batch.features[i]->GetGeometryRef();
      if (!geometry || geometry->IsEmpty() || !is_polygonal(geometry->getGeometryType())) continue;
      const std::string invalid = invalid_geometry_reason(*geometry, from.rule, *geos);
      if (!invalid.empty()) {
        if (!options.skip_invalid) {
          throw InputError(Location{from.shown, from.name, batch.features[i]->GetFID(), "", ""},
                           "invalid geometry: " + invalid);
        }
        batch.invalid[i] = "invalid geometry: " + invalid;
        continue;
      }
      batch.polygon[i] = 1;
    }
  };
  stages.consume = [&](size_t slot) {
    Batch& batch = batches[slot];
    for (size_t i = 0; i < batch.features.size(); ++i) {
      const long long fid = batch.features[i]->GetFID();
      if (!batch.invalid[i].empty()) {
        if (options.on_skipped) options.on_skipped(Problem{Location{from.shown, from.name, fid, "", ""}, batch.invalid[i]});
        continue;
      }
      if (!batch.polygon[i]) continue;
      try {
        add(fid, *batch.features[i]->GetGeometryRef());
      } catch (const std::invalid_argument&) {  // a collection of lines, say
        throw InputError(Location{from.shown, from.name, fid, "", ""},
                         "has no polygon: overlaps are found between polygons");
      }
    }
  };
  from.layer.ResetReading();
  run_ordered_pipeline(batches.size(), worker_count, stages);
}

// The table and columns of a PostGIS layer, as GDAL reports them.
struct PostgisLayer {
  std::string table;     // GDAL's layer name, less the "(geom)" it adds for a table of several geometry columns
  std::string fid;       // the primary key
  std::string geometry;  // the geometry column
};

std::int64_t big_endian_int64(const char* bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return static_cast<std::int64_t>(value);
}

// The pairs found by the database: one statement, streamed a row at a time.
void find_in_postgres(const SourceName& input, const Location& where_layer, const PostgisLayer& postgis,
                      const std::string& where, const std::vector<long long>& skipped,
                      const AreaCalculator& calculator, const std::function<void(const OverlapPair&)>& on_pair) {
  const PgConnection connection(input.text());
  PQsetNoticeProcessor(connection.get(), [](void*, const char*) {}, nullptr);
  const PgTable table = pg_table(connection, input.text(), postgis.table);
  // The rows compared: the table's, or those --where selects (GDAL passes the condition to the
  // server as it is, and so does this).
  const std::string rows = "(select " + quote_identifier(postgis.fid) + " as fid, " +
                           quote_identifier(postgis.geometry) + " as geom from " + table.quoted +
                           (where.empty() ? "" : " where " + where) + ")";
  // "a.fid + 0 < b.fid + 0", not "a.fid < b.fid": PostgreSQL 15 otherwise ANDs a range scan of
  // the primary key (half the table for each row) with the GiST scan, 35 times slower on 200,000
  // parcels; written so, the comparison is a filter on the GiST index's few rows.
  std::string sql = "select a.fid::int8, b.fid::int8, ST_AsBinary(ST_Intersection(a.geom, b.geom)) from " + rows +
                    " as a join " + rows +
                    " as b on ST_Intersects(a.geom, b.geom) and a.fid + 0 < b.fid + 0 "
                    "where ST_Relate(a.geom, b.geom, 'T********')";
  std::string skipped_text;
  if (!skipped.empty()) {
    sql += " and a.fid::int8 <> all($1::int8[]) and b.fid::int8 <> all($1::int8[])";
    for (const long long fid : skipped) skipped_text += (skipped_text.empty() ? "{" : ",") + std::to_string(fid);
    skipped_text += "}";
  }
  sql += " order by 1, 2";
  const char* values[] = {skipped_text.c_str()};
  pg_conn* c = connection.get();
  const auto fail = [&] {
    std::string message = PQerrorMessage(c);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    throw OutputError(connection.description(), message);
  };
  // Binary results: the fids as 8 bytes, the WKB as its bytes, nothing printed and parsed.
  if (PQsendQueryParams(c, sql.c_str(), skipped.empty() ? 0 : 1, nullptr, values, nullptr, nullptr, 1) != 1) fail();
  if (PQsetSingleRowMode(c) != 1) fail();
  for (PgResult result(PQgetResult(c)); result; result.reset(PQgetResult(c))) {
    const ExecStatusType status = PQresultStatus(result.get());
    if (status == PGRES_TUPLES_OK) continue;  // the end: the last result, with no rows
    if (status != PGRES_SINGLE_TUPLE) fail();
    if (PQgetlength(result.get(), 0, 0) != 8 || PQgetlength(result.get(), 0, 1) != 8 || PQgetisnull(result.get(), 0, 2)) {
      throw OutputError(connection.description(), "the overlaps came back in a form not asked for");
    }
    OverlapPair pair;
    pair.fid_a = big_endian_int64(PQgetvalue(result.get(), 0, 0));
    pair.fid_b = big_endian_int64(PQgetvalue(result.get(), 0, 1));
    OGRGeometry* read = nullptr;
    const auto* wkb = reinterpret_cast<const unsigned char*>(PQgetvalue(result.get(), 0, 2));
    if (OGRGeometryFactory::createFromWkb(wkb, nullptr, &read, PQgetlength(result.get(), 0, 2)) != OGRERR_NONE) {
      throw OutputError(connection.description(), "the intersection of features " + std::to_string(pair.fid_a) +
                                                      " and " + std::to_string(pair.fid_b) + " is no WKB GDAL reads");
    }
    const std::unique_ptr<OGRGeometry> intersection(read);
    try {
      pair.area_m2 = calculator.area_m2(*intersection);
    } catch (const std::invalid_argument& error) {
      Location where_pair = where_layer;
      where_pair.fid = pair.fid_a;
      throw InputError(where_pair, "the overlap with feature " + std::to_string(pair.fid_b) +
                                       " cannot be measured: " + error.what());
    }
    on_pair(pair);
  }
}

}  // namespace

void find_layer_overlaps(const SourceName& input, const LayerOverlapOptions& options,
                         const std::function<void(const OverlapPair&)>& on_pair) {
  ensure_drivers_registered();
  const std::unique_ptr<OGRSpatialReference> assigned = assigned_crs(options.input);
  std::optional<InputSource> source(open_input(input, options.input));
  const std::string shown = input.display();  // a database's without its password
  OGRLayer& layer = pick_layer(source->dataset(), input, options.layer);
  const std::string layer_name = layer.GetName();
  apply_where(layer, shown, options.input);
  const OGRSpatialReference* crs = source_crs(layer, assigned.get());
  if (!crs) {
    throw InputError(Location{shown, layer_name, -1, "", ""},
                     no_crs_problem(layer, &*source, "the overlaps cannot be measured"));
  }
  // Only the geometry is read: GDAL need not read the attributes (unless prepare() does).
  if (!source->prepare_reads_attributes()) {
    CPLStringList fields;
    for (int i = 0; i < layer.GetLayerDefn()->GetFieldCount(); ++i) {
      fields.AddString(layer.GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
    }
    layer.SetIgnoredFields(const_cast<const char**>(fields.List()));
  }
  const LayerSource from{layer, *source, shown, layer_name, coordinate_rule(crs)};
  GDALDriver* driver = source->dataset().GetDriver();

  if (driver && std::string(driver->GetDescription()) == "PostgreSQL") {
    PostgisLayer postgis{layer_name, layer.GetFIDColumn(), layer.GetGeometryColumn()};
    if (postgis.fid.empty()) {
      throw InputError(Location{shown, layer_name, -1, "", ""},
                       "the table has no primary key (GDAL's FID column) to name its rows by: give it one, "
                       "e.g. ALTER TABLE ... ADD COLUMN fid bigserial PRIMARY KEY");
    }
    const std::string suffix = "(" + postgis.geometry + ")";
    if (postgis.table.size() > suffix.size() &&
        postgis.table.compare(postgis.table.size() - suffix.size(), suffix.size(), suffix) == 0) {
      postgis.table.erase(postgis.table.size() - suffix.size());
    }
    std::unique_ptr<AreaCalculator> calculator;
    try {
      calculator = std::make_unique<AreaCalculator>(*crs);
    } catch (const std::invalid_argument& error) {
      throw InputError(Location{shown, layer_name, -1, "", ""}, error.what());
    }
    // Invalid polygons are found as for a file; those skipped are left out of the statement.
    std::vector<long long> skipped;
    LayerOverlapOptions checking = options;
    checking.on_skipped = [&](const Problem& problem) {
      skipped.push_back(problem.where.fid);
      if (options.on_skipped) options.on_skipped(problem);
    };
    read_polygons(from, checking, [](long long, const OGRGeometry&) {});
    source.reset();  // GDAL's connection closed before ours opens
    find_in_postgres(input, Location{shown, layer_name, -1, "", ""}, postgis, options.input.where, skipped, *calculator,
                     on_pair);
    return;
  }

  // The finder's own failures, told apart from on_pair's (which pass as they are): a CRS with no
  // ellipsoid or an overlap that cannot be measured is bad input; a scratch file that cannot be
  // made or written (a full disk) an output failure, named by its folder.
  bool reporting = false;
  const auto report = [&reporting, &on_pair](const OverlapPair& pair) {
    reporting = true;
    on_pair(pair);
  };
  try {
    OverlapFinder finder(*crs);
    read_polygons(from, options, [&finder](long long fid, const OGRGeometry& geometry) { finder.add(fid, geometry); });
    // The source's memory goes back to the system (glibc keeps it in the reader thread's arena
    // otherwise) before the finder's index is built.
    source.reset();
#ifdef __GLIBC__
    malloc_trim(0);
#endif
    finder.find(report);
  } catch (const std::invalid_argument& error) {
    if (reporting) throw;
    throw InputError(Location{shown, layer_name, -1, "", ""}, error.what());
  } catch (const std::system_error& error) {
    if (reporting) throw;
    std::error_code ec;
    std::string folder = std::filesystem::temp_directory_path(ec).string();
    if (ec) folder = "the temporary folder";
    throw OutputError("the scratch file in " + folder, error.what());
  } catch (const InputError&) {
    throw;
  } catch (const std::runtime_error& error) {
    if (reporting) throw;
    throw InputError(Location{shown, layer_name, -1, "", ""}, error.what());
  }
}

}  // namespace parklayers
