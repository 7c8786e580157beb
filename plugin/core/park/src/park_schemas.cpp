// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/park/park_schemas.h"

#include "parklayers/io/postgres.h"

namespace parklayers {

std::vector<std::string> park_schemas(const std::string& database) {
  const PgConnection connection(database);
  // information_schema lists only what the user may use, which is what can be read.
  const auto rows = connection.query(
      "select distinct table_schema from information_schema.tables where table_name = $1 "
      "and table_schema not in ('pg_catalog', 'information_schema') order by 1",
      {"parcels"});
  std::vector<std::string> schemas;
  schemas.reserve(rows.size());
  for (const auto& row : rows) schemas.push_back(row.at(0));
  return schemas;
}

}  // namespace parklayers
