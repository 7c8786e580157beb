// The check results as people and programs read them: a text table for the terminal and the
// JSON object `parklayers check --json` prints.
#pragma once

#include <string>
#include <vector>

#include "parklayers/checks.h"

namespace parklayers {

// A fixed-width table, one row per stated figure, and a closing line of counts.
std::string check_table(const std::vector<Check>& checks);

// {"checks": [{"id", "subject", "quantity", "stated", "unit", "low", "high", "computed",
//  "status", "source", ...}], "all_pass": bool}
std::string checks_json(const std::vector<Check>& checks);

// "13.45 .. 13.55", "> 2000", "81000 .. 90000"
std::string interval_text(const Interval& interval);

}  // namespace parklayers
