#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Regenerates geodata/anting/web/: the built Anting park in GCJ-02, as GeoJSON for Chinese web
# maps (Amap, Tencent), with the tool itself: `parklayers build`, then `parklayers convert -f
# GeoJSON --t_srs GCJ02`. The files are named LAYER_gcj02.geojson so that, even copied into a
# source folder, they are never read as the park's own layers (parcels.*, ...).
#
# Usage: geodata/tools/make_anting_web.sh [PARKLAYERS] [OUTDIR]
#   PARKLAYERS  the parklayers program (default: parklayers on PATH)
#   OUTDIR      where to write (default: geodata/anting/web beside this script)
# tests/cli/convert_cli_test.cpp runs it into a temporary folder and compares the coordinates
# with the committed files.
set -eu
geodata=$(cd "$(dirname "$0")/.." && pwd)
parklayers=${1:-parklayers}
outdir=${2:-$geodata/anting/web}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
"$parklayers" build "$geodata/anting" -o "$work/anting_park.gpkg" -q
"$parklayers" convert "$work/anting_park.gpkg" -o "$work/web" -f GeoJSON --t_srs GCJ02 -q
mkdir -p "$outdir"
for layer in parcels buildings roads amenities park_boundary; do
  cp "$work/web/anting_park/$layer.geojson" "$outdir/${layer}_gcj02.geojson"
done
