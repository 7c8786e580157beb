// SPDX-License-Identifier: GPL-2.0-or-later
// `parklayers convert`: every layer of every input in every format; -f XLSX the inputs'
// boundary-point tables (park/boundary_points.h), read and checked before anything is written.
#include <algorithm>
#include <iostream>
#include <memory>

#include "cli.h"
#include "declared.h"
#include "parklayers/command/convert.h"
#include "parklayers/io/convert.h"
#include "parklayers/io/postgres.h"
#include "parklayers/park/boundary_points.h"
#include "parklayers/park/styles.h"

namespace parklayers::cli {
namespace {

using command::ConvertArgs;

int run_convert(const ConvertArgs& a) {
  std::vector<std::string> format_names = a.formats;
  const auto xlsx = std::remove_if(format_names.begin(), format_names.end(), command::is_xlsx_format);
  const bool points = xlsx != format_names.end();
  format_names.erase(xlsx, format_names.end());
  ConvertOptions options;
  options.formats = formats_of(format_names);
  options.target_crs = a.t_srs;
  options.input = command::input_options(a.a_srs, a.encoding, a.where);
  options.source_crs = source_crs_of(a.s_srs, options.input);
  options.overwrite = a.overwrite;
  options.csv_wkt = a.csv_wkt;
  options.txt_encoding = a.txt_encoding;
  options.default_style = default_style_for;
  options.schema = a.schema;
  const bool to_database = is_postgres_name(a.outdir);
  if (!a.schema.empty() && !to_database) throw UsageError("--schema is for -f PostgreSQL -o PG:...");
  TermProgress bar;
  if (!a.quiet) options.progress = [&bar](double done) { bar(done); };
  // Each input classified once, here where the command line gives it.
  const std::vector<SourceName> inputs(a.inputs.begin(), a.inputs.end());
  std::unique_ptr<PointWorkbooks> workbooks;
  if (points) {
    if (to_database) throw UsageError("-f XLSX writes files: it cannot go with -o PG:...");
    if (!a.t_srs.empty() || !a.s_srs.empty()) {
      throw UsageError("-f XLSX lists the points on each layer's own Gauss-Kruger plane (or its CGCS2000 zone); "
                       "--t_srs and --s_srs do not apply: convert to a GeoPackage first");
    }
    workbooks = std::make_unique<PointWorkbooks>(inputs, a.outdir, options.input, a.overwrite);
    print_warnings(workbooks->warnings());
  }
  ConvertResult result;
  if (!options.formats.empty()) result = convert(inputs, a.outdir, options);
  if (workbooks) {
    workbooks->commit();
    result.files.insert(result.files.end(), workbooks->files().begin(), workbooks->files().end());
  }
  print_warnings(result.warnings);
  if (!a.quiet) {
    for (const ConvertedLayer& layer : result.layers) {
      std::cout << layer.input << ": " << layer.layer << ": " << layer.features << " features\n";
    }
    if (to_database) {
      std::cout << "Wrote " << result.tables.size() << " tables into " << describe_database(a.outdir) << "\n";
    } else {
      std::cout << "Wrote " << result.files.size() << " files in " << a.outdir << "\n";
    }
  }
  return kExitOk;
}

}  // namespace

Command add_convert_command(CLI::App& parklayers) {
  auto a = std::make_shared<ConvertArgs>();
  CLI::App* convert = add_declared(parklayers, command::convert_command(), *a);
  return {convert, [a] { return run_convert(*a); }, [] { return true; }};
}

}  // namespace parklayers::cli
