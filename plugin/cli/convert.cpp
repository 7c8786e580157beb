// SPDX-License-Identifier: GPL-2.0-or-later
// `parklayers convert`: every layer of every input in every format (command::run_convert).
#include <iostream>
#include <memory>

#include "cli.h"
#include "declared.h"
#include "parklayers/command/convert.h"
#include "parklayers/io/convert.h"
#include "parklayers/io/postgres.h"
#include "parklayers/park/styles.h"

namespace parklayers::cli {
namespace {

using command::ConvertArgs;

int run_convert(const ConvertArgs& a) {
  const command::ConvertFormats formats = command::convert_formats_of(a.formats);
  ConvertOptions options;
  options.formats = formats.formats;
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
  const ConvertResult result = command::run_convert(a, inputs, a.outdir, options, formats.point_workbooks);
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
