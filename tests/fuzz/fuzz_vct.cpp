// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: the VCT driver (GB/T 17798 exchange files) through GDAL's own API, as ogrinfo
// and ogr2ogr use it. The input is a file in /vsimem/, opened with VCT only; every layer's
// features, fields and geometries are read and measured (OGR_G_Area), and each polygon, point and
// line layer is written back through the driver in UTF-8 and in GBK. A file the driver writes must
// read back with the same rings, points and lines, vertex for vertex (it writes each number as the
// shortest text that reads back as the same double): otherwise the target aborts. A refusal (open
// or write failing with a GDAL error) is fine; a crash, a sanitizer report, a leak, a hang or a
// written file that does not read back is a finding.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "parklayers/io/drivers.h"

namespace {

const char* const kFolder = "/vsimem/fuzz_vct";
const char* const kInput = "/vsimem/fuzz_vct/in.vct";

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "fuzz_vct: %s\n", what.c_str());
  std::abort();
}

GDALDatasetUniquePtr open_vct(const char* path) {
  const char* const drivers[] = {"VCT", nullptr};
  return GDALDatasetUniquePtr(GDALDataset::Open(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers));
}

// A feature's rings as (x, y) lists, sorted: the reader orders rings by containment and area, so
// the comparison is of the rings, not of their order.
using Rings = std::vector<std::vector<std::pair<double, double>>>;

Rings rings_of(const OGRGeometry* geometry) {
  Rings rings;
  if (!geometry) return rings;
  std::vector<const OGRPolygon*> polygons;
  if (wkbFlatten(geometry->getGeometryType()) == wkbPolygon) polygons.push_back(geometry->toPolygon());
  if (wkbFlatten(geometry->getGeometryType()) == wkbMultiPolygon) {
    for (const OGRPolygon* polygon : *geometry->toMultiPolygon()) polygons.push_back(polygon);
  }
  for (const OGRPolygon* polygon : polygons) {
    for (const OGRLinearRing* ring : *polygon) {
      rings.emplace_back();
      for (const OGRPoint& point : *ring) rings.back().emplace_back(point.getX(), point.getY());
    }
  }
  // A point or a line: one "ring" of its vertices.
  if (wkbFlatten(geometry->getGeometryType()) == wkbPoint) {
    rings.push_back({{geometry->toPoint()->getX(), geometry->toPoint()->getY()}});
  }
  if (wkbFlatten(geometry->getGeometryType()) == wkbLineString) {
    rings.emplace_back();
    for (const OGRPoint& point : *geometry->toLineString()) rings.back().emplace_back(point.getX(), point.getY());
  }
  std::sort(rings.begin(), rings.end());
  return rings;
}

void read_all(OGRLayer& layer) {
  const GIntBig count = layer.GetFeatureCount(TRUE);
  layer.ResetReading();
  for (OGRFeatureUniquePtr feature(layer.GetNextFeature()); feature; feature.reset(layer.GetNextFeature())) {
    for (int i = 0; i < feature->GetFieldCount(); ++i) (void)feature->GetFieldAsString(i);
    if (OGRGeometry* geometry = feature->GetGeometryRef()) {
      (void)OGR_G_Area(OGRGeometry::ToHandle(geometry));
      OGREnvelope envelope;
      geometry->getEnvelope(&envelope);
    }
  }
  OGRFeatureUniquePtr(layer.GetFeature(1));
  OGRFeatureUniquePtr(layer.GetFeature(count + 1));
}

void write_back(OGRLayer& source, const char* encoding) {
  const OGRwkbGeometryType type = wkbFlatten(source.GetGeomType());
  if (type != wkbPolygon && type != wkbMultiPolygon && type != wkbPoint && type != wkbLineString) return;
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("VCT");
  const std::string path = std::string(kFolder) + "/out_" + encoding + ".vct";
  std::vector<Rings> written;
  {
    const std::string option = std::string("ENCODING=") + encoding;
    char* options[] = {const_cast<char*>(option.c_str()), nullptr};
    GDALDatasetUniquePtr out(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, options));
    if (!out) return;
    OGRLayer* layer = out->CreateLayer(source.GetName(), source.GetSpatialRef(), type, nullptr);
    if (!layer) return;
    OGRFeatureDefn* defn = source.GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) layer->CreateField(defn->GetFieldDefn(i));
    source.ResetReading();
    for (OGRFeatureUniquePtr feature(source.GetNextFeature()); feature; feature.reset(source.GetNextFeature())) {
      OGRFeatureUniquePtr copy(OGRFeature::CreateFeature(layer->GetLayerDefn()));
      copy->SetFrom(feature.get());
      if (layer->CreateFeature(copy.get()) == OGRERR_NONE) written.push_back(rings_of(feature->GetGeometryRef()));
    }
    CPLErrorReset();
  }  // the file is written here
  VSIStatBufL stat{};
  if (CPLGetLastErrorType() == CE_Failure || VSIStatL(path.c_str(), &stat) != 0) return;
  GDALDatasetUniquePtr back = open_vct(path.c_str());
  if (!back) finding(std::string("the file written in ") + encoding + " does not read back: " + CPLGetLastErrorMsg());
  OGRLayer& layer = *back->GetLayer(0);
  if (layer.GetFeatureCount() != static_cast<GIntBig>(written.size())) {
    finding(std::string("the file written in ") + encoding + " reads back with another number of features");
  }
  layer.ResetReading();
  for (const Rings& expected : written) {
    OGRFeatureUniquePtr feature(layer.GetNextFeature());
    if (rings_of(feature ? feature->GetGeometryRef() : nullptr) != expected)
      finding("a polygon reads back with other rings");
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  CPLSetErrorHandler(CPLQuietErrorHandler);
  parklayers::ensure_drivers_registered();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  VSIMkdir(kFolder, 0755);
  VSIFCloseL(VSIFileFromMemBuffer(kInput, const_cast<GByte*>(data), static_cast<vsi_l_offset>(size), FALSE));
  if (GDALDatasetUniquePtr dataset = open_vct(kInput)) {
    for (int i = 0; i < dataset->GetLayerCount(); ++i) {
      OGRLayer& layer = *dataset->GetLayer(i);
      read_all(layer);
      write_back(layer, "UTF-8");
      write_back(layer, "GBK");
    }
  }
  VSIRmdirRecursive(kFolder);
  CPLErrorReset();
  return 0;
}
