// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/park/stated_parcels.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>

#include <ogrsf_frmts.h>

#include "parklayers/gis/area.h"
#include "parklayers/gis/gdal_util.h"
#include "parklayers/gis/geos.h"
#include "parklayers/gis/survey_area.h"
#include "parklayers/gis/units.h"
#include "parklayers/gis/validity.h"
#include "parklayers/io/layer_area.h"
#include "parklayers/io/layer_overlaps.h"
#include "parklayers/io/shards.h"
#include "parklayers/park/park.h"
#include "parklayers/park/report.h"
#include "parklayers/park/schema.h"
#include "parklayers/park/stated_figure.h"
#include "stated_parcels_layer.h"

namespace parklayers {
namespace {

// text without its leading and trailing blanks, into out (whose memory is used again).
void assign_trimmed(std::string& out, const char* text) {
  const char* begin = text;
  while (*begin == ' ' || *begin == '\t' || *begin == '\r' || *begin == '\n') ++begin;
  const char* end = begin + std::strlen(begin);
  while (end > begin && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n')) --end;
  out.assign(begin, end);
}
void assign_trimmed(std::string& out, const std::string& text) { assign_trimmed(out, text.c_str()); }

std::string trimmed(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// "id, name, stated_area_ha": what a message lists when a field is not there.
std::string field_list(const OGRFeatureDefn& defn) {
  std::string list;
  for (int i = 0; i < defn.GetFieldCount(); ++i) list += (i ? ", " : "") + std::string(defn.GetFieldDefn(i)->GetNameRef());
  return list.empty() ? "none" : list;
}

// The field naming each parcel: --id, else the first of kParcelIdFields the layer has; -1 for
// none. A --id the layer lacks is an InputError.
int id_field_index(const OGRFeatureDefn& defn, const StatedParcelOptions& options, const Location& layer_where) {
  if (!options.id_field.empty()) {
    const int index = defn.GetFieldIndex(options.id_field.c_str());
    if (index < 0) {
      Location where = layer_where;
      where.field = options.id_field;
      throw InputError(where, "the layer has no field " + options.id_field + " (--id); its fields: " + field_list(defn));
    }
    return index;
  }
  for (const char* name : kParcelIdFields) {
    if (const int index = defn.GetFieldIndex(name); index >= 0) return index;
  }
  return -1;
}

// What the computed value is, in words, for a row's note. gk_crs: the plane (planar), or the
// source's own plane (survey).
std::string method_note(AreaMethod method, const std::string& ellipsoid, bool source_plane, const std::string& gk_crs) {
  const std::string on = ellipsoid.empty() ? std::string() : " " + ellipsoid;
  if (method == AreaMethod::Ellipsoidal) return "ellipsoidal area (Karney) on the source's ellipsoid" + on;
  if (method == AreaMethod::Survey) {
    return "the land survey's ellipsoidal area (its published rule: the coordinates of " + gk_crs +
           " to 4 decimals, edges over 70 m divided, ellipsoidal trapezoids, 2 decimals) on the source's ellipsoid" + on;
  }
  if (source_plane) return "planar area on the source's own plane " + gk_crs;
  return "planar area in " + gk_crs + ", the CGCS2000 3-degree Gauss-Kruger zone (the source is in no Gauss-Kruger CRS)";
}

// A real field's value as text: to `decimals` decimals, or with 0 the shortest text that reads
// back as the value to 15 digits ("1204.5", not "1204.500000000000000").
std::string recorded_text(double value, int decimals) {
  char text[64];
  if (decimals > 0) {
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
  } else {
    std::snprintf(text, sizeof text, "%.15g", value);
  }
  return text;
}

bool ends_with_ci(const std::string& text, const char* suffix) {
  const std::size_t n = std::strlen(suffix);
  return text.size() >= n && EQUAL(text.c_str() + text.size() - n, suffix);
}

// Overlap pairs whose ids are looked up together: one attribute filter a batch.
constexpr std::size_t kOverlapBatch = 500;

// The rows of the overlaps (layer_overlaps.h: a spatial index over a file's envelopes, or the
// database's own search), in the order of their fids, each named by the two parcels' ids: looked
// up a batch of pairs at a time by their fids, so that memory holds a batch, not the overlaps.
void check_overlaps(const SourceName& input, const StatedParcelOptions& options, StatedParcelSummary& summary,
                    const std::string& id_field, const std::string& source_text, const StatedCheckCallback& on_check) {
  LayerOverlapOptions searching;
  searching.layer = options.layer;
  searching.input = options.input;
  searching.skip_invalid = options.skip_invalid;  // those skipped were reported by the check
  std::vector<OverlapPair> batch;
  const auto emit = [&] {
    std::map<long long, std::string> ids;
    if (!id_field.empty() && !batch.empty()) {
      std::string fids;
      for (const OverlapPair& pair : batch) {
        ids[pair.fid_a];
        ids[pair.fid_b];
      }
      for (const auto& [fid, id] : ids) fids += (fids.empty() ? "" : ",") + std::to_string(fid);
      const InputSource source = open_input(input, options.input);
      OGRLayer& layer = pick_layer(source.dataset(), input, options.layer);
      const int index = layer.GetLayerDefn()->GetFieldIndex(id_field.c_str());
      // Not --where: the pairs were found among the features it selects, and are named as they are.
      if (layer.SetAttributeFilter(("FID IN (" + fids + ")").c_str()) == OGRERR_NONE) {
        for (OGRFeatureUniquePtr feature(layer.GetNextFeature()); feature; feature.reset(layer.GetNextFeature())) {
          if (feature->IsFieldSetAndNotNull(index)) ids[feature->GetFID()] = trimmed(feature->GetFieldAsString(index));
        }
      }
    }
    const auto id_of = [&ids](long long fid) {
      const auto found = ids.find(fid);
      return found == ids.end() || found->second.empty() ? std::to_string(fid) : found->second;
    };
    for (const OverlapPair& pair : batch) {
      const Check check = overlap_row(pair, id_of(pair.fid_a), id_of(pair.fid_b), options, source_text);
      ++summary.counts[static_cast<int>(check.status)];
      if (on_check) on_check(check, "");
    }
    batch.clear();
  };
  find_layer_overlaps(input, searching, [&](const OverlapPair& pair) {
    batch.push_back(pair);
    if (batch.size() == kOverlapBatch) emit();
  });
  emit();
}

}  // namespace

Check overlap_row(const OverlapPair& pair, const std::string& id_a, const std::string& id_b,
                  const StatedParcelOptions& options, const std::string& source_text) {
  Check check;
  check.fids = {pair.fid_a, pair.fid_b};
  check.id = (id_a.empty() ? std::to_string(pair.fid_a) : id_a) + " " + (id_b.empty() ? std::to_string(pair.fid_b) : id_b);
  check.subject = std::to_string(pair.fid_a) + " " + std::to_string(pair.fid_b);
  check.quantity = "overlap";
  check.value_text = "0";
  check.reading.unit = Unit::SquareMetre;
  check.reading.interval.high = options.overlap_tolerance_m2;
  check.reading.rule = "parcels do not overlap: up to " + number_text(options.overlap_tolerance_m2) +
                       " m2 (the overlap tolerance) is taken as rounding along a shared edge";
  check.computed = pair.area_m2;
  check.deviation = pair.area_m2;
  check.method = AreaMethod::Ellipsoidal;
  check.status = pair.area_m2 > options.overlap_tolerance_m2 ? CheckStatus::Fail : CheckStatus::Pass;
  check.note = "the ellipsoidal area (Karney) of the parcels' intersection";
  check.source = source_text;
  return check;
}

std::optional<Unit> unit_of_field_name(const std::string& field) {
  if (ends_with_ci(field, "_ha")) return Unit::Hectare;
  if (ends_with_ci(field, "_mu")) return Unit::Mu;
  if (ends_with_ci(field, "_m2")) return Unit::SquareMetre;
  if (EQUAL(field.c_str(), "TBMJ")) return Unit::SquareMetre;
  return std::nullopt;
}

namespace {

// The layers (among options.layer, or all) with the first of the stated fields some layer has:
// options.stated_field, or stated_area_ha then TBMJ. Empty when none has one.
std::vector<StatedLayer> layers_stating(const SourceName& path, const StatedParcelOptions& options) {
  std::vector<StatedLayer> found;
  if (path.is_folder() || path.kind() == SourceName::Kind::Missing) return found;
  const QuietGdalErrors quiet;
  const GDALDatasetUniquePtr dataset = open_vector(path.text(), options.input);
  if (!dataset) return found;
  std::vector<OGRLayer*> layers;
  if (options.layer.empty()) {
    for (OGRLayer* layer : dataset->GetLayers()) layers.push_back(layer);
  } else if (OGRLayer* layer = dataset->GetLayerByName(options.layer.c_str())) {
    layers.push_back(layer);
  }
  const std::vector<std::string> fields =
      options.stated_field.empty() ? std::vector<std::string>{kStatedAreaField, "TBMJ"}
                                   : std::vector<std::string>{options.stated_field};
  for (const std::string& field : fields) {
    for (OGRLayer* layer : layers) {
      const OGRFeatureDefn& defn = *layer->GetLayerDefn();
      const int index = defn.GetFieldIndex(field.c_str());
      if (index >= 0 && defn.GetGeomFieldCount() > 0) found.push_back({layer->GetName(), defn.GetFieldDefn(index)->GetNameRef()});
    }
    if (!found.empty()) break;
  }
  return found;
}

}  // namespace

std::optional<StatedLayer> find_stated_layer(const SourceName& path, const StatedParcelOptions& options) {
  std::vector<StatedLayer> found = layers_stating(path, options);
  if (found.size() != 1) return std::nullopt;  // several: which one is the user's to say
  return found.front();
}

bool is_stated_parcel_source(const SourceName& path, const StatedParcelOptions& options) {
  if (path.is_folder() || path.kind() == SourceName::Kind::Missing) return false;
  // Park sources take no layer and state no area field: either named means a layer of parcels.
  if (!options.layer.empty() || !options.stated_field.empty()) return true;
  {
    const QuietGdalErrors quiet;
    const GDALDatasetUniquePtr dataset = open_vector(path.text(), options.input);
    if (!dataset) return false;
    if (GDALDriver* driver = dataset->GetDriver(); driver && EQUAL(driver->GetDescription(), "BAOPAN")) return true;
  }
  // Several layers stating areas too: checking them says to name one.
  return !layers_stating(path, options).empty();
}

StatedParcelSummary stream_stated_parcels(const SourceName& input, const StatedParcelOptions& given,
                                          const StatedCheckCallback& on_check, const StatedLayerCallback& on_layer) {
  // Without --stated, the field is stated_area_ha or TBMJ, whichever the layer has, and a
  // dataset of several layers (a land-survey package) names its layer of parcels by it.
  StatedParcelOptions options = given;
  if (options.stated_field.empty() && !input.is_database()) {
    if (const std::optional<StatedLayer> found = find_stated_layer(input, options)) {
      options.layer = found->layer;
      options.stated_field = found->field;
    }
  }
  if (std::optional<ShardedTable> sharded = find_shards(input, options.layer)) {
    return stream_sharded_parcels(input, *sharded, options, on_check, on_layer);
  }
  return stream_stated_layer(input, options, on_check, on_layer);
}

StatedParcelSummary stream_stated_layer(const SourceName& input, const StatedParcelOptions& options,
                                        const StatedCheckCallback& on_check, const StatedLayerCallback& on_layer) {
  const std::string path = input.display();  // what messages name
  const std::string file_name = input.is_dataset() ? path : std::filesystem::path(path).filename().string();
  const std::string stated_name = options.stated_field.empty() ? kStatedAreaField : options.stated_field;
  StatedParcelSummary summary;
  // What the layer is found to hold (on_open), for every row.
  int stated_index = -1, id_index = -1, name_index = -1;
  bool stated_is_text = true;
  int real_decimals = -1;  // a real field's decimals (0: its shortest text); -1: no real field
  AreaMethod method = AreaMethod::Planar;
  std::string unit_text, source_text, ellipsoid, id_field_name;
  std::optional<GaussKrugerZone> source_plane;
  std::string note_crs, note;  // the planar note of the last zone, made again when the zone changes
  // The survey's rule on this thread, for the note of a row that fails its method (whether the
  // figure is the survey's): only on a Gauss-Kruger plane.
  std::unique_ptr<SurveyAreaCalculator> survey;

  LayerAreaOptions measuring;
  measuring.layer = options.layer;
  measuring.input = options.input;
  measuring.skip_invalid = options.skip_invalid;
  measuring.on_skipped = options.on_skipped;
  measuring.on_warning = options.on_warning;
  // Measured on the workers when it may be the method (a layer off any Gauss-Kruger plane gets
  // none); otherwise only for a row that fails, on this thread.
  const bool tbmj = EQUAL(stated_name.c_str(), "TBMJ");
  measuring.survey = options.method ? *options.method == AreaMethod::Survey : tbmj;
  measuring.on_open = [&](OGRLayer& layer, const OGRSpatialReference& crs) {
    summary.layer = layer.GetName();
    const Location layer_where{path, summary.layer, -1, "", ""};
    const OGRFeatureDefn& defn = *layer.GetLayerDefn();
    stated_index = defn.GetFieldIndex(stated_name.c_str());
    if (stated_index < 0 && (!options.stated_field.empty() || !options.overlaps)) {
      throw InputError(Location{path, summary.layer, -1, "", stated_name},
                       "the layer has no field " + stated_name + ", so it states no parcel areas to check (--stated "
                       "names the field; a park source is checked without --layer); its fields: " + field_list(defn));
    }
    std::vector<std::string> fields;
    if (stated_index >= 0) {
      const OGRFieldDefn& field = *defn.GetFieldDefn(stated_index);
      summary.stated_field = field.GetNameRef();
      fields.push_back(summary.stated_field);
      const std::optional<Unit> unit = options.unit ? options.unit : unit_of_field_name(summary.stated_field);
      if (!unit) {
        throw InputError(Location{path, summary.layer, -1, "", summary.stated_field},
                         "the field's name does not say the unit of its areas: give it with --unit m2, mu or ha");
      }
      summary.unit = *unit;
      unit_text = unit_symbol(*unit);
      const OGRFieldType type = field.GetType();
      if (type != OFTString && type != OFTInteger && type != OFTInteger64 && type != OFTReal) {
        throw InputError(Location{path, summary.layer, -1, "", summary.stated_field},
                         std::string("the field is of type ") + OGRFieldDefn::GetFieldTypeName(type) +
                             ": a stated area is a number, or text as written");
      }
      stated_is_text = type == OFTString;
      // A real's decimals: those its field declares when few (a Shapefile's N(15,2)), else as
      // many as its value needs (0: shortest); a declared 11 or 15 is a writer's default, not
      // how the figures were written.
      if (type == OFTReal) real_decimals = field.GetPrecision() >= 1 && field.GetPrecision() <= 6 ? field.GetPrecision() : 0;
    }
    id_index = id_field_index(defn, options, layer_where);
    if (id_index >= 0) {
      id_field_name = defn.GetFieldDefn(id_index)->GetNameRef();
      fields.push_back(id_field_name);
    }
    name_index = defn.GetFieldIndex(kParcelNameField);
    if (name_index >= 0) fields.push_back(kParcelNameField);
    source_text = file_name + ", layer " + summary.layer;
    ellipsoid = ellipsoid_of(crs).name;
    source_plane = source_gauss_kruger_plane(crs);
    // TBMJ is stated by the survey's rule, which needs the plane the survey worked on; on a layer
    // in another CRS the nearest figure is Karney's ellipsoidal area, and its rows say so.
    method = options.method.value_or(!tbmj ? AreaMethod::Planar : source_plane ? AreaMethod::Survey : AreaMethod::Ellipsoidal);
    if (source_plane) {
      try {
        survey = std::make_unique<SurveyAreaCalculator>(crs);
      } catch (const std::invalid_argument& error) {
        if (method == AreaMethod::Survey) throw InputError(layer_where, std::string("--method survey: ") + error.what());
      }
    } else if (method == AreaMethod::Survey) {
      throw InputError(layer_where, "--method survey: the land survey's ellipsoidal area is computed from Gauss-Kruger "
                                    "plane coordinates, and the layer's CRS (" + std::string(crs.GetName() ? crs.GetName() : "unnamed") +
                                    ") is not a Gauss-Kruger plane: check it with --method ellipsoidal, or give the "
                                    "layer in its Gauss-Kruger CRS");
    }
    if (method == AreaMethod::Ellipsoidal) {
      note = method_note(method, ellipsoid, false, "");
      if (tbmj && !options.method) {
        note += "; TBMJ is checked ellipsoidal here because the layer is in no Gauss-Kruger CRS, which the "
                "survey's own rule needs";
      }
    } else if (method == AreaMethod::Survey) {
      note = method_note(method, ellipsoid, true, source_plane->crs_name);
    }
    if (on_layer) on_layer(summary);
    return fields;
  };

  // One row, its texts' memory used again row after row (millions of rows); the reading of the
  // last stated figure kept, since land records repeat their figures' precision and often their
  // figures.
  Check check;
  std::string name, last_value_text;
  FigureReading last_reading;
  const auto on_feature = [&](const MeasuredFeature& measured, OGRFeature& feature) {
    check.id.clear();
    if (id_index >= 0 && feature.IsFieldSetAndNotNull(id_index)) assign_trimmed(check.id, feature.GetFieldAsString(id_index));
    if (check.id.empty()) check.id = std::to_string(measured.fid);
    if (!measured.area_m2) {
      throw InputError(Location{path, summary.layer, measured.fid, check.id, ""}, "the parcel has no polygon geometry");
    }
    if (stated_index < 0) return;  // only overlaps are checked
    check.fids.assign(1, measured.fid);
    check.subject.assign("parcel:").append(check.id);
    check.quantity.assign("land_area");
    check.source.assign(source_text);
    check.method = method;
    check.computed.reset();
    check.deviation.reset();
    check.status = CheckStatus::Incomplete;
    check.as_written.clear();
    check.value_text.clear();
    if (feature.IsFieldSetAndNotNull(stated_index)) {
      if (real_decimals >= 0) {
        check.as_written = recorded_text(feature.GetFieldAsDouble(stated_index), real_decimals);
      } else {
        check.as_written.assign(feature.GetFieldAsString(stated_index));
      }
      assign_trimmed(check.value_text, check.as_written);
    }
    std::string unreadable;
    if (check.value_text.empty()) {
      check.reading = FigureReading{};
      check.reading.unit = summary.unit;
    } else if (check.value_text == last_value_text) {
      check.reading = last_reading;
    } else {
      try {
        check.reading = stated_is_text ? read_figure(check.value_text, "", unit_text)
                                       : read_recorded_figure(check.value_text, summary.unit);
        last_value_text = check.value_text;
        last_reading = check.reading;
      } catch (const std::invalid_argument& error) {
        unreadable = error.what();
        check.reading = FigureReading{};
        check.reading.unit = summary.unit;
      }
    }
    const std::optional<double>& m2 = method == AreaMethod::Planar      ? measured.gk_area_m2
                                      : method == AreaMethod::Ellipsoidal ? measured.area_m2
                                                                          : measured.survey_area_m2;
    if (!m2) {
      check.note = "no Gauss-Kruger plane fits the parcel (it crosses the antimeridian): no planar area";
    } else {
      if (method == AreaMethod::Planar && measured.gk_crs != note_crs) {
        note_crs = measured.gk_crs;
        note = method_note(method, ellipsoid, source_plane.has_value(), note_crs);
      }
      check.note.assign(note);
      check.computed = *m2 / square_metres_per(summary.unit);
    }
    if (!unreadable.empty()) {
      // Not a number: the row says what was written, and the parcel is left to be verified.
      if (summary.unreadable++ == 0) {
        summary.first_unreadable = Problem{Location{path, summary.layer, measured.fid, check.id, summary.stated_field},
                                           "the stated area '" + check.as_written + "' is not a number"};
      }
      check.note = "the stated area '" + check.as_written + "' is not a number (" + unreadable + "); computed is the " + check.note;
      check.value_text.clear();
    } else if (check.value_text.empty()) {
      check.note = "the layer states no area for this parcel; computed is the " + check.note;
    } else if (check.computed) {
      check.deviation = *check.computed - check.reading.value;
      check.status = check.reading.interval.contains(*check.computed) ? CheckStatus::Pass : CheckStatus::Fail;
      if (check.status == CheckStatus::Fail) {
        // A figure that fails its method may be right by another: worked out on the plane, say,
        // where the survey's rule was expected. The row says which method's area it is.
        for (const AreaMethod other : {AreaMethod::Planar, AreaMethod::Ellipsoidal, AreaMethod::Survey}) {
          if (other == method) continue;
          std::optional<double> other_m2 = other == AreaMethod::Planar ? measured.gk_area_m2 : measured.area_m2;
          if (other == AreaMethod::Survey) {
            other_m2 = measured.survey_area_m2;
            if (!other_m2 && survey && feature.GetGeometryRef()) {
              try {
                other_m2 = survey->area_m2(*feature.GetGeometryRef());
              } catch (const std::invalid_argument&) {
                // A point PROJ cannot invert: the row's own method measured it; no note.
              }
            }
          }
          if (!other_m2) continue;
          const double value = *other_m2 / square_metres_per(summary.unit);
          if (check.reading.interval.contains(value)) {
            check.note.append("; matches ").append(area_method_name(other)).append(" (").append(number_text(value));
            check.note.append(" ").append(unit_text).append(")");
          }
        }
      }
    }
    ++summary.counts[static_cast<int>(check.status)];
    name.clear();
    if (name_index >= 0) assign_trimmed(name, feature.GetFieldAsString(name_index));
    if (on_check) on_check(check, name);
  };
  measure_layer_with_features(input, measuring, on_feature);
  if (options.overlaps) {
    const std::string id_name = id_index >= 0 ? id_field_name : "";
    check_overlaps(input, options, summary, id_name, source_text, on_check);
  }
  return summary;
}

StatedParcelChecks check_stated_parcels(const SourceName& input, const StatedParcelOptions& options) {
  StatedParcelChecks result;
  stream_stated_parcels(input, options, [&result](const Check& check, const std::string& name) {
    if (!name.empty()) result.names[check.subject] = name;
    result.checks.push_back(check);
  }, [&result](const StatedParcelSummary& layer) { result.layer = layer.layer; });
  return result;
}

Park stated_parcels_park(const SourceName& input, const StatedParcelOptions& options) {
  StatedParcelChecks checked = check_stated_parcels(input, options);
  // The geometries of the parcels checked (an invalid one skipped is not among them), read again.
  const InputSource source = open_input(input, options.input);
  OGRLayer& layer = pick_layer(source.dataset(), input, options.layer);
  apply_where(layer, input.display(), options.input);
  const std::unique_ptr<OGRSpatialReference> assigned = assigned_crs(options.input);
  const OGRSpatialReference* crs = source_crs(layer, assigned.get());
  const int id_index = id_field_index(*layer.GetLayerDefn(), options, Location{input.display(), layer.GetName(), -1, "", ""});
  std::map<std::string, std::unique_ptr<OGRGeometry>> geometries;
  layer.ResetReading();
  for (OGRFeatureUniquePtr feature(layer.GetNextFeature()); feature; feature.reset(layer.GetNextFeature())) {
    const std::string id = id_index >= 0 && feature->IsFieldSetAndNotNull(id_index)
                               ? trimmed(feature->GetFieldAsString(id_index))
                               : std::to_string(feature->GetFID());
    if (const OGRGeometry* geometry = feature->GetGeometryRef()) geometries[id].reset(geometry->clone());
  }

  Park park;
  park.source.path = input.display();
  for (const LayerSpec& spec : park_schema()) {
    Table& table = park.source.table(spec.name);
    table.spec = &spec;
    table.file = park.source.path;
    table.layer = spec.name == "parcels" ? checked.layer : spec.name;
  }
  Table& parcels = park.source.parcels;
  if (crs) parcels.crs.reset(crs->Clone());
  const AreaCalculator calculator(*crs, AreaOptions{true});
  GeosContext geos;
  std::vector<GeosGeometry> parts;
  for (const Check& check : checked.checks) {
    const std::string& id = check.id;
    auto found = geometries.find(id);
    if (found == geometries.end() || !found->second) continue;
    const std::string name = checked.names.count(check.subject) ? checked.names.at(check.subject) : "";
    Row row;
    row.fid = static_cast<long long>(parcels.rows.size()) + 1;
    // id, name_en, name_zh, phase, provenance, accuracy_m, note (schema.cpp)
    row.values = {id, name, name, std::string("0"), std::string("surveyed"), std::nullopt, check.note};
    row.geometry = std::move(found->second);
    park.parcel_areas.push_back(calculator.measure_area(*row.geometry));
    parts.push_back(geos.from_ogr(*row.geometry));
    parcels.rows.push_back(std::move(row));
  }
  if (parcels.rows.empty()) {
    throw InputError(Location{park.source.path, checked.layer, -1, "", ""}, "the layer holds no parcel to report");
  }
  std::vector<const GEOSGeometry*> raw;
  for (const GeosGeometry& g : parts) raw.push_back(g.get());
  park.boundary = geos.to_ogr(*geos.union_all(raw));
  park.boundary->assignSpatialReference(parcels.crs.get());
  park.boundary_area = calculator.measure_area(*park.boundary);
  park.checks = std::move(checked.checks);
  return park;
}

}  // namespace parklayers
