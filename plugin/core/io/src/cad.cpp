// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/io/cad.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <memory>

#include <ogr_geometry.h>

namespace parklayers {
namespace {

std::string lower_extension(const std::string& path) {
  std::string extension = std::filesystem::path(path).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

std::string trim(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

}  // namespace

bool is_dwg(const std::string& path) {
  if (lower_extension(path) == ".dwg") return true;
  std::ifstream in(path, std::ios::binary);
  char head[6] = {};
  in.read(head, sizeof head);
  // A DWG starts with its version, "AC1015" and so on; a DXF with a group code line.
  return in.gcount() == 6 && std::string(head, 4) == "AC10" && std::isdigit(static_cast<unsigned char>(head[4]));
}

std::string dxf_version(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  // The header comes first, $ACADVER near its top: a group code line (9), the name, a group
  // code line (1), the value. Only the first lines are read.
  std::string line;
  bool next_is_version = false;
  for (int n = 0; n < 4000 && std::getline(in, line); ++n) {
    const std::string value = trim(line);
    if (next_is_version && value != "1") return value;
    if (value == "$ACADVER") {
      next_is_version = true;
    } else if (value == "ENTITIES") {
      break;
    }
  }
  return "";
}

bool dxf_is_utf8(const std::string& path) {
  const std::string version = dxf_version(path);
  if (version.size() < 3 || version.compare(0, 2, "AC") != 0) return false;
  return std::atoi(version.c_str() + 2) >= 1021;
}

void close_dxf_line(OGRFeature& feature) {
  OGRGeometry* geometry = feature.GetGeometryRef();
  if (!geometry || wkbFlatten(geometry->getGeometryType()) != wkbLineString) return;
  const int classes = feature.GetFieldIndex("SubClasses");
  if (classes < 0) return;
  // LWPOLYLINE: AcDbPolyline; POLYLINE: AcDb2dPolyline or AcDb3dPolyline. A SPLINE or a CIRCLE
  // (tessellated into a closed line) is no polyline. A DXF R12 has no subclasses: its closed
  // lines are taken as polylines, as they nearly always are.
  const std::string subclasses = feature.GetFieldAsString(classes);
  if (!subclasses.empty() && subclasses.find("Polyline") == std::string::npos) return;
  const OGRLineString* line = geometry->toLineString();
  if (line->getNumPoints() < 4 || !line->get_IsClosed()) return;
  auto ring = std::make_unique<OGRLinearRing>();
  ring->addSubLineString(line);
  auto polygon = std::make_unique<OGRPolygon>();
  polygon->addRingDirectly(ring.release());
  polygon->assignSpatialReference(geometry->getSpatialReference());
  feature.SetGeometryDirectly(polygon.release());
}

}  // namespace parklayers
