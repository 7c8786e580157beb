// SPDX-License-Identifier: GPL-2.0-or-later
// The checks as `check` prints them, written row by row as they are made: a table for people and
// one JSON document for programs. Neither holds the rows: a district's land records (millions of
// parcels) are printed in the memory of a few rows. check_table and checks_json (report.h) are
// these writers run over a list.
#pragma once

#include <functional>
#include <ostream>
#include <string>

#include "parklayers/park/checks.h"
#include "parklayers/park/report.h"

namespace parklayers {

// Rows by status: pass, fail, incomplete (the summary line, the JSON's summary).
struct CheckCounts {
  long long pass = 0;
  long long fail = 0;
  long long incomplete = 0;

  void add(CheckStatus status);
  bool all_pass() const { return fail == 0; }
};

// What the rows are about, which sets the table's columns:
// - Figures: a park's stated figures: id, subject (with its name in Chinese), quantity, ...;
// - Features: a layer's features (stated_parcels.h): fid, id (with the feature's name in
//   Chinese), quantity, ...: the subject is the id, said once.
enum class CheckRows { Figures, Features };

// A fixed-width table, a row per check, then a line of counts. The columns are as wide as the
// widest cell of the first kTableWidthRows rows; rows after those are written as they come, in
// those widths (a wider cell pushes its line out, never the others).
class CheckTableWriter {
 public:
  static constexpr std::size_t kTableWidthRows = 1000;

  // name_of names a row's subject for the Chinese table's 名称 column (Figures), or is given the
  // name add() was passed (Features).
  CheckTableWriter(std::ostream& out, Language language, CheckRows rows,
                   std::function<std::string(const std::string& subject)> name_of = nullptr);
  void add(const Check& check, const std::string& name = "");
  // The rows still held, then the line of counts (of every row checked, shown or not).
  void finish(const CheckCounts& counts);

 private:
  void write(const std::vector<std::string>& cells);

  std::ostream& out_;
  Language language_;
  CheckRows rows_;
  std::function<std::string(const std::string&)> name_of_;
  std::vector<std::vector<std::string>> held_;  // the first rows, until the widths are known
  std::vector<std::size_t> widths_;
  // The last stated figure and its cells.
  std::string last_value_text_, last_stated_, last_accepted_;
  Unit last_unit_ = Unit::SquareMetre;
  Qualifier last_qualifier_ = Qualifier::None;
};

// {"checks": [ {row}, ... ], "summary": {"pass": n, "fail": n, "incomplete": n}, "all_pass": b}
// Each row has the same keys: id, subject, fids, quantity, stated, unit, qualifier, as_written,
// low, low_inclusive, high, computed, deviation, method (null for no measured area), status,
// rule, note, source. A row stating no figure has null stated, low and high. One row a line.
class CheckJsonWriter {
 public:
  explicit CheckJsonWriter(std::ostream& out);
  void add(const Check& check);
  void finish(const CheckCounts& counts);

 private:
  // A text and its JSON string, kept while the rows repeat it.
  struct Escaped {
    std::string raw, escaped;
    const std::string& of(const std::string& text);
  };

  std::ostream& out_;
  std::string line_;
  Escaped escaped_[3];  // rule, note, source
  bool first_ = true;
};

}  // namespace parklayers
