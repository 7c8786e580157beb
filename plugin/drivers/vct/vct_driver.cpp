// SPDX-License-Identifier: GPL-2.0-or-later
// The VCT GDAL driver: recognising a VCT file, opening it (read-only), creating one, and
// registering the driver with what it can do.
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>

#include "ogr_vct.h"
#include "parklayers/drivers/vct.h"
#include "parklayers/gis/gdal_util.h"

namespace parklayers::vct {
namespace {

// Land-survey packages run to hundreds of MB; the file is read whole.
constexpr vsi_l_offset kMaxFileBytes = 2048ull * 1024u * 1024u;

}  // namespace

int identify(GDALOpenInfo* info) {
  if (!info->fpL || info->nHeaderBytes == 0) return FALSE;
  const std::string head(reinterpret_cast<const char*>(info->pabyHeader), static_cast<size_t>(info->nHeaderBytes));
  if (identifies(head)) return TRUE;
  // A .vct whose first line is not HeadBegin is still ours, so that open says what is wrong with
  // it; but not IDRISI's binary vector files (.vct too), which start with a byte 1, 2 or 3.
  return EQUAL(CPLGetExtension(info->pszFilename), "vct") && info->pabyHeader[0] > 3;
}

GDALDataset* open(GDALOpenInfo* info) {
  if (!identify(info)) return nullptr;
  const std::string name = info->pszFilename;
  if (info->eAccess == GA_Update) {
    CPLError(CE_Failure, CPLE_NotSupported,
             "VCT: %s: the driver opens VCT files read-only (no update access); write a new file with Create "
             "instead (ogr2ogr -f VCT OUT.vct SRC)",
             name.c_str());
    return nullptr;
  }
  // GDAL's buffer is freed before parsing: one copy of the file is held, then its decoded text.
  std::optional<std::string> bytes =
      read_opened_file(*info, kDriverName, kMaxFileBytes, "larger than the 2 GB the driver reads");
  if (!bytes) return nullptr;
  try {
    const Document document = parse(name, std::move(*bytes));
    const VctCrs crs = crs_of(name, document.head);
    auto dataset = std::make_unique<Dataset>(layers_of(name, document, crs));
    dataset->SetDescription(name.c_str());
    return dataset.release();
  } catch (const FormatError& error) {
    CPLError(CE_Failure, CPLE_AppDefined, "%s", error.what());
    return nullptr;
  } catch (const std::exception& error) {
    CPLError(CE_Failure, CPLE_AppDefined, "VCT: %s: %s", name.c_str(), error.what());
    return nullptr;
  }
}

GDALDataset* create(const char* name, int, int, int, GDALDataType, char** options) {
  const char* encoding_name = CSLFetchNameValueDef(options, "ENCODING", "GBK");
  const std::optional<TextEncoding> encoding = parse_encoding(encoding_name);
  if (!encoding) {
    CPLError(CE_Failure, CPLE_IllegalArg, "VCT: ENCODING=%s: write GBK or UTF-8", encoding_name);
    return nullptr;
  }
  auto dataset = std::make_unique<Dataset>(name, *encoding);
  dataset->SetDescription(name);
  return dataset.release();
}

}  // namespace parklayers::vct

void RegisterOGRVCT() {
  using namespace parklayers::vct;
  static std::mutex mutex;
  const std::lock_guard<std::mutex> lock(mutex);
  if (GDALGetDriverByName(kDriverName)) return;
  auto driver = std::make_unique<GDALDriver>();
  driver->SetDescription(kDriverName);
  driver->SetMetadataItem(GDAL_DCAP_VECTOR, "YES");
  driver->SetMetadataItem(GDAL_DMD_LONGNAME, "Chinese geospatial exchange format VCT (GB/T 17798)");
  driver->SetMetadataItem(GDAL_DMD_EXTENSION, "vct");
  driver->SetMetadataItem(GDAL_DMD_HELPTOPIC, "docs/drivers/vct.md");
  driver->SetMetadataItem(GDAL_DCAP_MULTIPLE_VECTOR_LAYERS, "YES");
  driver->SetMetadataItem(GDAL_DCAP_CREATE, "YES");
  driver->SetMetadataItem(GDAL_DCAP_CREATE_LAYER, "YES");
  driver->SetMetadataItem(GDAL_DCAP_CREATE_FIELD, "YES");
  driver->SetMetadataItem(GDAL_DMD_CREATIONFIELDDATATYPES, "Integer Integer64 Real String Date DateTime Time");
  driver->SetMetadataItem(GDAL_DCAP_VIRTUALIO, "YES");
  driver->SetMetadataItem(GDAL_DMD_CREATIONOPTIONLIST,
                          "<CreationOptionList>"
                          "  <Option name='ENCODING' type='string-select' default='GBK'"
                          "          description='The encoding of the file written'>"
                          "    <Value>GBK</Value>"
                          "    <Value>UTF-8</Value>"
                          "  </Option>"
                          "</CreationOptionList>");
  driver->SetMetadataItem(GDAL_DS_LAYER_CREATIONOPTIONLIST,
                          "<LayerCreationOptionList>"
                          "  <Option name='ENCODING' type='string-select'"
                          "          description='The encoding of the file written (as the dataset option)'>"
                          "    <Value>GBK</Value>"
                          "    <Value>UTF-8</Value>"
                          "  </Option>"
                          "  <Option name='SRS' type='string'"
                          "          description='The CRS of a layer created without one (EPSG:n)'/>"
                          "  <Option name='FEATURE_CODE' type='string'"
                          "          description='The layer&apos;s feature code (要素代码) in FeatureCode'/>"
                          "</LayerCreationOptionList>");
  driver->pfnIdentify = identify;
  driver->pfnOpen = open;
  driver->pfnCreate = create;
  GDALDriverManager* manager = GetGDALDriverManager();
  manager->RegisterDriver(driver.release());
  // GDAL's Idrisi driver opens every *.vct and fails with a CE_Failure on any that is not its own,
  // which ends GDALOpen before a driver registered after it (ours, registered in-process after
  // GDALAllRegister) is asked: it is put after this one. Its files stay its own (identify above).
  if (GDALDriver* idrisi = manager->GetDriverByName("Idrisi")) {
    manager->DeregisterDriver(idrisi);
    manager->RegisterDriver(idrisi);
  }
}
