// `parklayers check`: a park source against its stated figures.
#include <iostream>
#include <memory>

#include "cli.h"
#include "parklayers/park/source.h"

namespace parklayers::cli {
namespace {

struct CheckArgs {
  std::string source = bundled_park_path();
  bool json = false;
  bool skip_invalid = false;
  std::string lang = "en";
  InputOptions input;
};

int run_check(const CheckArgs& a) {
  const Language language = language_of(a.lang);
  const Park park = load_park(a.source, a.skip_invalid, a.input);
  std::cout << (a.json ? checks_json(park.checks) : check_table(park.checks, language, park.source));
  return exit_for(park.checks);
}

}  // namespace

Command add_check_command(CLI::App& parklayers) {
  auto a = std::make_shared<CheckArgs>();
  CLI::App* check = parklayers.add_subcommand(
      "check",
      "Check a park source against its stated figures and print the result.\n"
      "Invalid geometries are refused unless --skip-invalid.");
  check->add_option("SOURCE", a->source, "The park source folder (default: the bundled Anting park)")->type_name("");
  check->add_flag("--json", a->json, "Print the checks as JSON");
  add_skip_invalid_flag(*check, a->skip_invalid);
  add_lang_option(*check, a->lang);
  add_input_options(*check, a->input, /*with_where=*/false);
  check->footer("Exit status: 0 all checks pass (or are incomplete), 1 a stated-figure check failed,\n"
                "2 bad input or usage.");
  return {check, [a] { return run_check(*a); }, [] { return false; }};
}

}  // namespace parklayers::cli
