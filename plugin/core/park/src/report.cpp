// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/park/report.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <sstream>

#include "parklayers/park/check_output.h"

namespace parklayers {
namespace {

// A row whose source states no figure (a coordinate file's parcel with no 地块面积) shows "-"
// where the figure and its interval would be.
bool states_nothing(const Check& check) { return check.value_text.empty(); }

std::string stated_text(const Check& check) {
  if (states_nothing(check)) return "-";
  std::string text = qualifier_name(check.reading.qualifier);
  if (!text.empty()) text += ' ';
  return text + check.value_text + ' ' + unit_symbol(check.reading.unit);
}

}  // namespace

std::string interval_text(const Interval& interval) {
  if (!interval.high) return (interval.low_inclusive ? ">= " : "> ") + number_text(interval.low);
  return number_text(interval.low) + " .. " + number_text(*interval.high);
}

namespace {

const char* unit_name_zh(Unit unit) {
  switch (unit) {
    case Unit::SquareMetre: return "平方米";
    case Unit::Mu: return "亩";
    case Unit::Hectare: return "公顷";
    case Unit::MillionYuan: return "百万元";
    case Unit::Firms: return "家";
    case Unit::Units: return "套";
  }
  return "";
}

const char* qualifier_name_zh(Qualifier qualifier) {
  switch (qualifier) {
    case Qualifier::None: return "";
    case Qualifier::About: return "约";
    case Qualifier::Nearly: return "近";
    case Qualifier::Over: return "超过";
  }
  return "";
}

// "约0.9公顷", "近90,000平方米", "4家": Chinese writes figures without spaces, and a number
// written as an English word ("four") is given in digits.
std::string stated_text_zh(const Check& check) {
  if (states_nothing(check)) return "-";
  bool word = false;
  for (const char c : check.value_text) word = word || std::isalpha(static_cast<unsigned char>(c));
  return std::string(qualifier_name_zh(check.reading.qualifier)) +
         (word ? number_text(check.reading.value) : check.value_text) + unit_name_zh(check.reading.unit);
}

// The name_zh or name_en of the row of `table` whose id is `id`; "" when there is none.
std::string feature_name(const Table& table, const std::string& id, Language language) {
  if (!table.spec) return "";
  for (const Row& row : table.rows) {
    if (table.text(row, "id") == id) return table.text(row, language == Language::Chinese ? "name_zh" : "name_en");
  }
  return "";
}

}  // namespace

std::string stated_figure_text(const Check& check, Language language) {
  return language == Language::Chinese ? stated_text_zh(check) : stated_text(check);
}

std::string unit_text(Unit unit, Language language) {
  if (language == Language::Chinese) return unit_name_zh(unit);
  return unit == Unit::MillionYuan ? "million yuan" : unit_symbol(unit);
}

std::optional<Language> parse_language(const std::string& name) {
  std::string key;
  for (const char c : name) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string base = key.substr(0, key.find_first_of("_-.@"));
  if (base == "en" || base == "c" || base == "posix") return Language::English;
  if (base == "zh") return Language::Chinese;
  return std::nullopt;
}

std::string chinese_phase(long long phase) {
  static const char* const kDigits[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (phase < 1 || phase > 99) return std::to_string(phase) + "期";
  const long long tens = phase / 10, units = phase % 10;
  std::string text;
  if (tens > 0) text += std::string(tens > 1 ? kDigits[tens] : "") + "十";
  return text + kDigits[units] + "期";
}

std::string subject_name(const std::string& subject, const ParkSource& source, Language language) {
  const bool zh = language == Language::Chinese;
  if (subject == "park") return zh ? "园区" : "park";
  const size_t colon = subject.find(':');
  if (colon == std::string::npos) return subject;
  const std::string kind = subject.substr(0, colon);
  const std::string key = subject.substr(colon + 1);
  if (kind == "phase" || kind == "parcel_phase" || kind == "building_phase") {
    char* end = nullptr;
    const long long phase = std::strtoll(key.c_str(), &end, 10);
    if (key.empty() || *end != '\0' || phase < 1) return subject;
    const char* what_zh = kind == "parcel_phase" ? "地块" : kind == "building_phase" ? "建筑" : "";
    const char* what_en = kind == "parcel_phase" ? " parcels" : kind == "building_phase" ? " buildings" : "";
    return zh ? chinese_phase(phase) + what_zh : "phase " + key + what_en;
  }
  const Table* table = kind == "parcel"     ? &source.parcels
                       : kind == "building" ? &source.buildings
                       : kind == "amenity"  ? &source.amenities
                       : kind == "tenant"   ? &source.tenants
                                            : nullptr;
  if (!table) return subject;
  const std::string name = feature_name(*table, key, language);
  return name.empty() ? key : name;
}

std::string check_status_text(CheckStatus status, Language language) {
  if (language == Language::English) return check_status_name(status);
  switch (status) {
    case CheckStatus::Pass: return "通过";
    case CheckStatus::Fail: return "不通过";
    case CheckStatus::Incomplete: return "待核实";
  }
  return "?";
}

std::string quantity_name(const std::string& quantity, Language language) {
  struct Name {
    const char* quantity;
    const char* en;
    const char* zh;
  };
  static const Name kNames[] = {
      {"land_area", "land area", "用地面积"},
      {"floor_area", "floor area", "建筑面积"},
      {"facility_area", "facility area", "设施面积"},
      {"capacity", "capacity", "容量"},
      {"investment", "investment", "投资额"},
      {"count_little_giant", "\"Little Giant\" firms", "小巨人企业数"},
      {"count_sme", "specialised SMEs", "专精特新中小企业数"},
      {"count_high_tech", "high-tech firms", "高新技术企业数"},
      {"overlap", "overlap", "重叠面积"},
  };
  for (const Name& name : kNames) {
    if (quantity == name.quantity) return language == Language::Chinese ? name.zh : name.en;
  }
  return quantity;
}

std::string area_method_text(const std::optional<AreaMethod>& method, Language language) {
  if (!method) return "-";
  if (language == Language::English) return area_method_name(*method);
  // The words of Chinese land surveying: 平面面积 is the area worked out from Gauss-Kruger
  // coordinates (坐标解析法, as 勘测定界 and coordinate files state it), 椭球面积 the area on
  // the ellipsoid (as the third national land survey, 三调, states it). 平面 alone could be
  // read as "flat" or "plan".
  // 调查椭球面积: the survey's own ellipsoidal area (its published rule, as TBMJ states it),
  // told apart from Karney's 椭球面积.
  switch (*method) {
    case AreaMethod::Planar: return "平面面积";
    case AreaMethod::Ellipsoidal: return "椭球面积";
    case AreaMethod::Survey: return "调查椭球面积";
  }
  return "-";
}

std::string check_table(const std::vector<Check>& checks) {
  return check_table(checks, Language::English, nullptr);
}

std::string check_table(const std::vector<Check>& checks, Language language, const ParkSource& source) {
  return check_table(checks, language,
                     [&](const std::string& subject) { return subject_name(subject, source, language); });
}

std::string check_table(const std::vector<Check>& checks, Language language,
                        const std::function<std::string(const std::string& subject)>& name_of) {
  // The subject's code stays beside its name: it is what stated_figures.csv and --json say.
  std::ostringstream out;
  CheckTableWriter table(out, language, CheckRows::Figures, name_of);
  CheckCounts counts;
  for (const Check& check : checks) {
    table.add(check);
    counts.add(check.status);
  }
  table.finish(counts);
  return out.str();
}

std::string checks_json(const std::vector<Check>& checks) {
  std::ostringstream out;
  CheckJsonWriter json(out);
  CheckCounts counts;
  for (const Check& check : checks) {
    json.add(check);
    counts.add(check.status);
  }
  json.finish(counts);
  return out.str();
}

std::string number_text(double value, const char* format) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

}  // namespace parklayers
