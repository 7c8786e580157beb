// SPDX-License-Identifier: GPL-2.0-or-later
// The parks a PostgreSQL database holds: `build -o PG:... --schema NAME` keeps each park in a
// schema of its own, which a tool picking a park from a database (the QGIS plugin's "Load Park
// Source…") lists.
#pragma once

#include <string>
#include <vector>

namespace parklayers {

// The schemas of the database GDAL's "PG:..." name names that hold a park (a table or view
// named parcels), sorted. Throws OutputError (exit 3) naming the host and database only when
// the database refuses the connection.
std::vector<std::string> park_schemas(const std::string& database);

}  // namespace parklayers
