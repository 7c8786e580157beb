// SPDX-License-Identifier: GPL-2.0-or-later
#include "qgis_project.h"

// Running the tool is POSIX (posix_spawn, a pipe, waitpid). Elsewhere (Windows, unbuilt:
// docs/windows.md) the tool is reported as failing to start, with the reason.
#if defined(__unix__) || defined(__APPLE__)
#define PARKLAYERS_POSIX_SPAWN 1
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "parklayers/io/postgres.h"

#ifdef PARKLAYERS_POSIX_SPAWN
extern char** environ;
#endif

namespace parklayers::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kTool = "parklayers-qgis-project";
#ifdef _WIN32
constexpr char kPathListSeparator = ';';
#else
constexpr char kPathListSeparator = ':';
#endif

bool is_executable(const fs::path& path) {
  std::error_code ec;
#ifdef PARKLAYERS_POSIX_SPAWN
  return fs::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
#else
  return fs::is_regular_file(path, ec);
#endif
}

}  // namespace

#ifndef PARKLAYERS_POSIX_SPAWN
ToolRun run_qgis_tool(const std::vector<std::string>& argv) {
  ToolRun result;
  result.output = argv[0] + ": running it is only built for POSIX systems (posix_spawn)";
  return result;
}
#else
ToolRun run_qgis_tool(const std::vector<std::string>& argv) {
  std::array<int, 2> pipe_fds{};
  if (::pipe(pipe_fds.data()) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  ToolRun result;
  if (spawned != 0) {
    ::close(pipe_fds[0]);
    result.output = argv[0] + ": " + std::strerror(spawned);
    return result;
  }
  std::array<char, 4096> buffer{};
  for (;;) {
    const ssize_t n = ::read(pipe_fds[0], buffer.data(), buffer.size());
    if (n > 0) {
      result.output.append(buffer.data(), static_cast<size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  ::close(pipe_fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}
#endif

std::string last_line(const std::string& text) {
  const size_t end = text.find_last_not_of('\n');
  if (end == std::string::npos) return "";
  const size_t newline = text.rfind('\n', end);
  const size_t begin = newline == std::string::npos ? 0 : newline + 1;
  return text.substr(begin, end + 1 - begin);
}

std::string find_qgis_tool(const std::string& name, const char* env_var) {
  if (const char* tool = std::getenv(env_var); tool && *tool) {
    return is_executable(tool) ? tool : "";
  }
  std::error_code ec;
  // Linux's name of this program; elsewhere the link is missing, ec is set and PATH is searched.
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec && is_executable(self.parent_path() / name)) return (self.parent_path() / name).string();
  if (const char* path = std::getenv("PATH")) {
    std::string folders = path;
    size_t start = 0;
    while (start <= folders.size()) {
      const size_t end = std::min(folders.find(kPathListSeparator, start), folders.size());
      const std::string folder = folders.substr(start, end - start);
      if (!folder.empty() && is_executable(fs::path(folder) / name)) return (fs::path(folder) / name).string();
      start = end + 1;
    }
  }
  return "";
}

std::string find_qgis_project_tool() { return find_qgis_tool(kTool, "PARKLAYERS_QGIS_PROJECT_TOOL"); }

QgisProjectResult add_qgis_project(const std::string& geopackage, QgisProjectMode mode) {
  QgisProjectResult result;
  if (mode == QgisProjectMode::Off) return result;
  const std::string tool = find_qgis_project_tool();
  if (tool.empty()) {
    const std::string why = std::string("no QGIS project stored in ") + geopackage + ": " + kTool +
                            " (built with the QGIS plugin where QGIS is installed) is neither next to "
                            "parklayers nor on PATH";
    if (mode == QgisProjectMode::Required) throw std::runtime_error(why);
    result.outcome = QgisProjectResult::Outcome::ToolMissing;
    result.message = why + "; its layers still open styled in QGIS.";
    return result;
  }
  const ToolRun ran = run_qgis_tool({tool, geopackage});
  if (ran.exit_code != 0) {
    const std::string why = "storing the QGIS project in " + geopackage + " failed (" + tool + ", exit status " +
                            std::to_string(ran.exit_code) + "): " + last_line(ran.output);
    if (mode == QgisProjectMode::Required) throw std::runtime_error(why);
    result.outcome = QgisProjectResult::Outcome::Failed;
    result.message = why;
    return result;
  }
  result.outcome = QgisProjectResult::Outcome::Written;
  result.message = last_line(ran.output);
  return result;
}

namespace {

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

std::optional<StoredProject> postgres_qgis_project(const std::string& geopackage, const std::string& database,
                                                   const std::string& schema, QgisProjectMode mode,
                                                   QgisProjectResult& result) {
  if (mode == QgisProjectMode::Off) return std::nullopt;
  const std::string shown = describe_database(database);
  const std::string tool = find_qgis_project_tool();
  if (tool.empty()) {
    const std::string why = std::string("no QGIS project stored in ") + shown + ": " + kTool +
                            " (built with the QGIS plugin where QGIS is installed) is neither next to "
                            "parklayers nor on PATH";
    if (mode == QgisProjectMode::Required) throw std::runtime_error(why);
    result.outcome = QgisProjectResult::Outcome::ToolMissing;
    result.message = why + "; its tables still open styled in QGIS.";
    return std::nullopt;
  }
  // Beside the hidden GeoPackage, removed with it. The tool gets libpq's words without the
  // password: it never sees it, so the project cannot hold it.
  const fs::path qgz = fs::path(geopackage).parent_path() / "project.qgz";
  const ToolRun ran = run_qgis_tool({tool, geopackage, "--postgres", pg_conninfo(pg_name_without_password(database)), "--schema",
                       schema, "--qgz", qgz.string()});
  std::optional<std::string> bytes, name;
  if (ran.exit_code == 0) {
    bytes = read_file(qgz);
    name = read_file(qgz.string() + ".name");
  }
  if (!bytes || !name || name->empty()) {
    const std::string why = "laying out the QGIS project for " + shown + " failed (" + tool + ", exit status " +
                            std::to_string(ran.exit_code) + "): " + last_line(ran.output);
    if (mode == QgisProjectMode::Required) throw std::runtime_error(why);
    result.outcome = QgisProjectResult::Outcome::Failed;
    result.message = why;
    return std::nullopt;
  }
  result.outcome = QgisProjectResult::Outcome::Written;
  result.message = "Stored the QGIS project \"" + *name + "\" in schema " + quote_identifier(schema) + " of " + shown;
  return StoredProject{schema, *name, *bytes};
}

}  // namespace parklayers::cli
