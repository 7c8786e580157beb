// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: the BAOPAN driver (land-parcel coordinate files, 坐标报盘 TXT) through GDAL's
// own API, as ogrinfo and ogr2ogr use it. The input is a file in /vsimem/, opened with BAOPAN
// only; every feature, field and geometry is read and measured (OGR_G_Area), and the layer is
// written back through the driver in UTF-8 and in GBK. A file the driver writes must read back
// with the same parcels and vertices (to the millimetre it writes): otherwise the target aborts.
// A refusal (open or write failing with a GDAL error) is fine; a crash, a sanitizer report, a
// leak, a hang or a written file that does not read back is a finding.
#include <cmath>
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

const char* const kFolder = "/vsimem/fuzz_baopan";
const char* const kInput = "/vsimem/fuzz_baopan/in.txt";

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "fuzz_baopan: %s\n", what.c_str());
  std::abort();
}

GDALDatasetUniquePtr open_baopan(const char* path) {
  const char* const drivers[] = {"BAOPAN", nullptr};
  return GDALDatasetUniquePtr(GDALDataset::Open(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers));
}

// One polygon's rings as (x, y), outer first.
using Rings = std::vector<std::vector<std::pair<double, double>>>;

Rings rings_of(const OGRGeometry* geometry) {
  Rings rings;
  if (!geometry || wkbFlatten(geometry->getGeometryType()) != wkbPolygon) return rings;
  for (const OGRLinearRing* ring : *geometry->toPolygon()) {
    rings.emplace_back();
    for (const OGRPoint& point : *ring) rings.back().emplace_back(point.getX(), point.getY());
  }
  return rings;
}

// Everything a reader of the layer touches: fields, geometry, area, random reads.
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

// The layer written to a coordinate file in `encoding`; when written, read back and compared.
void write_back(OGRLayer& source, const char* encoding) {
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("BAOPAN");
  const std::string path = std::string(kFolder) + "/out_" + encoding + ".txt";
  std::vector<Rings> written;  // the features the driver accepted
  {
    GDALDatasetUniquePtr out(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!out) return;
    const std::string option = std::string("ENCODING=") + encoding;
    char* options[] = {const_cast<char*>(option.c_str()), nullptr};
    OGRLayer* layer = out->CreateLayer(source.GetName(), source.GetSpatialRef(), wkbPolygon, options);
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
  if (written.empty()) return;  // a header only, which the reader rightly refuses

  GDALDatasetUniquePtr back = open_baopan(path.c_str());
  if (!back) finding(std::string("the file written in ") + encoding + " does not read back: " + CPLGetLastErrorMsg());
  OGRLayer& layer = *back->GetLayer(0);
  if (layer.GetFeatureCount() != static_cast<GIntBig>(written.size())) {
    finding(std::string("the file written in ") + encoding + " reads back with another number of parcels");
  }
  layer.ResetReading();
  for (const Rings& expected : written) {
    OGRFeatureUniquePtr feature(layer.GetNextFeature());
    const Rings got = rings_of(feature ? feature->GetGeometryRef() : nullptr);
    if (got.size() != expected.size()) finding("a parcel reads back with another number of rings");
    for (size_t k = 0; k < got.size(); ++k) {
      // A ring the writer closed has one point more; rings read are always closed.
      if (got[k].size() != expected[k].size()) finding("a ring reads back with another number of points");
      for (size_t i = 0; i < got[k].size(); ++i) {
        // Written to the millimetre: half a millimetre, and the spacing of doubles that large.
        const auto near = [](double a, double b) {
          return std::fabs(a - b) <= 0.0005 + 1e-15 * std::fabs(b) + 1e-9;
        };
        if (!near(got[k][i].first, expected[k][i].first) || !near(got[k][i].second, expected[k][i].second)) {
          char text[200];
          std::snprintf(text, sizeof text, "a vertex (%.17g, %.17g) reads back as (%.17g, %.17g)",
                        expected[k][i].first, expected[k][i].second, got[k][i].first, got[k][i].second);
          finding(text);
        }
      }
    }
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
  // GDAL only reads the buffer (opened read-only) and does not own it.
  VSIFCloseL(VSIFileFromMemBuffer(kInput, const_cast<GByte*>(data), static_cast<vsi_l_offset>(size), FALSE));
  (void)parklayers::baopan_identifies(kInput);
  if (GDALDatasetUniquePtr dataset = open_baopan(kInput)) {
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
