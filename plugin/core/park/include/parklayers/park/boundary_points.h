// SPDX-License-Identifier: GPL-2.0-or-later
// The boundary-point table (界址点成果表) of a layer's parcels: what a land user hands over for a
// parcel, its points with their coordinates and the distances between them, and its areas. Made
// from any polygon layer (a coordinate file through the BAOPAN driver included) for `report
// --points` (the tables after the sheet, in English or Chinese) and `convert -f XLSX` (the same
// rows as a workbook, a sheet per layer).
//
// The conventions, as printed tables have them:
// - X is the northing and Y the easting (the surveyor's order, not GIS's x = easting), in metres
//   to the millimetre, on the layer's own Gauss-Kruger plane as it is (a coordinate file's
//   coordinates, zone number in Y included). A layer on no Gauss-Kruger plane (longitude and
//   latitude, UTM, ...) is projected, parcel by parcel, to the CGCS2000 3-degree zone its planar
//   area is measured in (gis/area.h: EPSG:4534-4554 by the parcel's longitude), and says so;
// - the points are numbered J1, J2, ... continuously across the parcel's rings (the outer ring,
//   then its holes, then the next part's), each ring in the order the layer stores it, and each
//   ring closed by its first point listed again under its own number;
// - the distance on a point's row is to the next point of the ring, computed from the
//   coordinates as listed (rounded to the millimetre), so that a reader can check it from the
//   table; the closing row has none;
// - the planar area is the area on that plane (the shoelace of the layer's own coordinates on a
//   source plane), the ellipsoidal area Karney's on the layer's ellipsoid, both from the
//   existing calculator (gis/area.h), in m2 to 2 decimals, with mu and ha.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <ogrsf_frmts.h>

#include "parklayers/gis/error.h"
#include "parklayers/io/input.h"
#include "parklayers/io/source_name.h"
#include "parklayers/park/report.h"

namespace parklayers {

class CreatedFolder;

struct BoundaryPoint {
  int number = 0;                    // J<number>
  double x = 0;                      // northing, m, rounded to mm
  double y = 0;                      // easting, m, rounded to mm
  std::optional<double> distance_m;  // to the next point; none on a ring's closing row
};

struct BoundaryRing {
  int ring = 1;       // 1, 2, ... across the parcel (圈号)
  bool hole = false;  // an inner ring
  std::vector<BoundaryPoint> points;  // the first point again at the end
};

struct ParcelPoints {
  long long fid = -1;
  std::string id;       // the id field's value (id, BSM, TBBH, 地块编号), else the FID
  std::string name_zh;  // 地块名称 / name / name_zh; "" for none
  std::string name_en;  // name_en, else name_zh
  std::vector<BoundaryRing> rings;
  double planar_m2 = 0;
  double ellipsoidal_m2 = 0;
  std::string plane;       // the CRS X and Y are on: "EPSG:4528"
  bool projected = false;  // the plane is the CGCS2000 zone the layer was projected to
};

struct LayerPoints {
  std::string file;       // the source, as messages name it
  std::string layer;
  std::string ellipsoid;  // of the ellipsoidal areas ("CGCS2000")
  std::vector<ParcelPoints> parcels;  // in the layer's order
};

// The layer's parcels; `crs` is its CRS as read (io/input.h: source_crs), `file` names the source
// in messages. An InputError naming the file, layer and feature for: no CRS, a layer that is no
// polygon layer or a feature that is no polygon, a feature with no geometry, a layer with no
// parcel in it, a parcel that cannot be put on a plane.
LayerPoints layer_boundary_points(OGRLayer& layer, const OGRSpatialReference* crs, const std::string& file);

// The source's layer `layer` (empty: its only one) read as every command reads it (--a_srs,
// --encoding, --where).
LayerPoints boundary_points(const SourceName& source, const InputOptions& options, const std::string& layer);

// Every polygon layer of the source, in its order; a layer without geometry (a table) is left out,
// a layer of points or lines too with a warning in `warnings`. An InputError when none is left.
std::vector<LayerPoints> source_boundary_points(const SourceName& source, const InputOptions& options,
                                                std::vector<Problem>* warnings);

// One parcel's table as the sheet shows it, in a language.
struct PointTable {
  std::string title;                         // "Boundary points of P1 示例地块1" / "界址点成果表：P1 示例地块1"
  std::vector<std::string> headers;          // Ring, Point, X (m), Y (m), Distance (m)
  std::vector<std::vector<std::string>> rows;  // a cell per header; the ring named on its first row
  std::string areas;                         // the planar and ellipsoidal areas, m2, mu, ha
  std::string note;                          // the plane and the conventions above
};

std::vector<PointTable> point_tables(const LayerPoints& layer, Language language);

// "J12"
std::string point_name(int number);

// convert -f XLSX: the boundary points of each input, OUTDIR/STEM.xlsx (GDAL's XLSX driver), a
// sheet per polygon layer with the columns parcel, name, ring, point, x_m, y_m, distance_m and,
// on a parcel's first row, planar_area_m2, ellipsoidal_area_m2 and plane. Constructed before
// anything is written: every input read and checked (InputError), every output's name checked
// (an existing one without overwrite, one that is an input: InputError). commit() writes the
// workbooks under hidden names and renames them into place (a failure: OutputError, nothing
// left behind).
class PointWorkbooks {
 public:
  PointWorkbooks(const std::vector<SourceName>& inputs, const std::string& outdir, const InputOptions& options,
                 bool overwrite);
  ~PointWorkbooks();
  PointWorkbooks(const PointWorkbooks&) = delete;
  PointWorkbooks& operator=(const PointWorkbooks&) = delete;

  const std::vector<Problem>& warnings() const { return warnings_; }
  void commit();
  // The workbooks written, after commit().
  const std::vector<std::string>& files() const { return files_; }

 private:
  struct Book;
  std::unique_ptr<CreatedFolder> folder_;  // OUTDIR, made when missing; outlives the books' staging
  std::vector<Book> books_;
  std::vector<Problem> warnings_;
  std::vector<std::string> files_;
};

}  // namespace parklayers
