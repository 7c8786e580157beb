// SPDX-License-Identifier: GPL-2.0-or-later
// The check results as people and programs read them: a text table for the terminal and the
// JSON object `parklayers check --json` prints.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "parklayers/park/checks.h"

namespace parklayers {

// The language of what people read: the check table, subject names, statuses.
enum class Language { English, Chinese };
// "en", "zh", "zh_CN", "zh-CN", "zh_CN.UTF-8" (a locale name), any case; nullopt otherwise.
std::optional<Language> parse_language(const std::string& name);

// A fixed-width table, one row per stated figure, and a closing line of counts. The method
// column says how each area was measured (planar / ellipsoidal), "-" where it is no measured
// area.
std::string check_table(const std::vector<Check>& checks);
// The same table in a language. In Chinese: Chinese headers, statuses (通过/不通过/待核实),
// quantities, units (亩, 公顷, 平方米) and methods (平面面积/椭球面积), and a 名称 column naming
// each subject (subject_name) from the park source the checks were run on.
std::string check_table(const std::vector<Check>& checks, Language language, const ParkSource& source);
// The same, each subject named by name_of (a layer of parcels has no park source).
std::string check_table(const std::vector<Check>& checks, Language language,
                        const std::function<std::string(const std::string& subject)>& name_of);
// "planar" / "ellipsoidal" / "survey"; 平面面积 / 椭球面积 / 调查椭球面积; "-" for none.
std::string area_method_text(const std::optional<AreaMethod>& method, Language language);

// A subject of a stated figure (checks.h) named for people, from the park source:
// - parcel:ID, building:ID, amenity:ID, tenant:ID: the feature's name_zh / name_en (its id
//   when the name is empty or no such feature exists);
// - park: 园区 / "park"; phase:3: 三期 / "phase 3"; parcel_phase:3: 三期地块 / "phase 3
//   parcels"; building_phase:3: 三期建筑 / "phase 3 buildings".
// An unknown subject is returned as it is. For the QGIS plugin's labels and dock too.
std::string subject_name(const std::string& subject, const ParkSource& source, Language language);
// "pass", "fail", "incomplete"; 通过, 不通过, 待核实.
std::string check_status_text(CheckStatus status, Language language);
// land_area: "land area" / 用地面积, floor_area, facility_area, capacity, investment, count_*;
// an unknown quantity as it is.
std::string quantity_name(const std::string& quantity, Language language);
// Phase numbers as written in Chinese: 1 -> 一期, 3 -> 三期, 12 -> 十二期, 100 -> 100期.
std::string chinese_phase(long long phase);

// The JSON document `check --json` prints (CheckJsonWriter in check_output.h, over the list):
// {"checks": [{"id", "subject", "fids", "quantity", "stated", "unit", "low", "high", "computed",
//  "method", "status", "source", ...}], "summary": {"pass", "fail", "incomplete"}, "all_pass":
// bool}. "method" is "planar", "ellipsoidal" or "survey" for a measured area, null for anything else (kept
// in every row, so that every row has the same keys). A row that states no figure has null
// stated, low and high.
std::string checks_json(const std::vector<Check>& checks);

// A number for people, printf-style: "%.10g" by default ("13.5", "0.9000024").
std::string number_text(double value, const char* format = "%.10g");

// "13.45 .. 13.55", "> 2000", "81000 .. 90000"
std::string interval_text(const Interval& interval);

// A stated figure as the check table shows it: "about 0.9 ha"; in Chinese "约0.9公顷"; "-" for a
// row that states none.
std::string stated_figure_text(const Check& check, Language language);
// A unit for people: "m2", "mu", "ha", "million yuan", "firms", "units"; 平方米, 亩, 公顷, 百万元,
// 家, 套.
std::string unit_text(Unit unit, Language language);

}  // namespace parklayers
