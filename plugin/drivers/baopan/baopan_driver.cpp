// SPDX-License-Identifier: GPL-2.0-or-later
// The BAOPAN GDAL driver: recognising a coordinate file, opening it (read-only), creating one,
// and registering the driver with what it can do.
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>

#include "baopan_format.h"
#include "ogr_baopan.h"
#include "parklayers/drivers/baopan.h"
#include "parklayers/gis/gdal_util.h"

namespace parklayers::baopan {
namespace {

// The section names come within the first few hundred bytes; a header of unusual length is
// read further, up to this.
constexpr int kIdentifyBytes = 65536;
// A coordinate file is a few kB; anything near this is not one.
constexpr vsi_l_offset kMaxFileBytes = 512u * 1024u * 1024u;

std::string header_of(GDALOpenInfo& info) {
  return std::string(reinterpret_cast<const char*>(info.pabyHeader), static_cast<size_t>(info.nHeaderBytes));
}

}  // namespace

int identify(GDALOpenInfo* info) {
  if (!info->fpL || info->nHeaderBytes == 0) return FALSE;
  if (identifies(header_of(*info))) return TRUE;
  // Only [属性描述] in the first kB: read on for [地块坐标].
  const std::string head = header_of(*info);
  static const std::string gbk = recode("[属性描述]", "UTF-8", "GBK").value_or("");
  if (head.find("[属性描述]") == std::string::npos && (gbk.empty() || head.find(gbk) == std::string::npos)) {
    return FALSE;
  }
  return info->TryToIngest(kIdentifyBytes) && identifies(header_of(*info));
}

GDALDataset* open(GDALOpenInfo* info) {
  if (!identify(info)) return nullptr;
  const std::string name = info->pszFilename;
  // A coordinate file is written whole, at close, from the features given (Create); there is no
  // changing one in place. Said here rather than handing back a read-only dataset, so that an
  // update (ogr2ogr -update, -append) fails at once, naming the file.
  if (info->eAccess == GA_Update) {
    CPLError(CE_Failure, CPLE_NotSupported,
             "BAOPAN: %s: the driver opens coordinate files read-only (no update access); write a new file "
             "with Create instead (ogr2ogr -f BAOPAN OUT.txt SRC)",
             name.c_str());
    return nullptr;
  }
  const std::optional<std::string> bytes =
      read_opened_file(*info, "BAOPAN", kMaxFileBytes, "too large for a coordinate file");
  if (!bytes) return nullptr;
  const std::string& text = *bytes;
  try {
    const File file = parse(name, text);
    const ChineseGkCrs crs = crs_of(name, file);
    for (const std::string& warning : file.warnings) CPLError(CE_Warning, CPLE_AppDefined, "%s", warning.c_str());
    auto dataset = std::make_unique<Dataset>(std::make_unique<ReadLayer>(CPLGetBasename(name.c_str()), file, crs));
    dataset->SetDescription(name.c_str());
    return dataset.release();
  } catch (const FormatError& error) {
    CPLError(CE_Failure, CPLE_AppDefined, "%s", error.what());
    return nullptr;
  } catch (const std::exception& error) {
    CPLError(CE_Failure, CPLE_AppDefined, "BAOPAN: %s: %s", name.c_str(), error.what());
    return nullptr;
  }
}

GDALDataset* create(const char* name, int, int, int, GDALDataType, char**) {
  const std::string path = name;
  const bool single_file = EQUAL(CPLGetExtension(name), "txt");
  if (!single_file) {
    VSIStatBufL stat{};
    if (VSIStatL(name, &stat) == 0) {
      if (!VSI_ISDIR(stat.st_mode)) {
        CPLError(CE_Failure, CPLE_AppDefined, "BAOPAN: %s exists and is not a folder", name);
        return nullptr;
      }
    } else if (VSIMkdir(name, 0755) != 0) {
      CPLError(CE_Failure, CPLE_FileIO, "BAOPAN: the folder %s cannot be created", name);
      return nullptr;
    }
  }
  auto dataset = std::make_unique<Dataset>(path, single_file);
  dataset->SetDescription(name);
  return dataset.release();
}

}  // namespace parklayers::baopan

void RegisterOGRBAOPAN() {
  using namespace parklayers::baopan;
  static std::mutex mutex;
  const std::lock_guard<std::mutex> lock(mutex);
  if (GDALGetDriverByName(kDriverName)) return;
  auto driver = std::make_unique<GDALDriver>();
  driver->SetDescription(kDriverName);
  driver->SetMetadataItem(GDAL_DCAP_VECTOR, "YES");
  driver->SetMetadataItem(GDAL_DMD_LONGNAME, "Chinese land-parcel coordinate file (坐标报盘)");
  driver->SetMetadataItem(GDAL_DMD_EXTENSION, "txt");
  // Its page in Park Layers' source tree, as GDAL's own drivers name theirs in GDAL's
  // documentation (drivers/vector/NAME.html).
  driver->SetMetadataItem(GDAL_DMD_HELPTOPIC, "docs/drivers/baopan.md");
  // What a dataset made by Create does: layers (one per .txt, a LAYER.txt each in a folder),
  // each taking fields of these types (only id, name, use, sheet and land_class are written) and
  // features. An opened file is one layer, read-only; nothing is deleted. So neither
  // GDAL_DCAP_MULTIPLE_VECTOR_LAYERS (a folder is not opened as one dataset) nor DELETE_*.
  driver->SetMetadataItem(GDAL_DCAP_CREATE, "YES");
  driver->SetMetadataItem(GDAL_DCAP_CREATE_LAYER, "YES");
  driver->SetMetadataItem(GDAL_DCAP_CREATE_FIELD, "YES");
  driver->SetMetadataItem(GDAL_DMD_CREATIONFIELDDATATYPES, "Integer Integer64 Real String Date DateTime Time");
  driver->SetMetadataItem(GDAL_DCAP_VIRTUALIO, "YES");
  driver->SetMetadataItem(GDAL_DS_LAYER_CREATIONOPTIONLIST,
                          "<LayerCreationOptionList>"
                          "  <Option name='ENCODING' type='string-select' default='UTF-8'"
                          "          description='The encoding of the file written'>"
                          "    <Value>UTF-8</Value>"
                          "    <Value>GBK</Value>"
                          "  </Option>"
                          "  <Option name='SRS' type='string'"
                          "          description='The CRS of a layer created without one (EPSG:n)'/>"
                          "</LayerCreationOptionList>");
  driver->pfnIdentify = identify;
  driver->pfnOpen = open;
  driver->pfnCreate = create;
  GetGDALDriverManager()->RegisterDriver(driver.release());
}
