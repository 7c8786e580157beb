// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/park/checks.h"

#include <cctype>
#include <cmath>
#include <stdexcept>

namespace parklayers {
namespace {

struct Computed {
  std::optional<double> value;  // in the base unit of the dimension (m2 for areas)
  std::string note;
};

class Evaluator {
 public:
  Evaluator(const ParkSource& source, const ParkMeasures& measures)
      : source_(source), measures_(measures) {}

  // Throws std::invalid_argument (with the field at fault in *field) for what cannot be read.
  Computed evaluate(const std::string& subject, const std::string& quantity, Dimension dimension,
                    std::string* field) const {
    *field = "subject";
    std::string kind = subject;
    std::string key;
    const size_t colon = subject.find(':');
    if (colon != std::string::npos) {
      kind = subject.substr(0, colon);
      key = subject.substr(colon + 1);
    }
    const bool known_kind = kind == "park" || kind == "phase" || kind == "parcel_phase" ||
                            kind == "building_phase" || kind == "parcel" || kind == "building" ||
                            kind == "amenity" || kind == "tenant";
    if (!known_kind || (kind == "park") != key.empty()) {
      throw std::invalid_argument("unknown subject '" + subject +
                                  "' (use park, phase:N, parcel_phase:N, building_phase:N, "
                                  "parcel:ID, building:ID, amenity:ID or tenant:ID)");
    }
    long long phase = 0;
    if (kind == "phase" || kind == "parcel_phase" || kind == "building_phase") {
      char* end = nullptr;
      phase = std::strtoll(key.c_str(), &end, 10);
      if (key.empty() || *end != '\0' || phase < 1) {
        throw std::invalid_argument("'" + key + "' in subject '" + subject + "' is not a phase number");
      }
      if (!has_parcel_of_phase(phase)) {
        throw std::invalid_argument("subject '" + subject + "': no parcel has phase " + key);
      }
    }
    if (kind == "parcel" && !find(source_.parcels, key)) throw missing("parcel", key, subject);
    if (kind == "building" && !find(source_.buildings, key)) throw missing("building", key, subject);
    if (kind == "amenity" && !find(source_.amenities, key)) throw missing("amenity", key, subject);
    if (kind == "tenant" && !find(source_.tenants, key)) throw missing("tenant", key, subject);

    *field = "quantity";
    const auto need = [&](Dimension wanted, const char* what) {
      if (dimension != wanted) {
        *field = "unit";
        throw std::invalid_argument(std::string("the unit does not measure ") + what + " (" +
                                    quantity + ")");
      }
    };
    if (quantity == "land_area") {
      need(Dimension::Area, "an area");
      if (kind == "park") return land_area([](const Row&) { return true; }, "all parcels");
      if (kind == "parcel") {
        return land_area([&](const Row& r) { return source_.parcels.text(r, "id") == key; },
                         "parcel " + key);
      }
      if (kind == "phase" || kind == "parcel_phase") {
        return land_area([&](const Row& r) { return source_.parcels.integer(r, "phase") == phase; },
                         "parcels of phase " + key);
      }
    } else if (quantity == "floor_area") {
      need(Dimension::Area, "an area");
      if (kind == "park") return floor_area([](const Row&) { return true; }, "all buildings");
      if (kind == "phase" || kind == "building_phase") {
        return floor_area(
            [&](const Row& r) { return source_.buildings.integer(r, "phase") == phase; },
            "buildings of phase " + key);
      }
      if (kind == "building") {
        return floor_area([&](const Row& r) { return source_.buildings.text(r, "id") == key; },
                          "building " + key);
      }
      if (kind == "parcel") {
        return floor_area(
            [&](const Row& r) { return source_.buildings.text(r, "parcel_id") == key; },
            "buildings on parcel " + key);
      }
    } else if (quantity == "facility_area") {
      need(Dimension::Area, "an area");
      if (kind == "tenant") {
        const Row* tenant = find(source_.tenants, key);
        const std::string building = source_.tenants.text(*tenant, "bldg_id");
        if (building.empty()) {
          return {std::nullopt, "which building the tenant occupies is not in the source"};
        }
        return floor_area(
            [&](const Row& r) { return source_.buildings.text(r, "id") == building; },
            "building " + building + " of tenant " + key);
      }
    } else if (quantity == "capacity") {
      need(Dimension::Count, "a count");
      if (kind == "amenity") {
        const Row* amenity = find(source_.amenities, key);
        if (source_.amenities.is_null(*amenity, "capacity")) {
          return {std::nullopt, "the source gives no count of the amenity's capacity"};
        }
        return {static_cast<double>(source_.amenities.integer(*amenity, "capacity")),
                "capacity of amenity " + key};
      }
    } else if (quantity == "investment") {
      need(Dimension::Money, "money");
      return {std::nullopt, "the source holds no investment data to check against"};
    } else if (quantity.rfind("count_", 0) == 0 && quantity.size() > 6) {
      need(Dimension::Count, "a count");
      return {std::nullopt, "the tenants table lists " + std::to_string(source_.tenants.rows.size()) +
                                " named firms and does not classify them; the count cannot be verified"};
    } else {
      throw std::invalid_argument("unknown quantity '" + quantity +
                                  "' (use land_area, floor_area, facility_area, capacity, "
                                  "investment or count_*)");
    }
    throw std::invalid_argument("quantity '" + quantity + "' does not apply to subject '" +
                                subject + "'");
  }

 private:
  static const Row* find(const Table& table, const std::string& id) {
    for (const Row& row : table.rows) {
      if (table.text(row, "id") == id) return &row;
    }
    return nullptr;
  }

  static std::invalid_argument missing(const char* what, const std::string& id,
                                       const std::string& subject) {
    return std::invalid_argument("subject '" + subject + "': no " + what + " has id '" + id + "'");
  }

  bool has_parcel_of_phase(long long phase) const {
    for (const Row& row : source_.parcels.rows) {
      if (source_.parcels.integer(row, "phase") == phase) return true;
    }
    return false;
  }

  template <typename Predicate>
  Computed land_area(Predicate keep, const std::string& what) const {
    double total = 0;
    int count = 0;
    for (size_t i = 0; i < source_.parcels.rows.size(); ++i) {
      if (!keep(source_.parcels.rows[i])) continue;
      total += measures_.parcel_area_m2.at(i);
      ++count;
    }
    return {total, "ellipsoidal area of " + what + " (" + std::to_string(count) + ")"};
  }

  template <typename Predicate>
  Computed floor_area(Predicate keep, const std::string& what) const {
    double total = 0;
    int count = 0;
    for (const Row& row : source_.buildings.rows) {
      if (!keep(row)) continue;
      total += source_.buildings.real(row, "gfa_m2");
      ++count;
    }
    if (count == 0) return {std::nullopt, "no buildings for " + what};
    return {total, "sum of gfa_m2 of " + what + " (" + std::to_string(count) + ")"};
  }

  const ParkSource& source_;
  const ParkMeasures& measures_;
};

}  // namespace

const char* check_status_name(CheckStatus status) {
  switch (status) {
    case CheckStatus::Pass: return "pass";
    case CheckStatus::Fail: return "fail";
    case CheckStatus::Incomplete: return "incomplete";
  }
  return "?";
}

const char* area_method_name(AreaMethod method) {
  switch (method) {
    case AreaMethod::Planar: return "planar";
    case AreaMethod::Ellipsoidal: return "ellipsoidal";
    case AreaMethod::Survey: return "survey";
  }
  return "?";
}

std::optional<AreaMethod> parse_area_method(const std::string& name) {
  std::string key;
  for (const char c : name) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (key == "planar") return AreaMethod::Planar;
  if (key == "ellipsoidal") return AreaMethod::Ellipsoidal;
  if (key == "survey") return AreaMethod::Survey;
  return std::nullopt;
}

bool park_checks_accept(AreaMethod method) { return method == AreaMethod::Ellipsoidal; }

std::vector<Check> run_checks(const ParkSource& source, const ParkMeasures& measures) {
  const Table& figures = source.stated_figures;
  const Evaluator evaluator(source, measures);
  ProblemList problems;
  std::vector<Check> checks;
  for (const Row& row : figures.rows) {
    Check check;
    check.id = figures.text(row, "id");
    check.subject = figures.text(row, "subject");
    check.quantity = figures.text(row, "quantity");
    check.value_text = figures.text(row, "value");
    check.as_written = figures.text(row, "as_written");
    check.url = figures.text(row, "url");
    check.source = figures.text(row, "publisher");
    if (!figures.text(row, "date").empty()) check.source += ", " + figures.text(row, "date");
    check.source += ", \"" + figures.text(row, "title") + "\"";
    try {
      check.reading = read_figure(check.value_text, figures.text(row, "qualifier"),
                                  figures.text(row, "unit"));
    } catch (const std::invalid_argument& error) {
      const std::string message = error.what();
      const char* field = message.rfind("unknown unit", 0) == 0        ? "unit"
                          : message.rfind("unknown qualifier", 0) == 0 ? "qualifier"
                                                                       : "value";
      problems.add(figures.where(row, field), message);
      continue;
    }
    std::string field;
    Computed computed;
    try {
      computed = evaluator.evaluate(check.subject, check.quantity,
                                    unit_dimension(check.reading.unit), &field);
    } catch (const std::invalid_argument& error) {
      problems.add(figures.where(row, field), error.what());
      continue;
    }
    check.note = computed.note;
    // The park's parcel areas are ellipsoidal (ParkMeasures).
    if (check.quantity == "land_area") check.method = AreaMethod::Ellipsoidal;
    if (computed.value) {
      const double in_unit = unit_dimension(check.reading.unit) == Dimension::Area
                                 ? *computed.value / square_metres_per(check.reading.unit)
                                 : *computed.value;
      check.computed = in_unit;
      check.deviation = in_unit - check.reading.value;
      check.status = check.reading.interval.contains(in_unit) ? CheckStatus::Pass : CheckStatus::Fail;
    }
    checks.push_back(std::move(check));
  }
  problems.throw_if_any();
  return checks;
}

bool all_pass(const std::vector<Check>& checks) {
  for (const Check& check : checks) {
    if (check.status == CheckStatus::Fail) return false;
  }
  return true;
}

}  // namespace parklayers
