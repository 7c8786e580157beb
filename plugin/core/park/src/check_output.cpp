// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/park/check_output.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "parklayers/gis/json.h"

namespace parklayers {
namespace {

// Display width of UTF-8 text: code points, CJK ones counted twice.
std::size_t display_width(const std::string& text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const std::size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    width += length >= 3 ? 2 : 1;
    i += length;
  }
  return width;
}

bool states_nothing(const Check& check) { return check.value_text.empty(); }

std::string fids_text(const Check& check) {
  std::string text;
  for (const long long fid : check.fids) text += (text.empty() ? "" : " ") + std::to_string(fid);
  return text.empty() ? "-" : text;
}

// A feature's computed value to two decimals more than its stated figure was written to, so that
// a pass or a fail can be read from it ("1.5305" ha: 1.530481); "%.7g" without a figure.
std::string computed_text(const Check& check, CheckRows rows) {
  if (!check.computed) return "-";
  if (rows == CheckRows::Figures || states_nothing(check) || !(check.reading.precision > 0)) {
    return number_text(*check.computed, "%.7g");
  }
  const int decimals = std::max(0, static_cast<int>(std::ceil(-std::log10(2 * check.reading.precision) - 1e-9))) + 2;
  char text[64];
  const std::to_chars_result written =
      std::to_chars(text, text + sizeof text, *check.computed, std::chars_format::fixed, std::min(decimals, 12));
  return std::string(text, written.ptr);
}

}  // namespace

void CheckCounts::add(CheckStatus status) {
  switch (status) {
    case CheckStatus::Pass: ++pass; break;
    case CheckStatus::Fail: ++fail; break;
    case CheckStatus::Incomplete: ++incomplete; break;
  }
}

CheckTableWriter::CheckTableWriter(std::ostream& out, Language language, CheckRows rows,
                                   std::function<std::string(const std::string& subject)> name_of)
    : out_(out), language_(language), rows_(rows), name_of_(std::move(name_of)) {
  const bool zh = language == Language::Chinese;
  if (rows == CheckRows::Figures) {
    held_.push_back(zh ? std::vector<std::string>{"编号", "对象", "名称", "指标", "公布值", "接受范围", "计算值",
                                                  "面积类型", "状态"}
                       : std::vector<std::string>{"id", "subject", "quantity", "stated", "accepted", "computed",
                                                  "method", "status"});
  } else {
    held_.push_back(zh ? std::vector<std::string>{"FID", "编号", "名称", "指标", "公布值", "接受范围", "计算值",
                                                  "面积类型", "状态"}
                       : std::vector<std::string>{"fid", "id", "quantity", "stated", "accepted", "computed",
                                                  "method", "status"});
  }
}

void CheckTableWriter::add(const Check& check, const std::string& name) {
  const bool zh = language_ == Language::Chinese;
  std::vector<std::string> cells;
  if (rows_ == CheckRows::Figures) {
    cells = {check.id, check.subject};
    if (zh) cells.push_back(name_of_ ? name_of_(check.subject) : check.subject);
  } else {
    cells = {fids_text(check), check.id};
    if (zh) cells.push_back(name.empty() ? check.id : name);
  }
  cells.push_back(zh ? quantity_name(check.quantity, language_) : check.quantity);
  // A layer's rows mostly state what the row before stated, or to the same precision.
  if (check.value_text != last_value_text_ || check.reading.unit != last_unit_ ||
      check.reading.qualifier != last_qualifier_ || last_stated_.empty()) {
    last_value_text_ = check.value_text;
    last_unit_ = check.reading.unit;
    last_qualifier_ = check.reading.qualifier;
    last_stated_ = stated_figure_text(check, language_);
    last_accepted_ = states_nothing(check) ? "-" : interval_text(check.reading.interval);
  }
  cells.push_back(last_stated_);
  cells.push_back(last_accepted_);
  cells.push_back(computed_text(check, rows_));
  cells.push_back(area_method_text(check.method, language_));
  cells.push_back(check_status_text(check.status, language_));
  if (widths_.empty()) {
    held_.push_back(std::move(cells));
    if (held_.size() <= kTableWidthRows) return;
    // The widths are known: the rows held go out, and every later row as it comes.
    widths_.assign(held_[0].size(), 0);
    for (const auto& row : held_) {
      for (std::size_t c = 0; c < row.size(); ++c) widths_[c] = std::max(widths_[c], display_width(row[c]));
    }
    for (const auto& row : held_) write(row);
    std::vector<std::vector<std::string>>().swap(held_);
    return;
  }
  write(cells);
}

void CheckTableWriter::write(const std::vector<std::string>& cells) {
  std::string line;
  for (std::size_t c = 0; c < cells.size(); ++c) {
    line += cells[c];
    if (c + 1 < cells.size()) {
      const std::size_t width = display_width(cells[c]);
      line.append(width < widths_[c] ? widths_[c] - width + 2 : 2, ' ');
    }
  }
  line += '\n';
  out_ << line;
}

void CheckTableWriter::finish(const CheckCounts& counts) {
  if (widths_.empty()) {
    widths_.assign(held_[0].size(), 0);
    for (const auto& row : held_) {
      for (std::size_t c = 0; c < row.size(); ++c) widths_[c] = std::max(widths_[c], display_width(row[c]));
    }
    for (const auto& row : held_) write(row);
    held_.clear();
  }
  if (language_ == Language::Chinese) {
    out_ << counts.pass << " 项通过，" << counts.fail << " 项不通过，" << counts.incomplete << " 项待核实"
         << (counts.incomplete ? "（现有资料尚不能核实）" : "") << "\n";
  } else {
    out_ << counts.pass << " pass, " << counts.fail << " fail, " << counts.incomplete << " incomplete"
         << (counts.incomplete ? " (cannot be verified from the source yet)" : "") << "\n";
  }
}

CheckJsonWriter::CheckJsonWriter(std::ostream& out) : out_(out) { out_ << "{\"checks\": ["; }

void CheckJsonWriter::add(const Check& c) {
  const bool stated = !states_nothing(c);
  const Interval& in = c.reading.interval;
  std::string& l = line_;
  l.clear();
  l += first_ ? "\n{\"id\": " : ",\n{\"id\": ";
  first_ = false;
  append_json_string(l, c.id);
  l += ", \"subject\": ";
  append_json_string(l, c.subject);
  l += ", \"fids\": [";
  for (std::size_t i = 0; i < c.fids.size(); ++i) {
    if (i) l += ", ";
    l += std::to_string(c.fids[i]);
  }
  l += "], \"quantity\": ";
  append_json_string(l, c.quantity);
  l += ", \"stated\": ";
  append_json_number(l, stated ? std::optional<double>(c.reading.value) : std::nullopt);
  l += ", \"unit\": ";
  append_json_string(l, unit_symbol(c.reading.unit));
  l += ", \"qualifier\": ";
  append_json_string(l, qualifier_name(c.reading.qualifier));
  l += ", \"as_written\": ";
  append_json_string(l, c.as_written);
  l += ", \"low\": ";
  append_json_number(l, stated ? std::optional<double>(in.low) : std::nullopt);
  l += in.low_inclusive ? ", \"low_inclusive\": true, \"high\": " : ", \"low_inclusive\": false, \"high\": ";
  append_json_number(l, stated ? in.high : std::nullopt);
  l += ", \"computed\": ";
  append_json_number(l, c.computed);
  l += ", \"deviation\": ";
  append_json_number(l, c.deviation);
  l += ", \"method\": ";
  if (c.method) {
    append_json_string(l, area_method_name(*c.method));
  } else {
    l += "null";
  }
  l += ", \"status\": ";
  append_json_string(l, check_status_name(c.status));
  // The long texts are mostly those of the row before (a layer's rows share their rule, note
  // and source): escaped once, then copied.
  l += ", \"rule\": ";
  l += escaped_[0].of(c.reading.rule);
  l += ", \"note\": ";
  l += escaped_[1].of(c.note);
  l += ", \"source\": ";
  l += escaped_[2].of(c.source);
  l += '}';
  out_ << l;
}

const std::string& CheckJsonWriter::Escaped::of(const std::string& text) {
  if (text != raw || escaped.empty()) {
    raw = text;
    escaped.clear();
    append_json_string(escaped, text);
  }
  return escaped;
}

void CheckJsonWriter::finish(const CheckCounts& counts) {
  out_ << (first_ ? "],\n" : "\n],\n") << "\"summary\": {\"pass\": " << counts.pass << ", \"fail\": " << counts.fail
       << ", \"incomplete\": " << counts.incomplete << "},\n\"all_pass\": " << (counts.all_pass() ? "true" : "false")
       << "}\n";
}

}  // namespace parklayers
