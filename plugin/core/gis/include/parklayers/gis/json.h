// The little JSON the command line prints, streamed: strings escaped per RFC 8259, numbers
// with 15 significant digits (round-trip to 1e-15 relative), non-finite numbers as null.
#pragma once

#include <optional>
#include <string>

namespace parklayers {

std::string json_string(const std::string& text);
std::string json_number(double value);
std::string json_number(const std::optional<double>& value);
// json_number(value) appended to out: no string made per number, for output streamed a feature
// at a time.
void append_json_number(std::string& out, const std::optional<double>& value);

}  // namespace parklayers
