// SPDX-License-Identifier: GPL-2.0-or-later
// RFC 7946 check of GeoJSON files with an independent checker, @placemarkio/check-geojson
// (its getIssues), plus what it does not look at: no "crs" member, counter-clockwise
// exterior rings and clockwise holes, longitude/latitude ranges, at most 7 decimals.
// Usage: node check_geojson.js NODE_MODULES_DIR FILE...; prints one line per problem, exits 1
// if there is any.
'use strict';
const fs = require('fs');
const path = require('path');
const checker = require(path.join(process.argv[2], '@placemarkio', 'check-geojson'));
let problems = 0;
const report = (file, what) => { console.log(file + ': ' + what); problems++; };

// Twice the signed planar area of a ring in lon/lat: positive when counter-clockwise.
const signed = (ring) => {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return sum;
};
const polygons = (geometry) => geometry.type === 'Polygon' ? [geometry.coordinates]
  : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
const positions = (coordinates, out) => {
  if (typeof coordinates[0] === 'number') out.push(coordinates);
  else coordinates.forEach((c) => positions(c, out));
  return out;
};

for (const file of process.argv.slice(3)) {
  const text = fs.readFileSync(file, 'utf8');
  for (const issue of checker.getIssues(text)) report(file, 'check-geojson: ' + issue.message);
  const doc = JSON.parse(text);
  if ('crs' in doc) report(file, 'has a crs member');
  for (const feature of doc.features || []) {
    if (!feature.geometry) continue;
    for (const polygon of polygons(feature.geometry)) {
      polygon.forEach((ring, i) => {
        if (i === 0 && signed(ring) <= 0) report(file, 'exterior ring not counter-clockwise');
        if (i > 0 && signed(ring) >= 0) report(file, 'hole not clockwise');
      });
    }
    for (const p of positions(feature.geometry.coordinates, [])) {
      if (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) report(file, 'not lon/lat: ' + p);
    }
  }
  // Coordinates with more than 7 decimals, in the raw text of the coordinates arrays.
  for (const match of text.matchAll(/"coordinates":\s*(\[[^}]*\])/g)) {
    if (/\d\.\d{8,}/.test(match[1])) report(file, 'a coordinate has more than 7 decimals');
  }
}
process.exit(problems ? 1 : 0);
