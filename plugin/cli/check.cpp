// SPDX-License-Identifier: GPL-2.0-or-later
// `parklayers check`: a park source against its stated figures, or a layer of parcels (a
// land-parcel coordinate file) against the areas it states.
#include <iostream>
#include <memory>

#include "cli.h"
#include "declared.h"
#include "parklayers/command/check.h"
#include "parklayers/park/check_output.h"
#include "parklayers/park/source.h"
#include "parklayers/park/stated_parcels.h"

namespace parklayers::cli {
namespace {

using command::CheckArgs;

// A layer's checks, printed as they are made: memory stays flat whatever the layer's size. On bad
// input the error goes to stderr and the exit status is 2.
int run_stated_parcels(const CheckArgs& a, const SourceName& source, Language language,
                       StatedParcelOptions options) {
  SkipWarnings skip_warnings;
  options.on_skipped = [&skip_warnings](const Problem& skipped) { skip_warnings(skipped); };
  options.on_warning = [](const Problem& warning) { print_warnings({warning}); };
  std::unique_ptr<CheckJsonWriter> json;
  std::unique_ptr<CheckTableWriter> table;
  if (a.json) {
    json = std::make_unique<CheckJsonWriter>(std::cout);
  } else {
    table = std::make_unique<CheckTableWriter>(std::cout, language, CheckRows::Features);
  }
  const auto on_check = [&](const Check& check, const std::string& name) {
    if (a.failed_only && check.status != CheckStatus::Fail) return;
    if (json) {
      json->add(check);
    } else {
      table->add(check, name);
    }
  };
  const StatedParcelSummary summary = stream_stated_parcels(source, options, on_check);
  CheckCounts counts;
  counts.pass = summary.counts[0];
  counts.fail = summary.counts[1];
  counts.incomplete = summary.counts[2];
  if (json) {
    json->finish(counts);
  } else {
    table->finish(counts);
  }
  if (summary.unreadable > 0) {
    Problem warning = summary.first_unreadable;
    warning.what = std::to_string(summary.unreadable) + " stated area" + (summary.unreadable > 1 ? "s are" : " is") +
                   " not a number, so " + (summary.unreadable > 1 ? "their rows are" : "its row is") +
                   " incomplete; the first: " + warning.what;
    print_warnings({warning});
  }
  return counts.all_pass() ? kExitOk : kExitCheckFailed;
}

int run_check(const CheckArgs& a) {
  const Language language = language_of(a.lang);
  const StatedParcelOptions parcels = command::stated_parcel_options(a);
  const std::optional<AreaMethod> method = parcels.method;
  const SourceName source(a.source);  // classified once, here where the command line gives it
  if (command::takes_layer_of_parcels(a) || is_stated_parcel_source(source, parcels)) {
    return run_stated_parcels(a, source, language, parcels);
  }
  if (method && !park_checks_accept(*method)) {
    throw UsageError("--method " + std::string(area_method_name(*method)) +
                     " is for a layer of parcels stating their areas (a coordinate file, land records); a "
                     "park's stated figures are checked against ellipsoidal areas");
  }
  if (!a.where.empty()) {
    throw UsageError("--where selects parcels of a coordinate file; a park's layers refer to each other by "
                     "id, so select features before, with convert --where");
  }
  const Park park = load_park(source, a.skip_invalid, parcels.input);
  CheckCounts counts;
  for (const Check& check : park.checks) counts.add(check.status);
  std::vector<Check> shown;
  for (const Check& check : park.checks) {
    if (!a.failed_only || check.status == CheckStatus::Fail) shown.push_back(check);
  }
  if (a.json) {
    CheckJsonWriter json(std::cout);
    for (const Check& check : shown) json.add(check);
    json.finish(counts);
  } else {
    CheckTableWriter table(std::cout, language, CheckRows::Figures,
                           [&](const std::string& subject) { return subject_name(subject, park.source, language); });
    for (const Check& check : shown) table.add(check);
    table.finish(counts);
  }
  return exit_for(park.checks);
}

}  // namespace

Command add_check_command(CLI::App& parklayers) {
  auto a = std::make_shared<CheckArgs>();
  CLI::App* check = add_declared(parklayers, command::check_command(), *a);
  return {check, [a] { return run_check(*a); }, [] { return false; }};
}

}  // namespace parklayers::cli
