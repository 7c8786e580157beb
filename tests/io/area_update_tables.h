// SPDX-License-Identifier: GPL-2.0-or-later
// What the tests of area --update on PostGIS share (area_update_test.cpp, the plain tables
// written back by ctid; area_update_temp_table_test.cpp, the others): tables of parcels made by
// PostGIS, and the rows written read back through psql, compared with `area`'s own reading.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "parklayers/gis/error.h"
#include "parklayers/gis/units.h"
#include "parklayers/io/layer_area.h"
#include "parklayers/io/source_name.h"
#include "test_support.h"

namespace parklayers::test {

// `count` pentagons around Anting, 100 to 210 m across, fid the primary key (as in
// postgres_source_cli_test: not smaller, where PostGIS's flattening moves areas by 1e-5 m2).
inline void make_parcels(const PgTestDatabase& db, const std::string& table, int count, int srid = 4326) {
  const std::string polygon =
      "ST_SetSRID(ST_MakePolygon(ST_MakeLine(ARRAY[ST_MakePoint(x, y), ST_MakePoint(x + w, y), "
      "ST_MakePoint(x + w, y + h), ST_MakePoint(x + w / 2, y + h + d), ST_MakePoint(x, y + h), ST_MakePoint(x, y)])), "
      "4326)";
  const std::string geometry = srid == 4326 ? polygon : "ST_Transform(" + polygon + ", " + std::to_string(srid) + ")";
  db.query("create table " + table + " (fid serial primary key, name text, geom geometry(Polygon, " +
           std::to_string(srid) + "));" + "insert into " + table + " (name, geom) select 'parcel ' || i, " + geometry +
           " from (select i, 120.66 + (i % 400) * 0.0025 as x, 31.0 + (i / 400) * 0.0025 as y,"
           " 0.001 + (i * 7 % 13) * 0.0001 as w, 0.001 + (i * 11 % 17) * 0.00006 as h,"
           " (i % 5) * 0.0002 as d from generate_series(1, " + std::to_string(count) + ") as i) as p");
}

// The largest relative difference of two columns (a psql aggregate); "" when no row compares.
inline double worst(const PgTestDatabase& db, const std::string& ours, const std::string& reference,
                    const std::string& table) {
  return std::atof(db.query("select max(abs(" + ours + " - " + reference + ") / abs(" + reference + ")) from " + table)
                       .c_str());
}

inline long long count(const PgTestDatabase& db, const std::string& sql) { return std::atoll(db.query(sql).c_str()); }

inline std::string columns_of(const PgTestDatabase& db, const std::string& schema, const std::string& table) {
  return db.query("select string_agg(column_name || ' ' || data_type, ', ' order by ordinal_position) "
                  "from information_schema.columns where table_schema = '" + schema + "' and table_name = '" +
                  table + "'");
}

// A table's area columns as psql prints them, by fid: the doubles exactly (PostgreSQL prints
// the shortest text that reads back as the same double), NULL as nullopt.
struct Written {
  std::optional<double> area_m2, area_mu, area_ha, gk_area_m2;
  std::optional<std::string> gk_crs;
};
inline std::map<long long, Written> written(const PgTestDatabase& db, const std::string& table,
                                     const std::string& fid = "fid") {
  std::map<long long, Written> rows;
  std::istringstream lines(db.query("select " + fid + ", area_m2, area_mu, area_ha, gk_area_m2, gk_crs, " +
                                    "area_m2 is null, gk_crs is null from " + table));
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> values;
    std::istringstream fields(line);
    for (std::string field; std::getline(fields, field, '|');) values.push_back(field);
    values.resize(8);
    Written& row = rows[std::atoll(values[0].c_str())];
    const auto number = [](const std::string& text) {
      return text.empty() ? std::nullopt : std::optional<double>(std::strtod(text.c_str(), nullptr));
    };
    row.area_m2 = number(values[1]);
    row.area_mu = number(values[2]);
    row.area_ha = number(values[3]);
    row.gk_area_m2 = number(values[4]);
    if (values[7] != "t") row.gk_crs = values[5];
  }
  return rows;
}

// The areas of the layer measured through GDAL's own reading of it (`area`'s), by fid; rows
// skipped with skip_invalid as no areas.
inline std::map<long long, MeasuredFeature> measured_by_gdal(const PgTestDatabase& db, LayerAreaOptions options) {
  std::map<long long, MeasuredFeature> measured;
  options.on_skipped = [&measured](const Problem& skipped) { measured[skipped.where.fid] = MeasuredFeature{}; };
  measure_layer_features(SourceName(db.gdal_name()), options,
                         [&measured](const MeasuredFeature& f) { measured[f.fid] = f; });
  return measured;
}

// The written rows hold exactly the doubles `area` computes (mu and ha from m2 as `area` makes
// them), for every row measured.
inline void expect_written_as_measured(const std::map<long long, Written>& rows,
                                const std::map<long long, MeasuredFeature>& measured) {
  for (const auto& [fid, feature] : measured) {
    ASSERT_EQ(rows.count(fid), 1u) << "fid " << fid;
    const Written& row = rows.at(fid);
    const std::optional<double>& m2 = feature.area_m2;
    EXPECT_EQ(row.area_m2, m2) << "fid " << fid;
    EXPECT_EQ(row.area_mu, m2 ? std::optional<double>(m2_to_mu(*m2)) : std::nullopt) << "fid " << fid;
    EXPECT_EQ(row.area_ha, m2 ? std::optional<double>(m2_to_ha(*m2)) : std::nullopt) << "fid " << fid;
    EXPECT_EQ(row.gk_area_m2, feature.gk_area_m2) << "fid " << fid;
    EXPECT_EQ(row.gk_crs, feature.gk_area_m2 ? std::optional<std::string>(feature.gk_crs) : std::nullopt)
        << "fid " << fid;
  }
}

}  // namespace parklayers::test
