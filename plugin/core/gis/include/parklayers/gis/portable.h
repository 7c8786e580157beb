// What POSIX has and standard C++17 lacks, in one place: on POSIX systems the POSIX call; on
// others (Windows, which has never built Park Layers: docs/windows.md) a fallback in standard
// C++ or the C runtime's equivalent.
#pragma once

#include <ctime>
#include <string>
#include <system_error>

namespace parklayers {

// gmtime and localtime without their shared static result (several threads may ask).
std::tm utc_time(std::time_t when);
std::tm local_time(std::time_t when);

// A new, empty folder named as `pattern` with its last six characters (XXXXXX) made unique, as
// mkdtemp(3) does; `pattern` is changed to its name. An error code when none can be made.
std::error_code make_unique_folder(std::string& pattern);
// The same in standard C++ only (random names, std::filesystem::create_directory): the
// fallback where there is no mkdtemp, kept here so that it is built and tested everywhere.
std::error_code make_unique_folder_std(std::string& pattern);

}  // namespace parklayers
