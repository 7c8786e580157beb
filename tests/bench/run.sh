#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The performance benchmark: parklayers against GDAL's ogr2ogr/ogrinfo and QGIS's qgis_process,
# side by side in one run, median of 3 runs each, with peak memory (max RSS).
#
# Usage: tests/bench/run.sh [--write-docs] [--postgis-only] [BUILD_DIR] [N[:MINV:MAXV]...]
#        (default: build 200000 2000000)
#        tests/bench/run.sh [--write-docs] --sharded-only [BUILD_DIR] [N]   (default: build 4000000)
# N parcels of MINV to MAXV vertices (default 4 to 12, one in ten with a hole); 200000:4:4 gives
# plain 4-vertex parcels. For the default layout, also a cadastre of N parcels (synth_parcels
# --tiled): `area --json` beside `check --json`, the check table and `check --overlaps`.
# --write-docs also writes docs/performance.md: what is measured, the date, the machine and the
# table of this run. $PARKLAYERS_BENCH_DOCS=PATH writes that page to PATH instead (with or
# without --write-docs). Without either, only stdout is written.
# PostGIS: the same parcels loaded into a throwaway PostgreSQL 15 + PostGIS server of the bench's
# own (tests/support/pg_server, stopped at the end), where `area --json` is measured beside
# PostGIS's own COPY (SELECT fid, ST_Area(geom::geography) ...) TO STDOUT, and `area --update`
# beside ALTER TABLE ... ADD COLUMN + UPDATE ... SET area_m2 = ST_Area(geom::geography), each on a
# fresh identical copy of the table; and on land records (synth_parcels --tiled, a cadastre of N
# parcels), `check --overlaps` beside PostGIS's own self-join. --postgis-only measures that section alone;
# PARKLAYERS_BENCH_POSTGIS=0 leaves it out (it is also left out without PostgreSQL 15).
# Sharded cadastre (--sharded-only, run alone: six servers and about half an hour at 4,000,000):
# N parcels (a multiple of 4) in 4 counties, each county a partition of cadastre.parcels on a
# coordinator, a postgres_fdw foreign table on a shard server of its own (tests/support/pg_shards),
# beside the same rows in one plain table on one server; area --update, check --json and
# check --overlaps beside PostGIS's own statements on each, with what every server did during
# each run (rows from its statistics, CPU time and bytes from /proc). --write-docs then rewrites
# only that part of docs/performance.md (between its markers); a run of the other sections keeps it.
# Needs: the project built in BUILD_DIR, gdal-bin, GNU time (/usr/bin/time), qgis (for
# qgis_process; skipped without it), postgresql-15-postgis-3 and psql (for the PostGIS section),
# strace (for the sharded section).
# Data (synthetic parcels, tests/bench/synth_parcels.cpp, seed 20261125) and outputs go to
# $PARKLAYERS_BENCH_DIR (default /tmp/parklayers-bench); prints a Markdown table.
set -euo pipefail
docs=${PARKLAYERS_BENCH_DOCS:-}
[ -z "$docs" ] || docs=$(realpath -m -- "$docs")  # relative to the caller's folder, not the repository's
postgis_only=0
sharded_only=0
while [ "${1:-}" = "--write-docs" ] || [ "${1:-}" = "--postgis-only" ] || [ "${1:-}" = "--sharded-only" ]; do
  if [ "$1" = "--write-docs" ]; then
    [ -n "$docs" ] || docs=docs/performance.md
  elif [ "$1" = "--postgis-only" ]; then
    postgis_only=1
  else
    sharded_only=1
  fi
  shift
done
arguments="${*:+ $*}"  # for the page's command to regenerate it
[ "$postgis_only" = 0 ] || arguments=" --postgis-only$arguments"
[ "$sharded_only" = 0 ] || arguments=" --sharded-only$arguments"
cd "$(dirname "$0")/../.."
build=${1:-build}
shift || true
sizes=("$@")
sharded_n=${sizes[0]:-4000000}  # --sharded-only: the parcels of the sharded cadastre
[ ${#sizes[@]} -gt 0 ] || sizes=(200000 2000000)
work=${PARKLAYERS_BENCH_DIR:-/tmp/parklayers-bench}
mkdir -p "$work"
parklayers="$build/plugin/cli/parklayers"
synth="$build/tests/bench/synth_parcels"
[ -x "$parklayers" ] && [ -x "$synth" ] || { echo "build first: $parklayers, $synth" >&2; exit 2; }
qgis_process=/usr/bin/qgis_process.bin
runs=${PARKLAYERS_BENCH_RUNS:-3}

# measure NAME CLEANUP_PATH COMMAND...: runs the command $runs times (removing CLEANUP_PATH
# before each), prints "NAME median_seconds max_rss_MB". Its stdout goes to $stdout_to when set
# (the last run's), else to /dev/null.
measure() {
  local name=$1 cleanup=$2
  shift 2
  local times=() peak=0
  for _ in $(seq "$runs"); do
    # CLEANUP_PATH "sql:STATEMENTS": SQL run on the bench's database before each run instead.
    if [ "${cleanup#sql:}" != "$cleanup" ]; then
      PGOPTIONS="-c client_min_messages=warning" psql "$pg_conn" -qAt -v ON_ERROR_STOP=1 <<< "${cleanup#sql:}" > /dev/null
    elif [ "${cleanup#run:}" != "$cleanup" ]; then
      ${cleanup#run:}  # "run:FUNCTION": a function of this script (the sharded section's resets)
    elif [ -n "$cleanup" ]; then
      rm -rf "$cleanup"
    fi
    sync
    # $on_run, when set, is called before and after each run (the sharded section's counters).
    [ -z "${on_run:-}" ] || "$on_run" before "$name"
    # `check` exits 1 when a figure fails, which is a result here, not a failure.
    local status=0
    /usr/bin/time -f "%e %M %U %S" -o "$work/time.txt" "$@" > "${stdout_to:-/dev/null}" 2> "$work/stderr.txt" || status=$?
    [ -z "${on_run:-}" ] || "$on_run" after "$name"
    if [ "$status" -ne 0 ] && ! { [ "$status" -eq 1 ] && [ "${2:-}" = check ]; }; then
      echo "$name failed:" >&2
      cat "$work/stderr.txt" >&2
    fi
    local seconds kb
    read -r seconds kb _ < <(tail -1 "$work/time.txt")
    times+=("$seconds")
    [ "$kb" -gt "$peak" ] && peak=$kb
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$name $median $((peak / 1024))"
}

with_commas() { printf '%s' "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'; }

# The sharded cadastre (--sharded-only): one coordinator, 4 shards and one single server, all
# tests/support/pg_server's, in $work/sharded; sharded_bench N measures, write_sharded_docs
# writes its part of the page.
sh_dir="$work/sharded"
sh_counties=(310114 310115 310116 310117)
sh_names=(coordinator shard1 shard2 shard3 shard4 single)
sh_dirs=("$sh_dir/coordinator" "$sh_dir/shards/shard1" "$sh_dir/shards/shard2" "$sh_dir/shards/shard3"
  "$sh_dir/shards/shard4" "$sh_dir/single")
sh_conns=()
sh_columns="fid bigint not null, county text not null, stated_m2 numeric(12,2), name text,
  geom geometry(MultiPolygon, 4490) not null"
sh_drop_areas="drop column if exists area_m2, drop column if exists area_mu, drop column if exists area_ha,
  drop column if exists gk_area_m2, drop column if exists gk_crs"
# What a server's statistics say it did: rows returned and fetched (the whole database, catalogs
# included), rows of the cadastre's tables read by sequential and index scans, rows updated.
sh_counters_sql="select (select tup_returned + tup_fetched from pg_stat_database where datname = current_database()),
  (select coalesce(sum(seq_tup_read + coalesce(idx_tup_fetch, 0)), 0) from pg_stat_user_tables where schemaname = 'cadastre'),
  (select coalesce(sum(n_tup_upd), 0) from pg_stat_user_tables where schemaname = 'cadastre')"

# server_usage DIR: "CPU_TICKS BYTES_READ BYTES_WRITTEN" of a pg_server's processes so far, from
# /proc: the postmaster's counters take in those of its backends once they have ended (the
# kernel adds a child's CPU time and I/O to its parent's when the parent reaps it), and the
# processes still running are added. Bytes are those of read and write system calls: sockets,
# and files too.
server_usage() {
  local pm pid ticks=0 rchar=0 wchar=0 stat io f
  pm=$(head -1 "$1/data/postmaster.pid")
  for pid in "$pm" $(ps -o pid= --ppid "$pm"); do
    # A process that ended since the list was made is skipped (the servers are idle then).
    if ! stat=$(sed 's/.*) //' "/proc/$pid/stat" 2> /dev/null) || ! io=$(cat "/proc/$pid/io" 2> /dev/null); then
      continue
    fi
    read -r -a f <<< "$stat"
    ticks=$((ticks + f[11] + f[12]))
    [ "$pid" != "$pm" ] || ticks=$((ticks + f[13] + f[14]))
    rchar=$((rchar + $(awk '$1 == "rchar:" {print $2}' <<< "$io")))
    wchar=$((wchar + $(awk '$1 == "wchar:" {print $2}' <<< "$io")))
  done
  echo "$ticks $rchar $wchar"
}

# sharded_probe before|after NAME: every server's counters before and after one run; after it,
# appends "SERVER CPU_SECONDS BYTES_READ BYTES_WRITTEN TUPLES ROWS_READ ROWS_UPDATED" a server
# (the differences) to $sh_dir/probe_NAME.txt, "client CPU_SECONDS" for the command itself (user
# + system, GNU time's), and "sockets 0 RECEIVED SENT": the bytes the coordinator's processes
# received and sent on their sockets (from clients and shards alike), counted by strace attached
# to its postmaster and following its backends. The kernel's rchar and wchar leave sockets out
# (send and recv are not read and write), hence strace; only on the coordinator, which is off the
# data's path when parklayers goes to the shards, so the tracing slows no shard. The probe's own
# queries run outside the /proc window (statistics first before, last after); they add a few
# catalog rows to the statistics.
sharded_probe() {
  local k usage counters
  if [ "$1" = after ]; then
    sleep 1  # the run's backends report their statistics as they end
    kill -INT "$sh_strace"
    wait "$sh_strace" || true
  fi
  for k in "${!sh_names[@]}"; do
    if [ "$1" = before ]; then
      counters=$(psql "${sh_conns[k]}" -qAt -F ' ' -c "$sh_counters_sql")
      usage=$(server_usage "${sh_dirs[k]}")
    else
      usage=$(server_usage "${sh_dirs[k]}")
      counters=$(psql "${sh_conns[k]}" -qAt -F ' ' -c "$sh_counters_sql")
    fi
    echo "${sh_names[k]} $usage $counters"
  done > "$sh_dir/probe.$1"
  if [ "$1" = before ]; then
    strace -f -qq -s 0 -e trace=sendto,recvfrom -e signal=none -o "$sh_dir/strace.txt" \
      -p "$(head -1 "${sh_dirs[0]}/data/postmaster.pid")" 2> /dev/null &
    sh_strace=$!
    sleep 0.5  # attached before the run starts
    return 0
  fi
  # A call's byte count ends its line ("= N"; an interrupted call's on its "resumed" line).
  awk '/= [0-9]+$/ {if (/recvfrom/) r += $NF; else if (/sendto/) s += $NF}
       END {print "sockets 0", r + 0, s + 0, 0, 0, 0}' "$sh_dir/strace.txt" >> "$sh_dir/probe_$2.txt"
  paste -d ' ' "$sh_dir/probe.before" "$sh_dir/probe.after" | awk -v hz="$(getconf CLK_TCK)" \
    '{print $1, ($9 - $2) / hz, $10 - $3, $11 - $4, $12 - $5, $13 - $6, $14 - $7}' >> "$sh_dir/probe_$2.txt"
  tail -1 "$work/time.txt" | awk '{print "client", $3 + $4, 0, 0, 0, 0, 0}' >> "$sh_dir/probe_$2.txt"
}

# sharded_grid N: "W H DLON DLAT" of one county of N parcels: W columns by H rows of cells of
# about 1,000 m2 from 121.0 E, 30.75 N, the counties side by side from west to east.
sharded_grid() {
  awk -v n="$1" 'BEGIN {
    w = int(sqrt(n)); if (w * w < n) w++; h = int((n + w - 1) / w)
    dlat = sqrt(1000) / 110574; dlon = sqrt(1000) / (111320 * cos((30.75 + h * dlat / 2) * atan2(0, -1) / 180))
    printf "%d %d %.17g %.17g\n", w, h, dlon, dlat
  }'
}

# sharded_rows_sql C N TABLE: the SQL that fills TABLE with county C's N parcels (C from 0), the
# same rows on a shard and on the single server: a jittered grid of quadrilaterals, each sharing
# its corners exactly with its neighbours (a node's jitter is a hash of the node alone, up to a
# twentieth of a cell), about one in 1,000 with its north-east corner pushed over its neighbours
# by a fifth of a cell, one in 50 stating 5 m2 more than its area. FIDs run on across counties.
# Then, for C below 3, the two parcels planted across C's eastern border (FIDs after 4 N): half a
# cell in each county, overlapping one parcel of each.
sharded_rows_sql() {
  local c=$1 n=$2 table=$3 w h dlon dlat
  read -r w h dlon dlat < <(sharded_grid "$n")
  cat << SQL
create or replace function pg_temp.node(i bigint, j bigint) returns geometry language sql immutable as \$\$
  select ST_MakePoint(121.0 + (i + 0.1 * ((hashint8extended(i * 1000003 + j, 1) & 1048575)::float8 / 1048576 - 0.5)) * $dlon,
                      30.75 + (j + 0.1 * ((hashint8extended(i * 1000003 + j, 2) & 1048575)::float8 / 1048576 - 0.5)) * $dlat)
\$\$;
insert into $table (fid, county, stated_m2, name, geom)
select fid, '${sh_counties[c]}', round(ST_Area(geom::geography)::numeric, 2) + case when fid % 50 = 7 then 5 else 0 end,
       'parcel ' || fid, geom
from (select fid, ST_Multi(ST_SetSRID(ST_MakePolygon(ST_MakeLine(array[
               pg_temp.node(i, j), pg_temp.node(i + 1, j),
               case when abs(hashint8extended(fid, 3)) % 1000 = 0
                    then ST_Translate(pg_temp.node(i + 1, j + 1), 0.2 * $dlon, 0.2 * $dlat)
                    else pg_temp.node(i + 1, j + 1) end,
               pg_temp.node(i, j + 1), pg_temp.node(i, j)])), 4490)) as geom
      from (select $c * $n + k + 1 as fid, $c * $w + k % $w as i, k / $w as j
            from generate_series(0::bigint, $n - 1) k) cells) parcels;
SQL
  [ "$c" -lt 3 ] || return 0
  cat << SQL
insert into $table (fid, county, stated_m2, name, geom)
select fid, '${sh_counties[c]}', round(ST_Area(geom::geography)::numeric, 2), 'across the border', geom
from (select 4 * $n + 2 * $c + t + 1 as fid,
             ST_Multi(ST_MakeEnvelope(121.0 + ($((c + 1)) * $w - 0.5) * $dlon, 30.75 + (j + 0.3) * $dlat,
                                      121.0 + ($((c + 1)) * $w + 0.5) * $dlon, 30.75 + (j + 0.7) * $dlat, 4490)) as geom
      from (values (0, $h / 3), (1, 2 * $h / 3)) v(t, j)) planted;
SQL
}

# sharded_table_sql TABLE: its primary key and GiST index, made after the rows (faster).
sharded_table_sql() {
  printf 'alter table %s add primary key (fid);\ncreate index on %s using gist (geom);\nvacuum analyze %s;\n' "$1" "$1" "$1"
}

# The resets before each update, not timed: the area columns dropped and the table vacuumed, so
# that every run rewrites every row into the same table; the same on both sides.
reset_sharded() {
  PGOPTIONS="-c client_min_messages=warning" psql "${sh_conns[0]}" -qAt -v ON_ERROR_STOP=1 \
    -c "alter table cadastre.parcels $sh_drop_areas"
  local k
  for k in 1 2 3 4; do
    PGOPTIONS="-c client_min_messages=warning" psql "${sh_conns[k]}" -qAt -v ON_ERROR_STOP=1 \
      -c "alter table cadastre.parcels_${sh_counties[k - 1]} $sh_drop_areas" -c "vacuum cadastre.parcels_${sh_counties[k - 1]}"
  done
}
reset_single() {
  PGOPTIONS="-c client_min_messages=warning" psql "${sh_conns[5]}" -qAt -v ON_ERROR_STOP=1 \
    -c "alter table cadastre.parcels $sh_drop_areas" -c "vacuum cadastre.parcels"
}
# Before PostGIS's UPDATE, its column made too: ALTER TABLE on the coordinator changes only its
# own definition of the partitions, not the shards' tables.
reset_sharded_sql() {
  reset_sharded
  psql "${sh_conns[0]}" -qAt -v ON_ERROR_STOP=1 -c "alter table cadastre.parcels add column area_m2 double precision"
  local k
  for k in 1 2 3 4; do
    psql "${sh_conns[k]}" -qAt -v ON_ERROR_STOP=1 -c "alter table cadastre.parcels_${sh_counties[k - 1]} add column area_m2 double precision"
  done
}
reset_single_sql() {
  reset_single
  psql "${sh_conns[5]}" -qAt -v ON_ERROR_STOP=1 -c "alter table cadastre.parcels add column area_m2 double precision"
}

sharded_bench() {
  local n=$1 k start
  [ $((n % 4)) = 0 ] || { echo "--sharded-only: N must be a multiple of 4 (4 counties)" >&2; exit 2; }
  [ -x "$pg_bin/initdb" ] && command -v psql > /dev/null \
    || { echo "--sharded-only: no PostgreSQL 15 with psql here (postgresql-15-postgis-3)" >&2; exit 2; }
  trap 'tests/support/pg_shards stop "$sh_dir/shards"; tests/support/pg_server stop "$sh_dir/coordinator";
        tests/support/pg_server stop "$sh_dir/single"' EXIT
  rm -rf "$sh_dir"
  tests/support/pg_server start "$sh_dir/coordinator" > /dev/null
  tests/support/pg_server start "$sh_dir/single" > /dev/null
  tests/support/pg_shards start "$sh_dir/shards" 4 > /dev/null
  for k in 0 5; do
    psql "$(cat "${sh_dirs[k]}/conninfo") dbname=postgres" -qAt -c "create database bench template parks_template"
  done
  sh_conns[0]="$(cat "${sh_dirs[0]}/conninfo") dbname=bench"
  sh_conns[5]="$(cat "${sh_dirs[5]}/conninfo") dbname=bench"
  tests/support/pg_shards database "$sh_dir/shards" "${sh_conns[0]}" bench
  for k in 1 2 3 4; do
    sh_conns[k]="$(sed -n "${k}p" "$sh_dir/shards/shards") dbname=bench"
  done

  # The same rows, generated by SQL on each server (no file to load): the single server's 4
  # counties in one job, the shards' one county each one after another in the other.
  local n4=$((n / 4)) sql
  start=$(date +%s.%N)
  {
    sql="create schema cadastre; create table cadastre.parcels ($sh_columns);"
    for k in 0 1 2 3; do sql+=$(sharded_rows_sql "$k" "$n4" cadastre.parcels); done
    psql "${sh_conns[5]}" -qAt -v ON_ERROR_STOP=1 > /dev/null <<< "$sql
      $(sharded_table_sql cadastre.parcels)"
  } &
  local single_job=$!
  for k in 1 2 3 4; do
    local table="cadastre.parcels_${sh_counties[k - 1]}"
    psql "${sh_conns[k]}" -qAt -v ON_ERROR_STOP=1 > /dev/null <<< "create schema cadastre; create table $table ($sh_columns);
      $(sharded_rows_sql $((k - 1)) "$n4" "$table")
      $(sharded_table_sql "$table")"
  done
  wait "$single_job"
  sql="create schema cadastre; create table cadastre.parcels ($sh_columns) partition by list (county);"
  for k in 1 2 3 4; do
    sql+="create foreign table cadastre.parcels_${sh_counties[k - 1]} partition of cadastre.parcels
            for values in ('${sh_counties[k - 1]}') server shard$k
            options (schema_name 'cadastre', table_name 'parcels_${sh_counties[k - 1]}');"
  done
  psql "${sh_conns[0]}" -qAt -v ON_ERROR_STOP=1 -c "$sql"
  # The coordinator's statistics of its foreign tables: without them its planner joins the
  # partitions itself, pulling every row, instead of having each shard join its own. (PostgreSQL
  # 15's ANALYZE of a foreign table reads all its rows once.)
  psql "${sh_conns[0]}" -qAt -v ON_ERROR_STOP=1 -c "analyze cadastre.parcels"
  awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f\n", b - a}' > "$sh_dir/load_seconds.txt"
  echo
  echo "## Sharded cadastre: $n parcels in 4 counties (+ 6 across their borders), 4 shards beside one server"
  echo "(generated on the servers in $(cat "$sh_dir/load_seconds.txt") s)"

  local coordinator="PG:${sh_conns[0]}" single="PG:${sh_conns[5]}"
  local stated=(--layer cadastre.parcels --stated stated_m2 --method ellipsoidal)
  local stated_sql="COPY (SELECT fid, stated_m2, ST_Area(geom::geography) FROM cadastre.parcels
    WHERE abs(stated_m2 - ST_Area(geom::geography)) > 0.005) TO STDOUT"
  # As the script's PostGIS section does it, but with NOT ST_Touches (the same pairs of polygons)
  # for ST_Relate(..., 'T********'): postgres_fdw ships no function taking a text constant (its
  # collation is not a foreign column's), and the coordinator would then test every touching pair
  # itself. Through the coordinator also keyed on the county, which is what lets each shard join
  # its own partition (and what misses the pairs across two).
  local overlaps_sql="COPY (SELECT a.fid, b.fid, ST_Area(ST_Intersection(a.geom, b.geom)::geography)
    FROM cadastre.parcels a JOIN cadastre.parcels b ON %s a.fid + 0 < b.fid + 0 AND ST_Intersects(a.geom, b.geom)
    AND NOT ST_Touches(a.geom, b.geom) ORDER BY a.fid, b.fid) TO STDOUT"
  local partitionwise="-c enable_partitionwise_join=on -c enable_partitionwise_aggregate=on"
  rm -f "$sh_dir"/probe_*.txt
  {
    on_run=sharded_probe measure sharded-check-json "" "$parklayers" check "$coordinator" "${stated[@]}" --json
    on_run=sharded_probe measure single-check-json "" "$parklayers" check "$single" "${stated[@]}" --json
    on_run=sharded_probe stdout_to="$sh_dir/sharded-sql-stated.out" measure sharded-sql-stated "" \
      env PGOPTIONS="$partitionwise" psql "${sh_conns[0]}" -qAt -c "$stated_sql"
    on_run=sharded_probe stdout_to="$sh_dir/single-sql-stated.out" measure single-sql-stated "" \
      psql "${sh_conns[5]}" -qAt -c "$stated_sql"
    # Once each, not a median, as in the PostGIS section: minutes each at 4,000,000 parcels.
    runs=1 on_run=sharded_probe measure sharded-check-overlaps "" "$parklayers" check "$coordinator" "${stated[@]}" --overlaps --json
    runs=1 on_run=sharded_probe measure single-check-overlaps "" "$parklayers" check "$single" "${stated[@]}" --overlaps --json
    # shellcheck disable=SC2059
    runs=1 on_run=sharded_probe stdout_to="$sh_dir/sharded-sql-overlaps.out" measure sharded-sql-overlaps "" \
      env PGOPTIONS="$partitionwise" psql "${sh_conns[0]}" -qAt -c "$(printf "$overlaps_sql" "a.county = b.county AND")"
    # shellcheck disable=SC2059
    runs=1 on_run=sharded_probe stdout_to="$sh_dir/single-sql-overlaps.out" measure single-sql-overlaps "" \
      psql "${sh_conns[5]}" -qAt -c "$(printf "$overlaps_sql" "")"
    # The updates once each too: a minute or more each at 4,000,000 parcels, after a vacuum.
    runs=1 on_run=sharded_probe stdout_to="$sh_dir/sharded-area-update.out" measure sharded-area-update run:reset_sharded \
      "$parklayers" area "$coordinator" --layer cadastre.parcels --update
    runs=1 on_run=sharded_probe measure single-area-update run:reset_single \
      "$parklayers" area "$single" --layer cadastre.parcels --update
    runs=1 on_run=sharded_probe measure sharded-sql-update run:reset_sharded_sql \
      psql "${sh_conns[0]}" -qAt -v ON_ERROR_STOP=1 -c "UPDATE cadastre.parcels SET area_m2 = ST_Area(geom::geography)"
    runs=1 on_run=sharded_probe measure single-sql-update run:reset_single_sql \
      psql "${sh_conns[5]}" -qAt -v ON_ERROR_STOP=1 -c "UPDATE cadastre.parcels SET area_m2 = ST_Area(geom::geography)"
  } | tee "$sh_dir/results.txt" | awk '{printf "| %s | %.2f s | %d MB |\n", $1, $2, $3}'
  echo "$n" > "$sh_dir/parcels.txt"
  sharded_spread
}

# probe_mean NAME SERVER FIELD: the mean over NAME's runs of one counter of one server (FIELD 2
# CPU seconds, 3 bytes read, 4 bytes written, 5 tuples, 6 rows read, 7 rows updated).
probe_mean() {
  awk -v s="$2" -v f="$3" '$1 == s {t += $f; n++} END {printf "%.6f", n ? t / n : 0}' "$sh_dir/probe_$1.txt" 2> /dev/null || printf 0
}

bytes_text() { awk -v b="$1" 'BEGIN {printf (b < 1e6 ? "%.1f kB" : "%.1f MB"), (b < 1e6 ? b / 1e3 : b / 1e6)}'; }

# sharded_spread: where the work of each sharded run went, as a Markdown table: each shard's rows
# and CPU time (and for area --update its own line), the coordinator's rows, bytes and CPU time,
# the client's CPU time, and beside them the single server's and the client's CPU time in the
# same run on one server.
sharded_spread() {
  local run k rows upd cpu line total_rows
  local -A what=([check-json]='`check --json`' [sql-stated]='PostGIS: stated against `ST_Area`'
    [check-overlaps]='`check --overlaps --json`' [sql-overlaps]='PostGIS: the self-join'
    [area-update]='`area --update`' [sql-update]='PostGIS: `UPDATE ... ST_Area`')
  echo
  printf '| per run |'
  for k in 1 2 3 4; do printf ' shard%d: county %s |' "$k" "${sh_counties[k - 1]}"; done
  echo ' coordinator | the client (`parklayers` or `psql`) | one server, the same run: server, client |'
  echo '|---|---|---|---|---|---|---|---|'
  for run in check-json sql-stated check-overlaps sql-overlaps area-update sql-update; do
    [ -f "$sh_dir/probe_sharded-$run.txt" ] || continue
    printf '| %s |' "${what[$run]}"
    total_rows=0
    for k in 1 2 3 4; do
      total_rows=$(awk -v a="$total_rows" -v b="$(probe_mean "sharded-$run" "shard$k" 6)" 'BEGIN {print a + b}')
    done
    for k in 1 2 3 4; do
      rows=$(probe_mean "sharded-$run" "shard$k" 6)
      upd=$(probe_mean "sharded-$run" "shard$k" 7)
      cpu=$(probe_mean "sharded-$run" "shard$k" 2)
      printf ' %s rows read (%s %%)' "$(with_commas "$(printf '%.0f' "$rows")")" \
        "$(awk -v a="$rows" -v t="$total_rows" 'BEGIN {printf "%.0f", (t > 0 ? 100 * a / t : 0)}')"
      awk -v u="$upd" 'BEGIN {exit !(u > 0)}' && printf ', %s updated' "$(with_commas "$(printf '%.0f' "$upd")")"
      printf ', %.1f s CPU' "$cpu"
      if [ "$run" = area-update ] && [ -f "$sh_dir/sharded-area-update.out" ]; then
        line=$(sed -n "s/^  cadastre\.parcels_${sh_counties[k - 1]} on .*: \([0-9]*\) rows, [0-9]* changed, \([0-9.]*\) s$/\1 rows in \2 s/p" \
          "$sh_dir/sharded-area-update.out")
        [ -z "$line" ] || printf '; its line: %s %s' "$(with_commas "${line%% *}")" "${line#* }"
      fi
      printf ' |'
    done
    printf ' %s tuples, %s in and %s out on its sockets, %.2f s CPU |' \
      "$(with_commas "$(printf '%.0f' "$(probe_mean "sharded-$run" coordinator 5)")")" \
      "$(bytes_text "$(probe_mean "sharded-$run" sockets 3)")" "$(bytes_text "$(probe_mean "sharded-$run" sockets 4)")" \
      "$(probe_mean "sharded-$run" coordinator 2)"
    printf ' %.1f s CPU |' "$(probe_mean "sharded-$run" client 2)"
    printf ' %.1f s CPU, %.1f s CPU |\n' "$(probe_mean "single-$run" single 2)" "$(probe_mean "single-$run" client 2)"
  done
}

# sharded_page_part: the sharded section's part of docs/performance.md, between its markers.
sharded_page_part() {
  local n cell_s cell_1 name
  n=$(cat "$sh_dir/parcels.txt")
  local -A row_text=(
    [area-update]='`parklayers area PG:... --layer cadastre.parcels --update` (5 columns; once)'
    [sql-update]='PostGIS: `UPDATE cadastre.parcels SET area_m2 = ST_Area(geom::geography)` (one column; once)'
    [check-json]='`parklayers check PG:... --layer cadastre.parcels --stated stated_m2 --method ellipsoidal --json > /dev/null`'
    [sql-stated]='PostGIS: `COPY (SELECT fid, stated_m2, ST_Area(geom::geography) FROM cadastre.parcels WHERE abs(stated_m2 - ST_Area(geom::geography)) > 0.005) TO STDOUT`'
    [check-overlaps]='`parklayers check ... --overlaps --json > /dev/null` (the same, and every overlapping pair; once)'
    [sql-overlaps]='PostGIS: `COPY (SELECT a.fid, b.fid, ST_Area(ST_Intersection(a.geom, b.geom)::geography) ... a.fid + 0 < b.fid + 0 AND ST_Intersects(a.geom, b.geom) AND NOT ST_Touches(a.geom, b.geom) ...) TO STDOUT`, through the coordinator also `a.county = b.county` (once)'
  )
  echo '<!-- sharded: begin -->'
  echo '## A sharded cadastre: 4 shards beside one server'
  echo
  echo "\`tests/bench/run.sh --sharded-only\` measures a cadastre spread over several PostgreSQL servers"
  echo "beside the same rows on one server. The rows: $(with_commas "$n") parcels in 4 counties of"
  echo "$(with_commas $((n / 4))), each county a block of a jittered grid of quadrilaterals of about 1,000 m2"
  echo "(EPSG:4490) beside the next, neighbours sharing their corners exactly; about one parcel in 1,000"
  echo "has a corner pushed over its neighbours, one in 50 states 5 m2 more than its area (\`stated_m2\`,"
  echo "numeric to the hundredth), and 6 more parcels are planted across the counties' borders, each"
  echo "overlapping a parcel on either side. On one server they are one plain table \`cadastre.parcels\`"
  echo "(\`fid\` its primary key, a GiST index). Sharded, each county is a table of its own on a shard"
  echo "server of its own (\`tests/support/pg_shards\`, \`fid\` the primary key, a GiST index), and a"
  echo "\`postgres_fdw\` foreign table, a partition of \`cadastre.parcels\` partitioned by list (county), on a"
  echo "coordinator: the layout of [scale](scale.md#a-cadastre-over-several-servers). The rows are generated by the same SQL on each"
  echo "server. All six servers are the bench's throwaway ones (\`tests/support/pg_server\`, above), on"
  echo "127.0.0.1 on this one machine: the shards share its cores with each other, with the coordinator"
  echo "and with \`parklayers\`, so here sharding shows how the work is split, not a speed-up."
  echo
  echo "\`parklayers\` works on two partitions at once (\`--jobs\` defaults to the cores), each on its own"
  echo "shard, connecting to it directly. PostGIS's statements run through the coordinator with"
  echo "\`enable_partitionwise_join\` and \`enable_partitionwise_aggregate\` on, so that each shard does its"
  echo "own county's part. The checks of stated areas are timed as the median of $runs runs; the"
  echo "updates and the overlap checks once each (each takes minutes at millions of parcels, and each"
  echo "update first needs the table vacuumed); wall clock. Each memory figure is the client's peak"
  echo "resident memory (\`parklayers\` or \`psql\`). Before each update (not timed) the area columns"
  echo "are dropped and the table vacuumed, on both sides alike; PostGIS's \`UPDATE\` then gets its"
  echo "\`area_m2\` column, made on the shards' tables too (\`ALTER TABLE\` on the coordinator changes"
  echo "only its own definitions)."
  echo
  echo "Where the work went, for each sharded run (mean over its runs): each server's statistics"
  echo "before and after it, \`pg_stat_user_tables\` (rows read by sequential and index scans,"
  echo "\`seq_tup_read + idx_tup_fetch\`, and rows updated, \`n_tup_upd\`) and for the coordinator"
  echo "\`pg_stat_database\` (\`tup_returned + tup_fetched\`, catalogs included); each server's CPU time,"
  echo "from \`/proc/PID/stat\` of its postmaster (whose counters take in its backends' as they end) and"
  echo "of its processes still running; and the bytes the coordinator's processes received and sent"
  echo "on their sockets, from clients and from shards alike (what went through it), summed from"
  echo "\`strace -f -e trace=sendto,recvfrom\` attached to its postmaster during the run. (The kernel's"
  echo "\`/proc/PID/io\` \`rchar\`/\`wchar\` leave sockets out.) The client's CPU time (user + system) is"
  echo "GNU time's: \`parklayers\` computes the areas itself, so that is where the measuring is;"
  echo "\`psql\` only prints what the servers computed."
  echo
  echo "To measure again and rewrite this part of the page (the rest stays as it is):"
  echo
  echo '```sh'
  echo "bash tests/bench/run.sh --write-docs$arguments"
  echo '```'
  echo
  echo "Measured on $(date -u +%Y-%m-%d) on $machine; every server PostgreSQL $(psql "${sh_conns[5]}" -qAt \
    -c 'show server_version' 2> /dev/null | awk '{print $1}') with PostGIS $(psql "${sh_conns[5]}" -qAt \
    -c 'select postgis_lib_version()' 2> /dev/null)."
  echo "Generating and indexing the rows on the five servers that hold them (and the coordinator's"
  echo "\`ANALYZE\`) took $(cat "$sh_dir/load_seconds.txt") s."
  echo
  echo "| $(with_commas "$n") parcels + 6 | one server | 4 shards, through a coordinator |"
  echo "|---|---|---|"
  for name in area-update sql-update check-json sql-stated check-overlaps sql-overlaps; do
    cell_1=$(cell "$sh_dir/results.txt" "single-$name")
    cell_s=$(cell "$sh_dir/results.txt" "sharded-$name")
    case $name in
      sql-stated | sql-overlaps)
        [ ! -f "$sh_dir/single-$name.out" ] || cell_1+=" ($(with_commas "$(wc -l < "$sh_dir/single-$name.out")") rows)"
        [ ! -f "$sh_dir/sharded-$name.out" ] || cell_s+=" ($(with_commas "$(wc -l < "$sh_dir/sharded-$name.out")") rows)"
        ;;
    esac
    echo "| ${row_text[$name]} | $cell_1 | $cell_s |"
  done
  sharded_spread
  echo '<!-- sharded: end -->'
}

# write_sharded_docs: the page with its sharded part replaced (or added at its end).
write_sharded_docs() {
  local part page
  part=$(mktemp)
  sharded_page_part > "$part"
  page=$(mktemp "$(dirname "$docs")/.performance.XXXXXX")
  if [ -f "$docs" ] && grep -q '^<!-- sharded: begin -->$' "$docs"; then
    awk -v part="$part" '
      /^<!-- sharded: begin -->$/ {while ((getline line < part) > 0) print line; skip = 1; next}
      /^<!-- sharded: end -->$/ {skip = 0; next}
      !skip' "$docs" > "$page"
  else
    { [ ! -s "$docs" ] || { cat "$docs"; echo; }; cat "$part"; } > "$page"
  fi
  rm -f "$part"
  chmod 644 "$page"
  mv -f "$page" "$docs"
  echo "Wrote the sharded part of $docs"
}

# The PostGIS server, when there is one to start.
pg_conn=""
pg_bin=/usr/lib/postgresql/15/bin
if [ "$sharded_only" = 0 ] && [ "${PARKLAYERS_BENCH_POSTGIS:-1}" != 0 ] && [ -x "$pg_bin/initdb" ] && command -v psql > /dev/null; then
  pg_dir="$work/pg-server"
  trap 'tests/support/pg_server stop "$pg_dir"' EXIT
  tests/support/pg_server start "$pg_dir" > /dev/null
  pg_server_conn=$(cat "$pg_dir/conninfo")
  psql "$pg_server_conn dbname=postgres" -qAt -c "create database bench template parks_template"
  pg_conn="$pg_server_conn dbname=bench"
elif [ "$postgis_only" = 1 ]; then
  echo "--postgis-only: no PostgreSQL 15 with psql here (postgresql-15-postgis-3)" >&2
  exit 2
fi

rm -f "$work/sizes.txt"
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr); GDAL $(gdal-config --version)"
if [ "$sharded_only" = 1 ]; then
  sharded_bench "$sharded_n"
  sizes=()  # the other sections are left out
fi
for size in "${sizes[@]}"; do
  IFS=: read -r n minv maxv <<< "$size"
  if [ -n "${minv:-}" ]; then
    input="$work/parcels_${n}_${minv}-${maxv}.gpkg"
    label="$n parcels of $minv-$maxv vertices"
    [ -f "$input" ] || "$synth" "$input" "$n" 20261125 "$minv" "$maxv"
  else
    input="$work/parcels_$n.gpkg"
    label="$n parcels of 4-12 vertices, 10 % with a hole"
    [ -f "$input" ] || "$synth" "$input" "$n"
  fi
  records=""
  if [ -z "${minv:-}" ]; then
    records="$work/records_$n.gpkg"
    [ -f "$records" ] || "$synth" --tiled "$records" "$n"
  fi
  results="$work/results_${size//:/_}.txt"
  echo
  echo "## $label ($(du -m "$input" | cut -f1) MB)"
  {
   if [ "$postgis_only" = 0 ]; then
    measure "ogrinfo-scan" "" ogrinfo -al -q "$input"
    measure "area-json" "" "$parklayers" area "$input" --json
    measure "ogr2ogr-gpkg" "$work/copy.gpkg" ogr2ogr -f GPKG "$work/copy.gpkg" "$input"
    measure "area-o" "$work/area.gpkg" "$parklayers" area "$input" -o "$work/area.gpkg"
    if [ -x "$qgis_process" ]; then
      mkdir -p "$work/qgis-profile"
      measure "qgis_process" "$work/qgis.gpkg" env QT_QPA_PLATFORM=offscreen \
        QGIS_CUSTOM_CONFIG_PATH="$work/qgis-profile" "$qgis_process" run \
        qgis:exportaddgeometrycolumns --ellipsoid=EPSG:7030 --INPUT="$input" --CALC_METHOD=2 \
        --OUTPUT="$work/qgis.gpkg"
    fi
    measure "ogr2ogr-geojson" "$work/copy.geojson" ogr2ogr -f GeoJSON -lco RFC7946=YES "$work/copy.geojson" "$input"
    measure "ogr2ogr-shp" "$work/copy_shp" ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 "$work/copy_shp" "$input"
    if "$parklayers" convert --help > /dev/null 2>&1; then
      measure "convert-3" "$work/convert" sh -c "mkdir -p '$work/convert' && '$parklayers' convert '$input' -o '$work/convert' -f GPKG -f GeoJSON -f 'ESRI Shapefile' -q"
    fi
   fi
   if [ -n "$records" ]; then
    # Land records: a cadastre of the same size (synth_parcels --tiled), every parcel stating
    # "0.1" ha, neighbours sharing their corners, one in 1,000 overlapping: area --json beside
    # check (table, JSON) and check --overlaps, all printing every row.
    [ "$postgis_only" = 1 ] || {
      measure "records-area-json" "" "$parklayers" area "$records" --json
      measure "records-check-json" "" "$parklayers" check "$records" --json
      measure "records-check-table" "" "$parklayers" check "$records"
      measure "records-check-overlaps" "" "$parklayers" check "$records" --overlaps --json
    }
   fi
    if [ -n "$pg_conn" ]; then
      # The layer as a PostGIS table (fid the primary key, geom with its spatial index), loaded
      # once with ogr2ogr (timed once: pg-load); the updates each get a fresh copy of it.
      table="parcels_${size//:/_}"
      start=$(date +%s.%N)
      PG_USE_COPY=YES ogr2ogr -f PostgreSQL "PG:$pg_conn" "$input" -nln "$table" -overwrite \
        -lco GEOMETRY_NAME=geom -lco FID=fid > /dev/null
      psql "$pg_conn" -qAt -c "vacuum analyze $table"
      echo "pg-load $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {print b - a}') 0"
      copy_table="drop table if exists updated; create table updated (like $table including all);
        insert into updated select * from $table; vacuum analyze updated"
      measure "pg-area-json" "" "$parklayers" area "PG:$pg_conn" --layer "$table" --json
      measure "pg-copy-st-area" "" psql "$pg_conn" -qAt -c \
        "COPY (SELECT fid, ST_Area(geom::geography) FROM $table) TO STDOUT"
      measure "pg-area-update" "sql:$copy_table" "$parklayers" area "PG:$pg_conn" --layer updated --update
      measure "pg-sql-update" "sql:$copy_table" psql "$pg_conn" -qAt -v ON_ERROR_STOP=1 -c \
        "ALTER TABLE updated ADD COLUMN area_m2 float8" -c "UPDATE updated SET area_m2 = ST_Area(geom::geography)"
      psql "$pg_conn" -qAt -c "drop table updated; drop table $table"
      if [ -n "$records" ]; then
        # The land records as a table: check --overlaps (the pairs found by the database, their
        # areas measured here) beside PostGIS's own self-join measuring the same pairs. Both
        # compare fids as fid + 0: with a plain a.fid < b.fid PostgreSQL 15 also scans half the
        # primary key for every row (30 times slower on 200,000 parcels).
        PG_USE_COPY=YES ogr2ogr -f PostgreSQL "PG:$pg_conn" "$records" -nln records -overwrite \
          -lco GEOMETRY_NAME=geom -lco FID=fid > /dev/null
        psql "$pg_conn" -qAt -c "vacuum analyze records"
        # Once each, not a median: the database relates every pair of touching neighbours, minutes
        # at 2,000,000 parcels.
        runs=1 measure "pg-check-overlaps" "" "$parklayers" check "PG:$pg_conn" --layer records --overlaps --json
        runs=1 measure "pg-sql-overlaps" "" psql "$pg_conn" -qAt -c \
          "COPY (SELECT a.fid, b.fid, ST_Area(ST_Intersection(a.geom, b.geom)::geography) FROM records a
             JOIN records b ON a.fid + 0 < b.fid + 0 AND ST_Intersects(a.geom, b.geom)
             AND ST_Relate(a.geom, b.geom, 'T********') ORDER BY a.fid, b.fid) TO STDOUT"
        psql "$pg_conn" -qAt -c "drop table records"
      fi
    fi
  } | tee "$results" | awk '{printf "| %s | %.2f s | %d MB |\n", $1, $2, $3}'
  awk -v n="$n" '
    {t[$1]=$2}
    END {
      printf "ratios at %d:", n
      if (t["ogr2ogr-gpkg"]) printf " area -o / ogr2ogr copy = %.2f; qgis_process / area -o = %.2f;", t["area-o"]/t["ogr2ogr-gpkg"], (t["qgis_process"] ? t["qgis_process"]/t["area-o"] : 0)
      three = t["ogr2ogr-gpkg"] + t["ogr2ogr-geojson"] + t["ogr2ogr-shp"]
      if (t["convert-3"]) printf " convert 3 formats / 3 ogr2ogr runs = %.2f;", t["convert-3"]/three
      if (t["pg-copy-st-area"]) printf " PostGIS: area --json / COPY ST_Area = %.2f;", t["pg-area-json"]/t["pg-copy-st-area"]
      if (t["pg-sql-update"]) printf " area --update / ALTER+UPDATE = %.2f;", t["pg-area-update"]/t["pg-sql-update"]
      if (t["records-area-json"]) printf " check --json / area --json = %.2f; check --overlaps / area --json = %.2f;", t["records-check-json"]/t["records-area-json"], t["records-check-overlaps"]/t["records-area-json"]
      if (t["pg-sql-overlaps"]) printf " PostGIS: check --overlaps / self-join = %.2f", t["pg-check-overlaps"]/t["pg-sql-overlaps"]
      printf "\n"
    }' "$results"
  # The floor: PROJ's Karney area alone, one core.
  if [ "$postgis_only" = 1 ]; then
    rm -f "$work/karney_${size//:/_}.txt"
  elif [ -x "$build/tests/bench/karney_scan" ]; then
    "$build/tests/bench/karney_scan" "$input" | tee "$work/karney_${size//:/_}.txt"
  else
    rm -f "$work/karney_${size//:/_}.txt"
  fi
  echo "$size|$label|$(du -m "$input" | cut -f1)" >> "$work/sizes.txt"
done

[ -n "$docs" ] || exit 0

# docs/performance.md, from this run's results: one column per size, one row per command.
version_of() {  # version_of NAME COMMAND...: the first line of COMMAND's output, or "unknown"
  local name=$1 out
  shift
  out=$("$@" 2> /dev/null | head -1) || true
  echo "$name ${out:-unknown}"
}
cpu=$(lscpu 2> /dev/null | sed -n 's/^Model name: *//p' | head -1)
os=$(. /etc/os-release 2> /dev/null && echo "${PRETTY_NAME:-}")
machine="${cpu:-unknown CPU}, $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB of memory, \
$(uname -sr)${os:+, $os}; $(version_of GDAL gdal-config --version), \
$(version_of PROJ pkg-config --modversion proj), $(version_of GEOS geos-config --version), \
$(version_of QGIS dpkg-query -W -f='${Version}' qgis)"
rows=(ogrinfo-scan area-json ogr2ogr-gpkg area-o qgis_process ogr2ogr-geojson ogr2ogr-shp convert-3
  records-area-json records-check-json records-check-table records-check-overlaps
  pg-load pg-area-json pg-copy-st-area pg-area-update pg-sql-update pg-check-overlaps pg-sql-overlaps)
declare -A row_label=(
  [ogrinfo-scan]='`ogrinfo -al -q` (reads and prints every feature)'
  [area-json]='`parklayers area IN --json > /dev/null`'
  [ogr2ogr-gpkg]='`ogr2ogr -f GPKG` (plain copy)'
  [area-o]='`parklayers area IN -o OUT.gpkg`'
  [qgis_process]='`qgis_process run qgis:exportaddgeometrycolumns` (ellipsoidal)'
  [ogr2ogr-geojson]='`ogr2ogr -f GeoJSON -lco RFC7946=YES`'
  [ogr2ogr-shp]='`ogr2ogr -f "ESRI Shapefile"`'
  [convert-3]='`parklayers convert -f GPKG -f GeoJSON -f "ESRI Shapefile"`'
  [records-area-json]='land records: `parklayers area IN --json > /dev/null`'
  [records-check-json]='land records: `parklayers check IN --json > /dev/null` (every row)'
  [records-check-table]='land records: `parklayers check IN > /dev/null` (the table, every row)'
  [records-check-overlaps]='land records: `parklayers check IN --overlaps --json > /dev/null`'
  [pg-check-overlaps]='PostGIS, land records: `parklayers check PG:... --layer T --overlaps --json > /dev/null` (once)'
  [pg-sql-overlaps]='PostGIS, land records: `psql -c "COPY (SELECT a.fid, b.fid, ST_Area(ST_Intersection(a.geom, b.geom)::geography) ... ST_Intersects ... ST_Relate ... ) TO STDOUT"` (once)'
  [pg-load]='PostGIS: the layer loaded with `ogr2ogr -f PostgreSQL` (once, not a median)'
  [pg-area-json]='PostGIS: `parklayers area PG:... --layer T --json > /dev/null`'
  [pg-copy-st-area]='PostGIS: `psql -c "COPY (SELECT fid, ST_Area(geom::geography) FROM T) TO STDOUT"`'
  [pg-area-update]='PostGIS: `parklayers area PG:... --layer T --update` (5 columns)'
  [pg-sql-update]='PostGIS: `ALTER TABLE T ADD COLUMN area_m2 float8; UPDATE T SET area_m2 = ST_Area(geom::geography)`'
)
# size_name SIZE: how a size is named in the tables, e.g. "200,000 parcels, 4-12 vertices".
size_name() {
  local n minv maxv
  IFS=: read -r n minv maxv <<< "$1"
  minv=${minv:-4} maxv=${maxv:-12}
  if [ "$minv" = "$maxv" ]; then
    echo "$(with_commas "$n") parcels, $minv vertices"
  else
    echo "$(with_commas "$n") parcels, $minv-$maxv vertices"
  fi
}
# cell FILE NAME: "S s, M MB" for NAME in a results file, or "-" when it was not measured.
cell() { awk -v n="$2" '$1 == n {printf ($3 > 0 ? "%.2f s, %d MB" : "%.2f s"), $2, $3; found = 1} END {if (!found) printf "-"}' "$1"; }
if [ "$sharded_only" = 1 ]; then
  write_sharded_docs
  exit 0
fi
mapfile -t size_lines < "$work/sizes.txt"
page=$(mktemp "$(dirname "$docs")/.performance.XXXXXX")
{
  echo "# Performance"
  echo
  echo "\`tests/bench/run.sh\` measures \`parklayers\` side by side with GDAL (\`ogr2ogr\`, \`ogrinfo\`)"
  echo "and QGIS (\`qgis_process\`) in one run, on the same synthetic parcels: N polygons from"
  echo "\`tests/bench/synth_parcels\` (seed 20261125), spread over Shanghai in EPSG:4326 in a GeoPackage,"
  echo "in random order; by default star-shaped polygons of 4 to 12 vertices, 20 to 200 m across, one"
  echo "in ten with a hole. Each time is the median of $runs runs (wall clock); each memory figure is"
  echo "the peak resident memory (max RSS, GNU time) over those runs. The floor rows give the Karney"
  echo "area alone over the same rings, on one core (\`tests/bench/karney_scan\`)."
  echo
  echo "The targets: \`parklayers area -o\` at most 1.15 times the plain \`ogr2ogr\` copy; \`parklayers"
  echo "convert\` to three formats at most 0.7 times the three \`ogr2ogr\` runs; peak memory of"
  echo "\`area -o\` at most 100 MB. On PostGIS: \`parklayers area --json\` at most 1.5 times PostGIS's own"
  echo "\`COPY (SELECT fid, ST_Area(geom::geography) ...) TO STDOUT\`, and \`area --update\` no slower than"
  echo "PostGIS's own \`ALTER TABLE ... ADD COLUMN\` + \`UPDATE ... SET area_m2 = ST_Area(geom::geography)\`"
  echo "(each on a fresh identical copy of the table). The PostgreSQL 15 server is the bench's own"
  echo "throwaway one (\`tests/support/pg_server\`: default settings but \`fsync\` and"
  echo "\`full_page_writes\` off, the same for both sides), on the same machine."
  echo
  echo "Land records: as many parcels as a cadastre, from \`synth_parcels --tiled\` (a jittered grid of"
  echo "quadrilaterals of about 0.1 ha in rows, neighbours sharing their corners exactly, every parcel"
  echo "stating \"0.1\" ha in \`stated_area_ha\`, about one in 1,000 pushed over its neighbours). The"
  echo "targets: \`check --json\` at most 1.3 times \`area --json\` on the same file, \`check --overlaps\`"
  echo "at most 3 times, each at most 150 MB; on PostGIS, \`check --overlaps\` beside PostGIS's own"
  echo "self-join measuring the same pairs."
  echo
  echo "This page is written by the benchmark. To measure again and rewrite it, build the project"
  echo "and run:"
  echo
  echo '```sh'
  echo "bash tests/bench/run.sh --write-docs$arguments"
  echo '```'
  echo
  echo "Measured on $(date -u +%Y-%m-%d) on $machine."
  echo
  header="| |"
  rule="|---|"
  for line in "${size_lines[@]}"; do
    IFS='|' read -r size _ mb <<< "$line"
    header+=" $(size_name "$size") ($mb MB) |"
    rule+="---|"
  done
  echo "$header"
  echo "$rule"
  for name in "${rows[@]}"; do
    printf '| %s |' "${row_label[$name]}"
    for line in "${size_lines[@]}"; do
      IFS='|' read -r size _ <<< "$line"
      printf ' %s |' "$(cell "$work/results_${size//:/_}.txt" "$name")"
    done
    echo
  done
  for which in geod_polygon geodesic_ring_area; do
    if [ "$which" = geod_polygon ]; then
      printf '| floor: Karney alone, one core, PROJ'"'"'s `geod_polygon` (`karney_scan`) |'
    else
      printf '| the same with the core'"'"'s `geodesic_ring_area` |'
    fi
    for line in "${size_lines[@]}"; do
      IFS='|' read -r size _ <<< "$line"
      karney="$work/karney_${size//:/_}.txt"
      if [ -f "$karney" ]; then
        seconds=$(sed -n "s/.* $which \([0-9.]*\) s.*/\1 s/p" "$karney")
        edges=$(sed -n 's/.* \([0-9]*\) edges:.*/\1/p' "$karney")
        [ "$which" = geod_polygon ] && seconds+=" ($(with_commas "$edges") edges)"
        printf ' %s |' "$seconds"
      else
        printf ' - |'
      fi
    done
    echo
  done
  echo
  echo "| target |$(for line in "${size_lines[@]}"; do IFS='|' read -r size _ <<< "$line"; printf ' %s |' "$(size_name "$size")"; done)"
  echo "|---|$(for _ in "${size_lines[@]}"; do printf -- '---|'; done)"
  for target in copy convert memory check-json check-overlaps check-memory pg-json pg-update; do
    case $target in
      copy) printf '| `area -o` / `ogr2ogr` copy, at most 1.15 |' ;;
      convert) printf '| three-format `convert` / three `ogr2ogr` runs, at most 0.7 |' ;;
      memory) printf '| peak memory of `area -o`, at most 100 MB |' ;;
      check-json) printf '| land records: `check --json` / `area --json`, at most 1.3 |' ;;
      check-overlaps) printf '| land records: `check --overlaps` / `area --json`, at most 3 |' ;;
      check-memory) printf '| land records: peak memory of `check --json`, `check --overlaps`, at most 150 MB |' ;;
      pg-json) printf '| PostGIS: `area --json` / `COPY ... ST_Area`, at most 1.5 |' ;;
      pg-update) printf '| PostGIS: `area --update` / `ALTER` + `UPDATE`, at most 1.0 |' ;;
    esac
    for line in "${size_lines[@]}"; do
      IFS='|' read -r size _ <<< "$line"
      awk -v target="$target" '
        {t[$1] = $2; m[$1] = $3}
        END {
          if (target == "copy" && t["ogr2ogr-gpkg"] > 0) {
            r = t["area-o"] / t["ogr2ogr-gpkg"]; printf " %.2f: %s |", r, (r <= 1.15 ? "met" : "not met")
          } else if (target == "convert" && t["convert-3"] > 0) {
            three = t["ogr2ogr-gpkg"] + t["ogr2ogr-geojson"] + t["ogr2ogr-shp"]
            r = t["convert-3"] / three; printf " %.2f: %s |", r, (r <= 0.7 ? "met" : "not met")
          } else if (target == "memory" && ("area-o" in m)) {
            printf " %d MB: %s |", m["area-o"], (m["area-o"] <= 100 ? "met" : "not met")
          } else if (target == "check-json" && t["records-area-json"] > 0) {
            r = t["records-check-json"] / t["records-area-json"]; printf " %.2f: %s |", r, (r <= 1.3 ? "met" : "not met")
          } else if (target == "check-overlaps" && t["records-area-json"] > 0) {
            r = t["records-check-overlaps"] / t["records-area-json"]; printf " %.2f: %s |", r, (r <= 3 ? "met" : "not met")
          } else if (target == "check-memory" && ("records-check-json" in m)) {
            peak = m["records-check-json"] > m["records-check-overlaps"] ? m["records-check-json"] : m["records-check-overlaps"]
            printf " %d MB, %d MB: %s |", m["records-check-json"], m["records-check-overlaps"], (peak <= 150 ? "met" : "not met")
          } else if (target == "pg-json" && t["pg-copy-st-area"] > 0) {
            r = t["pg-area-json"] / t["pg-copy-st-area"]; printf " %.2f: %s |", r, (r <= 1.5 ? "met" : "not met")
          } else if (target == "pg-update" && t["pg-sql-update"] > 0) {
            r = t["pg-area-update"] / t["pg-sql-update"]; printf " %.2f: %s |", r, (r <= 1.0 ? "met" : "not met")
          } else {
            printf " - |"
          }
        }' "$work/results_${size//:/_}.txt"
    done
    echo
  done
} > "$page"
# The sharded section's part, written by --sharded-only, stays as it was.
if [ -f "$docs" ] && grep -q '^<!-- sharded: begin -->$' "$docs"; then
  { echo; sed -n '/^<!-- sharded: begin -->$/,/^<!-- sharded: end -->$/p' "$docs"; } >> "$page"
fi
chmod 644 "$page"  # mktemp makes it private; the page is for everyone
mv -f "$page" "$docs"
echo "Wrote $docs"
