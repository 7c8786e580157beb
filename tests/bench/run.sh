#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The performance benchmark: parklayers against GDAL's ogr2ogr/ogrinfo and QGIS's qgis_process,
# side by side in one run, median of 3 runs each, with peak memory (max RSS).
#
# Usage: tests/bench/run.sh [--write-docs] [--postgis-only] [BUILD_DIR] [N[:MINV:MAXV]...]
#        (default: build 200000 2000000)
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
# Needs: the project built in BUILD_DIR, gdal-bin, GNU time (/usr/bin/time), qgis (for
# qgis_process; skipped without it), postgresql-15-postgis-3 and psql (for the PostGIS section).
# Data (synthetic parcels, tests/bench/synth_parcels.cpp, seed 20261125) and outputs go to
# $PARKLAYERS_BENCH_DIR (default /tmp/parklayers-bench); prints a Markdown table.
set -euo pipefail
docs=${PARKLAYERS_BENCH_DOCS:-}
[ -z "$docs" ] || docs=$(realpath -m -- "$docs")  # relative to the caller's folder, not the repository's
postgis_only=0
while [ "${1:-}" = "--write-docs" ] || [ "${1:-}" = "--postgis-only" ]; do
  if [ "$1" = "--write-docs" ]; then
    [ -n "$docs" ] || docs=docs/performance.md
  else
    postgis_only=1
  fi
  shift
done
arguments="${*:+ $*}"  # for the page's command to regenerate it
[ "$postgis_only" = 0 ] || arguments=" --postgis-only$arguments"
cd "$(dirname "$0")/../.."
build=${1:-build}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(200000 2000000)
work=${PARKLAYERS_BENCH_DIR:-/tmp/parklayers-bench}
mkdir -p "$work"
parklayers="$build/plugin/cli/parklayers"
synth="$build/tests/bench/synth_parcels"
[ -x "$parklayers" ] && [ -x "$synth" ] || { echo "build first: $parklayers, $synth" >&2; exit 2; }
qgis_process=/usr/bin/qgis_process.bin
runs=${PARKLAYERS_BENCH_RUNS:-3}

# measure NAME CLEANUP_PATH COMMAND...: runs the command $runs times (removing CLEANUP_PATH
# before each), prints "NAME median_seconds max_rss_MB".
measure() {
  local name=$1 cleanup=$2
  shift 2
  local times=() peak=0
  for _ in $(seq "$runs"); do
    # CLEANUP_PATH "sql:STATEMENTS": SQL run on the bench's database before each run instead.
    if [ "${cleanup#sql:}" != "$cleanup" ]; then
      PGOPTIONS="-c client_min_messages=warning" psql "$pg_conn" -qAt -v ON_ERROR_STOP=1 <<< "${cleanup#sql:}" > /dev/null
    elif [ -n "$cleanup" ]; then
      rm -rf "$cleanup"
    fi
    sync
    # `check` exits 1 when a figure fails, which is a result here, not a failure.
    local status=0
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > /dev/null 2> "$work/stderr.txt" || status=$?
    if [ "$status" -ne 0 ] && ! { [ "$status" -eq 1 ] && [ "${2:-}" = check ]; }; then
      echo "$name failed:" >&2
      cat "$work/stderr.txt" >&2
    fi
    local seconds kb
    read -r seconds kb < <(tail -1 "$work/time.txt")
    times+=("$seconds")
    [ "$kb" -gt "$peak" ] && peak=$kb
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$name $median $((peak / 1024))"
}

# The PostGIS server, when there is one to start.
pg_conn=""
pg_bin=/usr/lib/postgresql/15/bin
if [ "${PARKLAYERS_BENCH_POSTGIS:-1}" != 0 ] && [ -x "$pg_bin/initdb" ] && command -v psql > /dev/null; then
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
with_commas() { printf '%s' "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'; }
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
chmod 644 "$page"  # mktemp makes it private; the page is for everyone
mv -f "$page" "$docs"
echo "Wrote $docs"
