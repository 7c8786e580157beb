// SPDX-License-Identifier: GPL-2.0-or-later
// `area --update` on PostGIS (area_update.h): the transaction, its lock and the columns' check,
// then one of the two routes (area_update_postgres.h); and what both routes share.
#include "area_update_postgres.h"

#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <libpq-fe.h>
#include <ogrsf_frmts.h>

#include "parklayers/gis/error.h"
#include "parklayers/gis/gdal_util.h"
#include "parklayers/gis/worker.h"
#include "parklayers/io/input.h"
#include "parklayers/io/postgres.h"
#include "parklayers/io/postgres_output.h"

namespace parklayers::area_update {

std::string pg_message(pg_conn* connection) {
  std::string message = PQerrorMessage(connection);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message;
}

std::string wkb_of(const PgConnection& connection, const PgTable& table, const std::string& column) {
  if (column.empty()) return "null::bytea";
  const auto rows = connection.query(
      "select t.typname, quote_ident(n.nspname) from pg_attribute a join pg_type t on t.oid = a.atttypid "
      "join pg_namespace n on n.oid = t.typnamespace "
      "where a.attrelid = $1::oid and a.attname = $2 and a.attnum > 0 and not a.attisdropped",
      {table.oid, column});
  if (rows.empty() || (rows[0][0] != "geometry" && rows[0][0] != "geography")) return "";
  return rows[0][1] + ".ST_AsBinary(" + quote_identifier(column) + ")";
}

void measure_batches(const std::function<bool(PgBatch&)>& read, const SourceName& input,
                     const LayerAreaOptions& options, const FeatureMeasurer& measurer, bool by_place, size_t workers,
                     const AddRow& add, AreaUpdateResult& result) {
  const std::string shown = input.display();
  const std::string& layer = measurer.layer_name();
  std::vector<PgBatch> batches(workers + 3);
  PipelineStages stages;
  stages.read = [&](size_t slot) {
    PgBatch& batch = batches[slot];
    batch.rows.clear();
    batch.wkb.clear();
    return read(batch);
  };
  stages.process = [&](size_t slot, size_t worker) {
    PgBatch& batch = batches[slot];
    // This thread's own handler (GDAL's are per thread): what GDAL says is reported in the
    // InputError naming the feature, not printed.
    const QuietGdalErrors quiet;
    batch.areas.resize(batch.rows.size());
    batch.invalid.resize(batch.rows.size());
    for (size_t i = 0; i < batch.rows.size(); ++i) {
      const PgRow& row = batch.rows[i];
      OGRGeometryUniquePtr geometry;
      if (row.has_geometry) {
        OGRGeometry* parsed = nullptr;
        if (OGRGeometryFactory::createFromWkb(batch.wkb.data() + row.wkb_offset, nullptr, &parsed, row.wkb_size) !=
            OGRERR_NONE) {
          delete parsed;
          throw InputError(Location{shown, layer, row.fid, "", ""}, "its geometry is no WKB GDAL can read");
        }
        geometry.reset(parsed);
      }
      batch.invalid[i] = measurer.measure(geometry.get(), row.fid, worker, batch.areas[i]);
    }
  };
  stages.consume = [&](size_t slot) {
    const PgBatch& batch = batches[slot];
    for (size_t i = 0; i < batch.rows.size(); ++i) {
      const PgRow& row = batch.rows[i];
      const RowPlace* place = by_place ? &row.place : nullptr;
      if (!batch.invalid[i].empty()) {
        add(row.fid, place, MeasuredFeature{});
        ++result.nulls;
        if (options.on_skipped) options.on_skipped(Problem{Location{shown, layer, row.fid, "", ""}, batch.invalid[i]});
        continue;
      }
      add(row.fid, place, batch.areas[i]);
      ++(batch.areas[i].area_m2 ? result.measured : result.nulls);
    }
  };
  run_ordered_pipeline(batches.size(), workers, stages);
}

void add_read_row(PgBatch& batch, const PgField* place, const PgField& fid, const PgField& wkb,
                  const std::string& connection) {
  if (!fid.data || fid.size != 8 || (place && (!place->data || place->size != RowPlace().size()))) {
    throw OutputError(connection, "the server's rows are not those asked for");
  }
  PgRow& row = batch.rows.emplace_back();
  row.fid = static_cast<long long>(read_big_endian(fid.data, 8));
  if (place) std::memcpy(row.place.data(), place->data, row.place.size());
  row.has_geometry = wkb.data != nullptr;
  row.wkb_offset = batch.wkb.size();
  row.wkb_size = wkb.size;
  if (wkb.data) batch.wkb.append(wkb.data, wkb.size);
}

PgRefusal where_refusal(const SourceName& input, const std::string& layer, const std::string& where) {
  return [input, layer, where](const std::string& message, const std::string& sqlstate) {
    const bool of_the_condition =
        sqlstate.rfind("22", 0) == 0 || (sqlstate.rfind("42", 0) == 0 && sqlstate != "42501");
    if (!where.empty() && of_the_condition) {
      throw InputError(Location{input.display(), layer, -1, "", ""}, "--where " + where + ": " + message);
    }
  };
}

std::string set_changed(const std::vector<Column>& columns, const std::string& table, const std::string& from,
                        const std::string& join) {
  std::string set, ours, theirs;
  for (size_t i = 0; i < columns.size(); ++i) {
    const std::string name = quote_identifier(columns[i].name);
    set += std::string(i ? ", " : "") + name + " = a." + name;
    ours += std::string(i ? ", " : "") + "t." + name;
    theirs += std::string(i ? ", " : "") + "a." + name;
  }
  return "update " + table + " as t set " + set + " from " + from + " where " + join + " and (" + ours +
         ") is distinct from (" + theirs + ")";
}

std::string add_missing_columns(const PgConnection& connection, const PgTable& table,
                                const std::vector<Column>& columns, const std::string& shown,
                                const std::string& layer) {
  const auto existing = connection.query(
      "select attname, format_type(atttypid, atttypmod) from pg_attribute "
      "where attrelid = $1::oid and attnum > 0 and not attisdropped",
      {table.oid});
  std::string alter;
  for (const Column& column : columns) {
    bool missing = true;
    for (const auto& row : existing) {
      if (row[0] != column.name) continue;
      missing = false;
      const bool fits = column.text ? row[1] == "text" || row[1].rfind("character varying", 0) == 0
                                    : row[1] == "double precision";
      if (!fits) throw column_type_error(shown, layer, column, row[1]);
    }
    if (missing) {
      alter += std::string(alter.empty() ? "alter table " + table.quoted : ",") + " add column " +
               quote_identifier(column.name) + (column.text ? " text" : " double precision");
    }
  }
  return alter;
}

AreaUpdateResult update_postgres(const SourceName& input, const LayerAreaOptions& options, const TableInfo& info,
                                 const std::string& prepare_as) {
  const std::string shown = input.display();
  const std::vector<Column> columns = area_columns(options.gauss_kruger, info.survey);
  const PgConnection connection(input.text());
  // The server's notices (ANALYZE's, say) are not for the user's terminal.
  PQsetNoticeProcessor(connection.get(), [](void*, const char*) {}, nullptr);
  PgTransaction transaction(connection, prepare_as);
  const PgTable table = pg_table(connection, input.text(), info.layer);
  // From here to the commit the table's rows stay as they are read: other sessions may read the
  // table (until columns are added), but their changes, and another --update, wait. The areas
  // written are then those of the geometries at the commit, and each row is still where it was
  // read (its ctid).
  if (table.kind == 'r' || table.kind == 'p') {
    connection.execute("lock table " + table.quoted + " in share row exclusive mode");
  }

  // Columns of another type are refused before anything is read.
  const std::string alter = add_missing_columns(connection, table, columns, shown, info.layer);

  // What GDAL makes of the layer (its CRS, its geometry column), read once, its connection
  // closed again before the table is altered.
  const size_t workers = pipeline_workers();
  std::unique_ptr<FeatureMeasurer> measurer;
  std::string wkb;
  {
    std::unique_ptr<OGRSpatialReference> assigned = assigned_crs(options.input);
    const InputSource source = open_input(input, options.input);
    OGRLayer& layer = pick_layer(source.dataset(), input, options.layer);
    wkb = wkb_of(connection, table, layer.GetGeometryColumn());
    if (!wkb.empty()) {
      if (options.on_warning) {
        for (const Problem& warning : source.warnings()) options.on_warning(warning);
      }
      measurer = std::make_unique<FeatureMeasurer>(layer, source, input, options, std::move(assigned), workers);
    }
  }
  AreaUpdateResult result;
  result.layer = info.layer;
  // GDAL hands a PostgreSQL layer's --where to the server as it is: it is SQL here too.
  const std::string where = options.input.where.empty() ? "" : " where (" + options.input.where + ")";
  const std::string fid = quote_identifier(info.fid_column) + "::bigint";

  // A plain table's rows are read in the transaction and written back in place (by ctid).
  if (measurer && table.kind == 'r' && !table.inherited) {
    if (!alter.empty()) connection.execute(alter);
    update_in_place(transaction, connection, table.quoted, columns, info.survey,
                    "select ctid, " + fid + ", " + wkb + " from " + table.quoted + where, input, options, *measurer,
                    workers, result);
    transaction.commit();
    return result;
  }

  // The rows of a partitioned table or of one that others inherit from (a ctid per table) are
  // joined on the primary key, and those GDAL reads (a geometry that is not PostGIS's) are
  // read on another connection (area_update_temp_table.cpp).
  const std::string select = measurer ? "select " + fid + ", " + wkb + " from " + table.quoted + where : "";
  update_through_temp_table(transaction, connection, table, columns, info.survey, alter, select, info.fid_column,
                            input, options,
                            measurer.get(), workers, result);
  return result;
}

}  // namespace parklayers::area_update
