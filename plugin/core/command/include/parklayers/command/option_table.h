// SPDX-License-Identifier: GPL-2.0-or-later
// The option tables of docs/commands.md, made from the declarations: each sits between
//   <!-- options of NAME: ... -->  and  <!-- end of the options of NAME -->
// and parklayers-docgen rewrites (or, in the tests, compares) them, so that the page says what
// --help says.
#pragma once

#include <string>
#include <vector>

#include "parklayers/command/declaration.h"

namespace parklayers::command {

// "| option | meaning |" and a row per argument, in the order of --help.
std::string option_table(const CommandInfo& command);

// "| algorithm | parameter | as on the command line | meaning |": each Processing parameter made
// from a declaration (the algorithms' own source and output choices are described beside it).
std::string processing_table(const std::vector<CommandInfo>& commands);

// `markdown` with the tables it holds made again: every command's option table (a page with one
// must have all five, between their markers) and the Processing parameters table, between
//   <!-- Processing parameters: ... -->  and  <!-- end of the Processing parameters -->
// A page with neither is an error naming the markers.
std::string with_option_tables(const std::string& markdown);

}  // namespace parklayers::command
