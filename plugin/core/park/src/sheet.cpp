// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/park/sheet.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <utility>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "parklayers/gis/error.h"
#include "parklayers/gis/gdal_util.h"
#include "parklayers/io/drivers.h"
#include "parklayers/gis/version.h"
#include "parklayers/io/input.h"
#include "parklayers/io/postgres.h"
#include "parklayers/park/source.h"
#include "parklayers/park/writer.h"

namespace fs = std::filesystem;

namespace parklayers {
namespace {


std::string field_text(OGRFeature& feature, const char* name) {
  const int index = feature.GetFieldIndex(name);
  if (index < 0 || !feature.IsFieldSetAndNotNull(index)) return "";
  return feature.GetFieldAsString(index);
}

std::optional<double> field_real(OGRFeature& feature, const char* name) {
  const int index = feature.GetFieldIndex(name);
  if (index < 0 || !feature.IsFieldSetAndNotNull(index)) return std::nullopt;
  return feature.GetFieldAsDouble(index);
}

// A row of area_checks back into the Check it was written from (writer.cpp: write_checks).
Check read_check(OGRFeature& feature) {
  Check check;
  check.id = field_text(feature, "id");
  check.subject = field_text(feature, "subject");
  check.quantity = field_text(feature, "quantity");
  check.as_written = field_text(feature, "as_written");
  // A parcel of a coordinate file that states no area is written with neither wording nor value.
  const std::optional<double> stated = field_real(feature, "stated");
  if (stated && !(check.as_written.empty() && *stated == 0)) {
    check.reading.value = *stated;
    check.value_text = number_text(*stated);
  }
  check.reading.qualifier = parse_qualifier(field_text(feature, "qualifier")).value_or(Qualifier::None);
  check.reading.unit = parse_unit(field_text(feature, "unit")).value_or(Unit::SquareMetre);
  check.reading.interval.low = field_real(feature, "low").value_or(0);
  check.reading.interval.high = field_real(feature, "high");
  check.reading.interval.low_inclusive = field_real(feature, "low_incl").value_or(1) != 0;
  check.reading.rule = field_text(feature, "rule");
  check.computed = field_real(feature, "computed");
  check.deviation = field_real(feature, "deviation");
  check.method = parse_area_method(field_text(feature, "method"));
  const std::string status = field_text(feature, "status");
  check.status = status == "pass" ? CheckStatus::Pass : status == "fail" ? CheckStatus::Fail : CheckStatus::Incomplete;
  check.note = field_text(feature, "note");
  check.source = field_text(feature, "source");
  check.url = field_text(feature, "url");
  return check;
}

int provenance_rank(const std::string& provenance) {
  if (provenance == "modelled") return 3;
  if (provenance == "published") return 2;
  if (provenance == "surveyed") return 1;
  return 0;
}

// "±2 km", "±500 m", "±0.5 m"
std::string accuracy_text(double metres, Language language) {
  const bool km = metres >= 1000;
  const std::string value = number_text(km ? metres / 1000 : metres, "%.3g");
  if (language == Language::Chinese) return "±" + value + (km ? " 千米" : " 米");
  return "±" + value + (km ? " km" : " m");
}

}  // namespace

SheetFacts read_sheet_facts(const std::string& built_park) {
  ensure_drivers_registered();
  const GDALDatasetUniquePtr dataset(
      GDALDataset::Open(built_park.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!dataset) throw InputError(Location{built_park, "", -1, "", ""}, "does not open as a built park");
  OGRLayer* checks = dataset->GetLayerByName("area_checks");
  if (!checks) {
    throw InputError(Location{built_park, "area_checks", -1, "", ""},
                     "no area_checks table: not a park built by parklayers build");
  }
  SheetFacts facts;
  checks->ResetReading();
  for (auto& feature : *checks) facts.checks.push_back(read_check(*feature));

  int worst = 0;
  std::optional<double> parcels_m;  // of the worst provenance
  const auto larger = [](std::optional<double>& slot, const std::optional<double>& value) {
    if (value && (!slot || *value > *slot)) slot = value;
  };
  const std::pair<const char*, const char*> kinds[] = {
      {"parcel", "parcels"}, {"building", "buildings"}, {"road", "roads"}, {"amenity", "amenities"}, {"tenant", "tenants"}};
  for (const auto& [kind, layer_name] : kinds) {
    OGRLayer* layer = dataset->GetLayerByName(layer_name);
    if (!layer) continue;
    const bool spatial = layer->GetGeomType() != wkbNone;
    const bool parcels = std::string(layer_name) == "parcels";
    layer->ResetReading();
    for (auto& feature : *layer) {
      const std::string subject = std::string(kind) + ":" + field_text(*feature, "id");
      facts.names_en[subject] = field_text(*feature, "name_en");
      facts.names_zh[subject] = field_text(*feature, "name_zh");
      if (!spatial) continue;  // a tenant's provenance is of its facts, not of a position
      const std::string provenance = field_text(*feature, "provenance");
      const int rank = provenance_rank(provenance);
      const std::optional<double> accuracy = field_real(*feature, "accuracy_m");
      if (rank > worst) {
        worst = rank;
        facts.provenance = provenance;
        facts.worst_m.reset();
        parcels_m.reset();
      }
      if (rank == worst && rank > 0) {
        larger(facts.worst_m, accuracy);
        if (parcels) larger(parcels_m, accuracy);
      }
    }
  }
  facts.accuracy_m = parcels_m ? parcels_m : facts.worst_m;
  const char* source = dataset->GetMetadataItem("PARKLAYERS_SOURCE");
  // The source as the build named it (without a password): classified here, where the text
  // arrives from the file.
  facts.input = SourceName(source ? source : built_park);
  std::error_code ec;
  facts.bundled = source && fs::equivalent(source, bundled_park_path(), ec);
  return facts;
}

bool is_built_park(const SourceName& path) {
  std::error_code ec;
  if (!path.is_file() || !fs::is_regular_file(path.text(), ec)) return false;
  try {
    read_sheet_facts(path.text());
    return true;
  } catch (const InputError&) {
    return false;
  }
}

void write_sheet_park(const SourceName& source, const std::string& gpkg, const StatedParcelOptions& parcels,
                      const std::function<Park()>& load_park) {
  if (is_built_park(source)) {
    // A copy: QGIS opens what it draws for writing, and a user's file is never changed.
    std::error_code ec;
    if (!fs::copy_file(source.text(), gpkg, ec)) {
      throw OutputError(gpkg, "cannot copy " + source.text() + ": " + ec.message());
    }
    return;
  }
  if (!source.is_database() && is_stated_parcel_source(source, parcels)) {
    write_park(stated_parcels_park(source, parcels), gpkg);
    return;
  }
  write_park(load_park(), gpkg);
}

std::string park_title(const SourceName& input, bool bundled, Language language) {
  if (bundled) {
    return language == Language::Chinese ? "安亭国际医疗产业园" : "Anting International Medical Industry Park";
  }
  if (input.is_database()) {
    const std::string schema = pg_name_value(input.text(), "schemas");
    if (!schema.empty()) return schema.substr(0, schema.find(','));
    return pg_name_value(input.text(), "dbname");
  }
  fs::path path(input.text());
  if (path.filename().empty()) path = path.parent_path();
  return input.is_folder() ? path.filename().string() : path.stem().string();
}

std::string provenance_text(const std::string& provenance, const std::optional<double>& accuracy_m,
                            Language language, const std::optional<double>& worst_m) {
  const bool zh = language == Language::Chinese;
  std::string what;
  if (provenance == "modelled") {
    what = zh ? "模拟绘制，非实测" : "Modelled, not surveyed";
  } else if (provenance == "published") {
    what = zh ? "取自公开地图，非实测" : "Taken from published maps, not surveyed";
  } else if (provenance == "surveyed") {
    what = zh ? "实测" : "Surveyed";
  } else {
    return "";
  }
  if (!accuracy_m) return what + (zh ? "；位置精度未说明。" : "; positional accuracy not stated.");
  std::string some;
  if (worst_m && *worst_m > *accuracy_m) {
    some = (zh ? "，个别达 " : ", some up to ") + accuracy_text(*worst_m, language);
  }
  return what + (zh ? "：位置误差 " : ": positions ") + accuracy_text(*accuracy_m, language) + some +
         (zh ? "。" : ".");
}

std::string crs_text(const std::string& crs, Language language) {
  return (language == Language::Chinese ? "坐标系：" : "CRS: ") + crs;
}

std::string centre_text(double longitude, double latitude, Language language) {
  const std::string lat = number_text(std::fabs(latitude), "%.4f") + "°";
  const std::string lon = number_text(std::fabs(longitude), "%.4f") + "°";
  if (language == Language::Chinese) {
    return std::string("中心点：") + (latitude >= 0 ? "北纬 " : "南纬 ") + lat + "，" +
           (longitude >= 0 ? "东经 " : "西经 ") + lon;
  }
  return "Centre: " + lat + (latitude >= 0 ? " N, " : " S, ") + lon + (longitude >= 0 ? " E" : " W");
}

std::string scale_text(Language language) { return language == Language::Chinese ? "米" : "m"; }

std::string layer_title(const std::string& layer, Language language) {
  struct Title {
    const char* layer;
    const char* en;
    const char* zh;
  };
  static const Title kTitles[] = {{"parcels", "Parcels", "地块"},     {"buildings", "Buildings", "建筑"},
                                  {"roads", "Roads", "道路"},         {"amenities", "Amenities", "配套设施"},
                                  {"park_boundary", "Park boundary", "园区边界"}};
  for (const Title& title : kTitles) {
    if (layer == title.layer) return language == Language::Chinese ? title.zh : title.en;
  }
  return layer;
}

std::string legend_label(const std::string& label, Language language) {
  if (language == Language::English) return label;
  static const std::pair<const char*, const char*> kWords[] = {
      {"Other phase", "其他期"},          {"Other road", "其他道路"},        {"Other", "其他"},
      {"Highway", "公路"},                {"Internal road", "园区内部道路"}, {"13 storeys and more", "13 层及以上"},
      {"canteen", "食堂"},                {"cafe", "咖啡馆"},                {"conference_hall", "多功能会议厅"},
      {"conference_rooms", "会议室"},     {"convenience_store", "便利店"},   {"parking", "停车场"},
      {"rental_housing", "租赁住房"},     {"talent_apartments", "人才公寓"}};
  for (const auto& [en, zh] : kWords) {
    if (label == en) return zh;
  }
  // "Phase 3"
  if (label.rfind("Phase ", 0) == 0) {
    char* end = nullptr;
    const long long phase = std::strtoll(label.c_str() + 6, &end, 10);
    if (end && *end == '\0' && phase > 0) return chinese_phase(phase);
  }
  // "4-6 storeys"
  const std::string storeys = " storeys";
  if (label.size() > storeys.size() && label.compare(label.size() - storeys.size(), storeys.size(), storeys) == 0) {
    return label.substr(0, label.size() - storeys.size()) + " 层";
  }
  // "canteen (planned)"
  const size_t open = label.find(" (");
  if (open != std::string::npos && label.back() == ')') {
    const std::string kind = legend_label(label.substr(0, open), language);
    const std::string status = label.substr(open + 2, label.size() - open - 3);
    const std::string status_zh = status == "planned" ? "规划" : status == "existing" ? "现有" : status;
    return kind + "（" + status_zh + "）";
  }
  return label;
}

Rgb status_colour(CheckStatus status) {
  switch (status) {
    case CheckStatus::Pass: return {0xb7, 0xe1, 0xa1};
    case CheckStatus::Fail: return {0xf4, 0xa5, 0x9a};
    case CheckStatus::Incomplete: return {0xfc, 0xe3, 0x9a};
  }
  return {0xff, 0xff, 0xff};
}

Sheet make_sheet(const SheetFacts& facts, Language language, const std::string& date) {
  const bool zh = language == Language::Chinese;
  Sheet sheet;
  sheet.title = park_title(facts.input, facts.bundled, language);
  sheet.checks_title = zh ? "公布数据核查（按园区几何计算）" : "Stated figures checked against the park's geometry";
  sheet.headers = zh ? std::vector<std::string>{"编号", "对象", "公布数据", "接受范围", "计算值", "面积类型", "状态", "来源"}
                     : std::vector<std::string>{"ID", "Subject", "Stated figure", "Accepted", "Computed", "Method",
                                                "Status", "Source"};
  const auto& names = zh ? facts.names_zh : facts.names_en;
  int counts[3] = {0, 0, 0};
  for (const Check& check : facts.checks) {
    SheetRow row;
    row.id = check.id;
    const auto name = names.find(check.subject);
    if (name != names.end()) {
      row.subject = name->second.empty() ? check.subject.substr(check.subject.find(':') + 1) : name->second;
    } else {
      // park, phase:N...: named by the core's words; a feature the park lacks, by its code.
      row.subject = subject_name(check.subject, ParkSource{}, language);
    }
    const std::string unit = unit_text(check.reading.unit, language);
    const bool stated = !check.value_text.empty();
    // The figure as the source wrote it (English sources); in Chinese, the quantity and figure
    // in Chinese words.
    if (zh) {
      row.figure = quantity_name(check.quantity, language) + " " + stated_figure_text(check, language);
    } else {
      // A phrase as written ("about 0.9 hectares"); a bare number (a coordinate file's
      // 地块面积) with its unit.
      bool phrase = false;
      for (const char c : check.as_written) phrase = phrase || std::isalpha(static_cast<unsigned char>(c));
      row.figure = quantity_name(check.quantity, language) + ": " +
                   (phrase ? check.as_written : stated_figure_text(check, language));
    }
    row.accepted = stated ? interval_text(check.reading.interval) + " " + unit : "-";
    row.computed = check.computed ? number_text(*check.computed, "%.6g") + " " + unit : "-";
    row.method = area_method_text(check.method, language);
    row.status = check_status_text(check.status, language);
    row.status_code = check.status;
    ++counts[static_cast<int>(check.status)];
    if (!check.source.empty()) {
      std::string cited = check.source + (check.url.empty() ? "" : ", " + check.url);
      size_t index = 0;
      while (index < sheet.sources.size() && sheet.sources[index] != cited) ++index;
      if (index == sheet.sources.size()) sheet.sources.push_back(cited);
      row.source = "[" + std::to_string(index + 1) + "]";
    } else {
      row.source = "-";
    }
    sheet.rows.push_back(row);
  }
  for (size_t i = 0; i < sheet.sources.size(); ++i) {
    sheet.sources[i] = "[" + std::to_string(i + 1) + "] " + sheet.sources[i];
  }
  sheet.summary = zh ? std::to_string(counts[0]) + " 项通过，" + std::to_string(counts[1]) + " 项不通过，" +
                           std::to_string(counts[2]) + " 项待核实"
                     : std::to_string(counts[0]) + " pass, " + std::to_string(counts[1]) + " fail, " +
                           std::to_string(counts[2]) + " incomplete";
  sheet.sources_title = zh ? "资料来源（发布者，日期，标题）" : "Sources (publisher, date, title)";
  sheet.provenance = provenance_text(facts.provenance, facts.accuracy_m, language, facts.worst_m);
  const std::string text = facts.input.text();
  const std::string input = facts.input.is_database()
                                ? describe_database(text) + (pg_name_value(text, "schemas").empty()
                                                                 ? std::string()
                                                                 : (zh ? "，模式 " : ", schema ") +
                                                                       pg_name_value(text, "schemas"))
                                : facts.input.display();
  sheet.made = zh ? date + " 由 Park Layers " + kVersion + " 生成，输入：" + input
                  : "Made " + date + " by Park Layers " + kVersion + " from " + input;
  sheet.legend_title = zh ? "图例" : "Legend";
  return sheet;
}

}  // namespace parklayers
