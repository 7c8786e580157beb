// SPDX-License-Identifier: GPL-2.0-or-later
// The option tables of docs/commands.md, made from the declarations: each sits between
//   <!-- options of NAME: ... -->  and  <!-- end of the options of NAME -->
// and parklayers-docgen rewrites (or, in the tests, compares) them, so that the page says what
// --help says.
#pragma once

#include <string>

#include "parklayers/command/declaration.h"

namespace parklayers::command {

// "| option | meaning |" and a row per argument, in the order of --help.
std::string option_table(const CommandInfo& command);

// `markdown` with every command's table replaced by option_table's. A command without its two
// markers is an error naming them.
std::string with_option_tables(const std::string& markdown);

}  // namespace parklayers::command
