#!/usr/bin/env bash
# The benchmark of issue 5: parklayers against GDAL's ogr2ogr/ogrinfo and QGIS's qgis_process,
# side by side in one run, median of 3 runs each, with peak memory (max RSS).
#
# Usage: tests/bench/run.sh [BUILD_DIR] [N[:MINV:MAXV]...]   (default: build 200000 2000000)
# N parcels of MINV to MAXV vertices (default 4 to 12, one in ten with a hole); 200000:4:4 gives
# the plain 4-vertex parcels the figures quoted in issue 5 were measured on.
# Needs: the project built in BUILD_DIR, gdal-bin, GNU time (/usr/bin/time), qgis (for
# qgis_process; skipped without it).
# Data (synthetic parcels, tests/bench/synth_parcels.cpp, seed 20261125) and outputs go to
# $PARKLAYERS_BENCH_DIR (default /tmp/parklayers-bench); prints a Markdown table.
set -euo pipefail
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
    [ -n "$cleanup" ] && rm -rf "$cleanup"
    sync
    if ! /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > /dev/null 2> "$work/stderr.txt"; then
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
  results="$work/results_${size//:/_}.txt"
  echo
  echo "## $label ($(du -m "$input" | cut -f1) MB)"
  {
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
    if "$parklayers" --help | grep -q "convert INPUT"; then
      measure "convert-3" "$work/convert" sh -c "mkdir -p '$work/convert' && '$parklayers' convert '$input' -o '$work/convert' -f GPKG -f GeoJSON -f 'ESRI Shapefile' -q"
    fi
  } | tee "$results" | awk '{printf "| %s | %.2f s | %d MB |\n", $1, $2, $3}'
  awk -v n="$n" '
    {t[$1]=$2}
    END {
      printf "ratios at %d: area -o / ogr2ogr copy = %.2f; qgis_process / area -o = %.2f; ", n, t["area-o"]/t["ogr2ogr-gpkg"], (t["qgis_process"] ? t["qgis_process"]/t["area-o"] : 0)
      three = t["ogr2ogr-gpkg"] + t["ogr2ogr-geojson"] + t["ogr2ogr-shp"]
      if (t["convert-3"]) printf "convert 3 formats / 3 ogr2ogr runs = %.2f", t["convert-3"]/three
      printf "\n"
    }' "$results"
  # The floor: PROJ's Karney area alone, one core.
  [ -x "$build/tests/bench/karney_scan" ] && "$build/tests/bench/karney_scan" "$input"
done
