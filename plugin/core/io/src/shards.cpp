// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/io/shards.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include <libpq-fe.h>

#include "parklayers/gis/error.h"
#include "parklayers/io/postgres.h"

namespace parklayers {
namespace {

constexpr char kSeparator = '\x1f';  // between the options of an array, as the query joins them

// "key=value" options (pg_foreign_server.srvoptions and its kin), joined by kSeparator.
std::vector<std::pair<std::string, std::string>> options_of(const std::string& joined) {
  std::vector<std::pair<std::string, std::string>> options;
  size_t pos = 0;
  while (pos < joined.size()) {
    const size_t end = std::min(joined.find(kSeparator, pos), joined.size());
    const std::string option = joined.substr(pos, end - pos);
    if (const size_t eq = option.find('='); eq != std::string::npos) {
      options.emplace_back(option.substr(0, eq), option.substr(eq + 1));
    }
    pos = end + 1;
  }
  return options;
}

std::string option(const std::vector<std::pair<std::string, std::string>>& options, const std::string& key,
                   const std::string& otherwise) {
  for (const auto& [k, v] : options) {
    if (k == key) return v;
  }
  return otherwise;
}

// libpq's own connection keys (host, port, dbname, sslmode, ...): the foreign server's options
// that are not postgres_fdw's (extensions, async_capable, fetch_size, ...).
const std::set<std::string>& libpq_keys() {
  static const std::set<std::string> keys = [] {
    std::set<std::string> out;
    PQconninfoOption* defaults = PQconndefaults();
    for (const PQconninfoOption* o = defaults; o != nullptr && o->keyword != nullptr; ++o) out.insert(o->keyword);
    PQconninfoFree(defaults);
    return out;
  }();
  return keys;
}

// A table as GDAL names its layer: schema.table, the schema left out when it is public.
std::string layer_name(const std::string& schema, const std::string& table) {
  return schema == "public" ? table : schema + "." + table;
}

}  // namespace

std::optional<ShardedTable> find_shards(const SourceName& input, const std::string& layer) {
  if (!input.is_database() || layer.empty()) return std::nullopt;
  const PgConnection coordinator(input.text());
  PgTable table;
  try {
    table = pg_table(coordinator, input.text(), layer);
  } catch (const InputError&) {
    return std::nullopt;  // no table of that name: GDAL's reading says so in its own words
  }
  if (table.kind != 'p') return std::nullopt;
  const std::string sep = "chr(31)";
  const auto leaves = coordinator.query(
      "select n.nspname, c.relname, c.relkind, coalesce(s.srvname, ''), coalesce(w.fdwname, ''), "
      "coalesce(s.oid::text, ''), coalesce(array_to_string(ft.ftoptions, " + sep + "), ''), "
      "coalesce(array_to_string(s.srvoptions, " + sep + "), ''), "
      "(select quote_ident(pn.nspname) || '.' || quote_ident(pc.relname) from pg_class pc "
      " join pg_namespace pn on pn.oid = pc.relnamespace where pc.oid = $1::oid), current_user "
      "from pg_partition_tree($1::oid) p join pg_class c on c.oid = p.relid "
      "join pg_namespace n on n.oid = c.relnamespace "
      "left join pg_foreign_table ft on ft.ftrelid = c.oid left join pg_foreign_server s on s.oid = ft.ftserver "
      "left join pg_foreign_data_wrapper w on w.oid = s.srvfdw "
      "where p.isleaf order by n.nspname, c.relname",
      {table.oid});
  ShardedTable sharded;
  sharded.parent = layer;
  bool any_foreign = false;
  for (const auto& leaf : leaves) {
    ShardPartition partition;
    partition.partition = layer_name(leaf[0], leaf[1]);
    if (leaf[2] == "r") {
      partition.database = input;
      partition.table = partition.partition;
      partition.shown = coordinator.description();
      sharded.partitions.push_back(std::move(partition));
      continue;
    }
    if (leaf[2] != "f") continue;
    if (leaf[4] != "postgres_fdw") {
      throw InputError(Location{input.display(), layer, -1, "", ""},
                       "its partition " + partition.partition + " is a foreign table of " +
                           (leaf[4].empty() ? std::string("no foreign server") : leaf[4]) +
                           ", and only postgres_fdw's are read on their own server");
    }
    any_foreign = true;
    partition.server = leaf[3];
    const auto table_options = options_of(leaf[6]);
    partition.table = layer_name(option(table_options, "schema_name", leaf[0]), option(table_options, "table_name", leaf[1]));
    std::string conninfo;
    for (const auto& [key, value] : options_of(leaf[7])) {
      if (libpq_keys().count(key) && key != "user" && key != "password") {
        conninfo += (conninfo.empty() ? "" : " ") + key + "=" + quote_value(value);
      }
    }
    // The current user's own mapping, else PUBLIC's (umuser 0), as postgres_fdw picks it.
    const auto mapping = coordinator.query(
        "select coalesce(array_to_string(umoptions, chr(31)), '') from pg_user_mappings "
        "where srvid = $1::oid and (umuser = 0 or umuser = (select oid from pg_roles where rolname = current_user)) "
        "order by umuser = 0 limit 1",
        {leaf[5]});
    const auto user_options = mapping.empty() ? decltype(options_of("")){} : options_of(mapping[0][0]);
    conninfo += " user=" + quote_value(option(user_options, "user", leaf[9]));
    for (const char* key : {"password", "sslpassword", "sslcert", "sslkey"}) {
      const std::string value = option(user_options, key, "");
      if (!value.empty()) conninfo += std::string(" ") + key + "=" + quote_value(value);
    }
    partition.database = SourceName("PG:" + conninfo);
    partition.shown = describe_database(partition.database.text());
    sharded.partitions.push_back(std::move(partition));
  }
  if (!any_foreign) return std::nullopt;
  return sharded;
}

std::size_t shard_jobs(int requested, std::size_t partitions) {
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t jobs = requested > 0 ? static_cast<std::size_t>(requested) : cores;
  return std::max<std::size_t>(1, std::min(jobs, partitions));
}

void for_each_partition(std::size_t count, std::size_t jobs, const std::function<void(std::size_t)>& work) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr first_error;
  std::mutex mutex;
  const auto run = [&] {
    for (std::size_t i = next++; i < count && !failed; i = next++) {
      try {
        work(i);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(mutex);
        if (!first_error) first_error = std::current_exception();
        failed = true;
      }
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < std::min(jobs, count); ++t) threads.emplace_back(run);
  run();
  for (std::thread& thread : threads) thread.join();
  if (first_error) std::rethrow_exception(first_error);
}

std::function<void(const Problem&)> one_at_a_time(std::mutex& mutex, const std::function<void(const Problem&)>& report) {
  if (!report) return nullptr;
  return [&mutex, report](const Problem& problem) {
    const std::lock_guard<std::mutex> lock(mutex);
    report(problem);
  };
}

}  // namespace parklayers
