// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/gis/error.h"

namespace parklayers {
namespace {

std::string join_messages(const std::vector<Problem>& problems) {
  // A long list is cut so the message stays readable; the full list is in problems().
  constexpr size_t kShown = 20;
  std::string message;
  for (size_t i = 0; i < problems.size() && i < kShown; ++i) {
    if (i > 0) message += '\n';
    message += problems[i].to_string();
  }
  if (problems.size() > kShown) {
    message += "\n... and " + std::to_string(problems.size() - kShown) + " more problems";
  }
  return message;
}

}  // namespace

std::string Location::to_string() const {
  std::string out = file;
  auto part = [&out](const std::string& text) {
    if (!out.empty()) out += ": ";
    out += text;
  };
  if (!layer.empty()) part("layer '" + layer + "'");
  if (fid >= 0 || !feature_id.empty()) {
    std::string feature = "feature";
    if (fid >= 0) feature += " " + std::to_string(fid);
    if (!feature_id.empty()) feature += " (id '" + feature_id + "')";
    part(feature);
  }
  if (!field.empty()) part("field '" + field + "'");
  return out;
}

std::string Problem::to_string() const {
  const std::string where_text = where.to_string();
  return where_text.empty() ? what : where_text + ": " + what;
}

InputError::InputError(std::vector<Problem> problems)
    : std::runtime_error(join_messages(problems)), problems_(std::move(problems)) {}

InputError::InputError(Location where, const std::string& what)
    : InputError(std::vector<Problem>{{std::move(where), what}}) {}

OutputError::OutputError(const std::string& output, const std::string& what)
    : std::runtime_error(output.empty() ? what : output + ": " + what), output_(output) {}

void ProblemList::throw_if_any() const {
  if (!problems_.empty()) throw InputError(problems_);
}

}  // namespace parklayers
