// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/command/declaration.h"

#include "parklayers/command/area.h"
#include "parklayers/command/build.h"
#include "parklayers/command/check.h"
#include "parklayers/command/convert.h"
#include "parklayers/command/report.h"

namespace parklayers::command {

ArgumentInfo a_srs_argument() {
  ArgumentInfo a;
  a.names = "--a_srs";
  a.value_name = "CRS";
  a.kind = Kind::Crs;
  a.help =
      "The CRS of a source that states none (a DXF, a CSV, a Shapefile without .prj), or\n"
      "instead of a wrong one: EPSG:4549, anything PROJ knows";
  a.details =
      "Without it, a source with no CRS is refused with a message that names `--a_srs` and, where its "
      "coordinates look like Chinese Gauss-Kruger metres, the likely CRSs.";
  a.processing = "SOURCE_CRS";
  return a;
}

ArgumentInfo encoding_argument() {
  ArgumentInfo a;
  a.names = "--encoding";
  a.value_name = "NAME";
  a.help =
      "The encoding of the texts of a Shapefile, CSV or DXF when its .cpg is missing or\n"
      "wrong (GBK, say). Without it, texts that are not UTF-8 are read as GB18030";
  a.details =
      "Chinese tools often leave the `.cpg` out; a text read as GB18030 comes with a warning (see [CAD "
      "drawings and GBK files](#cad-drawings-and-gbk-files)).";
  a.processing = "ENCODING";
  return a;
}

ArgumentInfo where_argument() {
  ArgumentInfo a;
  a.names = "--where";
  a.value_name = "SQL";
  a.help = "Read only the features this OGR SQL condition selects";
  a.details = "For example `--where \"id = 'P3'\"`.";
  a.processing = "WHERE";
  return a;
}

ArgumentInfo s_srs_argument() {
  ArgumentInfo a;
  a.names = "--s_srs";
  a.value_name = "GCJ02|BD09|CRS";
  a.help =
      "GCJ02 or BD09: the coordinates are lon/lat from a Chinese web map (Amap,\n"
      "Tencent: GCJ-02; Baidu: BD-09), brought back to WGS 84. Or a CRS PROJ knows\n"
      "(EPSG:2364), the source's CRS as --a_srs gives it. Without it the layer's own\n"
      "CRS is used";
  a.details =
      "Each geometry is brought back to WGS 84 before anything else (see [GCJ-02 and "
      "BD-09](areas-and-crs.md#chinese-web-maps-gcj-02-and-bd-09)); a layer in a projected CRS is an error, "
      "its coordinates not being degrees. Giving it and `--a_srs` with different CRSs is an error.";
  return a;
}

ArgumentInfo lang_argument() {
  ArgumentInfo a;
  a.names = "--lang";
  a.value_name = "en|zh";
  a.kind = Kind::Choice;
  a.help =
      "The language of the check table: en (the default, so scripts reading it do not\n"
      "depend on the user's locale) or zh, with each subject's Chinese name";
  a.choices = {{"en", "English"}, {"zh", "中文"}};
  return a;
}

ArgumentInfo quiet_argument() {
  ArgumentInfo a;
  a.names = "-q,--quiet";
  a.kind = Kind::Flag;
  a.help = "Print nothing but warnings and errors (no progress bar)";
  return a;
}

ArgumentInfo skip_invalid_argument() {
  ArgumentInfo a;
  a.names = "--skip-invalid";
  a.kind = Kind::Flag;
  a.help =
      "Leave features with an invalid geometry out, with a warning for each and their\n"
      "count on stderr, instead of refusing the source";
  a.details = "Warnings name the first 20.";
  return a;
}

ArgumentInfo jobs_argument() {
  ArgumentInfo a;
  a.names = "--jobs";
  a.value_name = "N";
  a.kind = Kind::Count;
  a.cli_checked = true;
  a.help =
      "A sharded table (partitions on other PostgreSQL servers): work on N partitions at once,\n"
      "each on its own server (default: all, at most the machine's cores)";
  a.details = "See [a sharded cadastre](scale.md#a-cadastre-over-several-servers).";
  return a;
}

ArgumentInfo overwrite_argument(const std::string& help) {
  ArgumentInfo a;
  a.names = "--overwrite";
  a.kind = Kind::Flag;
  a.help = help;
  a.processing = "OVERWRITE";
  return a;
}

ArgumentInfo formats_argument(const std::string& help) {
  ArgumentInfo a;
  a.names = "-f";
  a.value_name = "FORMAT";
  a.kind = Kind::Formats;
  a.help = help;
  a.processing = "FORMATS";
  return a;
}

ArgumentInfo layer_argument(const std::string& help) {
  ArgumentInfo a;
  a.names = "--layer";
  a.value_name = "NAME";
  a.help = help;
  a.processing = "LAYER";
  return a;
}

std::vector<CommandInfo> all_commands() {
  return {build_command().info(), check_command().info(), area_command().info(), convert_command().info(),
          report_command().info()};
}

}  // namespace parklayers::command
