// SPDX-License-Identifier: GPL-2.0-or-later
// Errors of bad input: every one names where the problem is (file, layer, feature, field)
// and what it is, so a user can open the source and fix it.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace parklayers {

// Where in a source a problem was found. Empty parts are left out of the message.
struct Location {
  std::string file;
  std::string layer;
  long long fid = -1;       // OGR feature id, -1 when the problem is not one feature's
  std::string feature_id;   // the feature's `id` field, when known
  std::string field;

  std::string to_string() const;
};

struct Problem {
  Location where;
  std::string what;

  std::string to_string() const;
};

// Bad input (a source that cannot be read or does not follow the schema, a bad path):
// the command line exits 2 on it.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Problem> problems);
  InputError(Location where, const std::string& what);

  const std::vector<Problem>& problems() const { return problems_; }

 private:
  std::vector<Problem> problems_;
};

// The output could not be written (a full disk, no permission, a database that refuses): the
// command line exits 3 on it. The message names the output and what failed.
class OutputError : public std::runtime_error {
 public:
  OutputError(const std::string& output, const std::string& what);
  const std::string& output() const { return output_; }

 private:
  std::string output_;
};

// Collects the problems of a source so that a user sees all of them at once.
class ProblemList {
 public:
  void add(Location where, std::string what) { problems_.push_back({std::move(where), std::move(what)}); }
  bool empty() const { return problems_.empty(); }
  // Throws InputError with every problem collected so far, if there is any.
  void throw_if_any() const;

 private:
  std::vector<Problem> problems_;
};

}  // namespace parklayers
