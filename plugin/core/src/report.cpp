#include "parklayers/report.h"

#include <algorithm>
#include <cstdio>

#include "parklayers/json.h"

namespace parklayers {
namespace {

std::string number(double value, const char* format = "%.10g") {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

std::string stated_text(const Check& check) {
  std::string text = qualifier_name(check.reading.qualifier);
  if (!text.empty()) text += ' ';
  return text + check.value_text + ' ' + unit_symbol(check.reading.unit);
}

// Display width of UTF-8 text: code points, CJK ones counted twice.
size_t display_width(const std::string& text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    width += length >= 3 ? 2 : 1;
    i += length;
  }
  return width;
}

}  // namespace

std::string interval_text(const Interval& interval) {
  if (!interval.high) return (interval.low_inclusive ? ">= " : "> ") + number(interval.low);
  return number(interval.low) + " .. " + number(*interval.high);
}

std::string check_table(const std::vector<Check>& checks) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"id", "subject", "quantity", "stated", "accepted", "computed", "status"});
  int counts[3] = {0, 0, 0};
  for (const Check& check : checks) {
    rows.push_back({check.id, check.subject, check.quantity, stated_text(check),
                    interval_text(check.reading.interval),
                    check.computed ? number(*check.computed, "%.7g") : "-",
                    check_status_name(check.status)});
    ++counts[static_cast<int>(check.status)];
  }
  std::vector<size_t> widths(rows[0].size(), 0);
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], display_width(row[c]));
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) line += std::string(widths[c] - display_width(row[c]) + 2, ' ');
    }
    out += line + '\n';
  }
  out += std::to_string(counts[0]) + " pass, " + std::to_string(counts[1]) + " fail, " +
         std::to_string(counts[2]) + " incomplete (cannot be verified from the source yet)\n";
  return out;
}

std::string checks_json(const std::vector<Check>& checks) {
  std::string out = "{\"checks\": [";
  for (size_t i = 0; i < checks.size(); ++i) {
    const Check& c = checks[i];
    const Interval& in = c.reading.interval;
    out += i ? ",\n  " : "\n  ";
    out += "{\"id\": " + json_string(c.id) + ", \"subject\": " + json_string(c.subject) +
           ", \"quantity\": " + json_string(c.quantity) +
           ", \"stated\": " + json_number(c.reading.value) +
           ", \"unit\": " + json_string(unit_symbol(c.reading.unit)) +
           ", \"qualifier\": " + json_string(qualifier_name(c.reading.qualifier)) +
           ", \"as_written\": " + json_string(c.as_written) +
           ", \"low\": " + json_number(in.low) +
           ", \"low_inclusive\": " + (in.low_inclusive ? "true" : "false") +
           ", \"high\": " + json_number(in.high) +
           ", \"computed\": " + json_number(c.computed) +
           ", \"deviation\": " + json_number(c.deviation) +
           ", \"status\": " + json_string(check_status_name(c.status)) +
           ", \"rule\": " + json_string(c.reading.rule) +
           ", \"note\": " + json_string(c.note) +
           ", \"source\": " + json_string(c.source) + "}";
  }
  out += checks.empty() ? "]" : "\n]";
  out += std::string(", \"all_pass\": ") + (all_pass(checks) ? "true" : "false") + "}\n";
  return out;
}

}  // namespace parklayers
