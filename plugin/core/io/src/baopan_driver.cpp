// The BAOPAN GDAL driver: recognising a coordinate file, opening it, creating one (a .txt of
// one layer, or a folder of LAYER.txt files like GDAL's CSV driver), and registering.
#include "parklayers/io/baopan_driver.h"

#include <memory>
#include <mutex>

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>

#include "baopan_format.h"
#include "baopan_layer.h"
#include "parklayers/gis/gdal_util.h"

namespace parklayers {
namespace baopan {
namespace {

constexpr const char* kDriverName = "BAOPAN";
// The section names come within the first few hundred bytes; a header of unusual length is
// read further, up to this.
constexpr int kIdentifyBytes = 65536;
// A coordinate file is a few kB; anything near this is not one.
constexpr vsi_l_offset kMaxFileBytes = 512u * 1024u * 1024u;

std::string header_of(GDALOpenInfo& info) {
  return std::string(reinterpret_cast<const char*>(info.pabyHeader), static_cast<size_t>(info.nHeaderBytes));
}

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

class Dataset final : public GDALDataset {
 public:
  // Read: the file's one layer.
  explicit Dataset(std::unique_ptr<ReadLayer> layer) { layers_.push_back(std::move(layer)); }
  // Write: `path` is a .txt (one layer) or a folder (a LAYER.txt per layer).
  Dataset(const std::string& path, bool single_file) : path_(path), single_file_(single_file), writable_(true) {
    eAccess = GA_Update;
  }

  ~Dataset() override {
    for (const auto& layer : layers_) {
      if (auto* writer = dynamic_cast<WriteLayer*>(layer.get())) writer->write_file();
    }
  }

  int GetLayerCount() override { return static_cast<int>(layers_.size()); }
  OGRLayer* GetLayer(int index) override {
    return index >= 0 && index < GetLayerCount() ? layers_[static_cast<size_t>(index)].get() : nullptr;
  }
  int TestCapability(const char* capability) override {
    return EQUAL(capability, ODsCCreateLayer) && writable_ && (!single_file_ || layers_.empty());
  }

 protected:
  OGRLayer* ICreateLayer(const char* name, OGRSpatialReference* crs, OGRwkbGeometryType type,
                         char** options) override {
    if (!writable_) {
      CPLError(CE_Failure, CPLE_NotSupported, "BAOPAN: the file is open for reading only");
      return nullptr;
    }
    if (single_file_ && !layers_.empty()) {
      CPLError(CE_Failure, CPLE_NotSupported,
               "BAOPAN: %s holds one layer; give a folder name (without .txt) to write a LAYER.txt per layer",
               path_.c_str());
      return nullptr;
    }
    const OGRwkbGeometryType flat = wkbFlatten(type);
    if (flat != wkbPolygon && flat != wkbMultiPolygon && flat != wkbUnknown) {
      CPLError(CE_Failure, CPLE_NotSupported, "BAOPAN: layer %s is of %s; a coordinate file holds polygons (地块)",
               name, OGRGeometryTypeToName(type));
      return nullptr;
    }
    const std::optional<ChineseGkCrs> gk = crs ? chinese_gk_of(*crs) : std::nullopt;
    if (!gk) {
      CPLError(CE_Failure, CPLE_NotSupported, "BAOPAN: layer %s %s", name, baopan_crs_problem(crs).c_str());
      return nullptr;
    }
    const char* encoding_name = CSLFetchNameValueDef(options, "ENCODING", "UTF-8");
    const std::optional<Encoding> encoding = parse_encoding(encoding_name);
    if (!encoding) {
      CPLError(CE_Failure, CPLE_IllegalArg, "BAOPAN: ENCODING=%s: write UTF-8 or GBK", encoding_name);
      return nullptr;
    }
    std::string file = path_;
    if (!single_file_) {
      std::string stem = name;
      for (char& c : stem) {
        if (c == '/' || c == '\\') c = '_';
      }
      file = CPLFormFilename(path_.c_str(), stem.c_str(), "txt");
    }
    layers_.push_back(std::make_unique<WriteLayer>(name, file, *gk, *encoding));
    return layers_.back().get();
  }

 private:
  std::vector<std::unique_ptr<OGRLayer>> layers_;
  std::string path_;
  bool single_file_ = true;
  bool writable_ = false;
};

GDALDataset* open(GDALOpenInfo* info) {
  if (!identify(info)) return nullptr;
  const std::string name = info->pszFilename;
  VSIStatBufL stat{};
  if (VSIStatL(name.c_str(), &stat) == 0 && static_cast<vsi_l_offset>(stat.st_size) > kMaxFileBytes) {
    CPLError(CE_Failure, CPLE_AppDefined, "BAOPAN: %s: too large for a coordinate file", name.c_str());
    return nullptr;
  }
  GByte* bytes = nullptr;
  vsi_l_offset size = 0;
  VSIFSeekL(info->fpL, 0, SEEK_SET);
  if (!VSIIngestFile(info->fpL, name.c_str(), &bytes, &size, static_cast<GIntBig>(kMaxFileBytes))) {
    CPLError(CE_Failure, CPLE_FileIO, "BAOPAN: %s cannot be read", name.c_str());
    return nullptr;
  }
  const std::string text(reinterpret_cast<const char*>(bytes), static_cast<size_t>(size));
  VSIFree(bytes);
  try {
    const File file = parse(name, text);
    const ChineseGkCrs crs = crs_of(name, file);
    for (const std::string& warning : file.warnings) CPLError(CE_Warning, CPLE_AppDefined, "%s", warning.c_str());
    auto layer = std::make_unique<ReadLayer>(CPLGetBasename(name.c_str()), file, crs);
    auto* dataset = new Dataset(std::move(layer));
    dataset->SetDescription(name.c_str());
    return dataset;
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
  auto* dataset = new Dataset(path, single_file);
  dataset->SetDescription(name);
  return dataset;
}

}  // namespace
}  // namespace baopan

void register_baopan_driver() {
  static std::mutex mutex;
  const std::lock_guard<std::mutex> lock(mutex);
  if (GDALGetDriverByName(baopan::kDriverName)) return;
  auto* driver = new GDALDriver();
  driver->SetDescription(baopan::kDriverName);
  driver->SetMetadataItem(GDAL_DCAP_VECTOR, "YES");
  driver->SetMetadataItem(GDAL_DMD_LONGNAME, "Chinese land-parcel coordinate file (坐标报盘)");
  driver->SetMetadataItem(GDAL_DMD_EXTENSION, "txt");
  driver->SetMetadataItem(GDAL_DCAP_CREATE, "YES");
  driver->SetMetadataItem(GDAL_DCAP_VIRTUALIO, "YES");
  driver->SetMetadataItem(GDAL_DMD_CREATIONFIELDDATATYPES, "Integer Integer64 Real String Date DateTime Time");
  driver->SetMetadataItem(GDAL_DS_LAYER_CREATIONOPTIONLIST,
                          "<LayerCreationOptionList>"
                          "  <Option name='ENCODING' type='string-select' default='UTF-8'"
                          "          description='The encoding of the file written'>"
                          "    <Value>UTF-8</Value>"
                          "    <Value>GBK</Value>"
                          "  </Option>"
                          "</LayerCreationOptionList>");
  driver->pfnIdentify = baopan::identify;
  driver->pfnOpen = baopan::open;
  driver->pfnCreate = baopan::create;
  GetGDALDriverManager()->RegisterDriver(driver);
}

void ensure_drivers_registered() {
  static std::once_flag once;
  std::call_once(once, [] {
    ensure_gdal_registered();
    register_baopan_driver();
  });
}

std::string baopan_crs_problem(const OGRSpatialReference* crs) {
  if (crs && chinese_gk_of(*crs)) return "";
  std::string what = "has no CRS";
  if (crs) {
    const char* crs_name = crs->GetName();
    const char* code = crs->GetAuthorityCode(nullptr);
    const char* authority = crs->GetAuthorityName(nullptr);
    what = std::string("is in ") + (crs_name ? crs_name : "an unnamed CRS");
    if (code && authority) what += std::string(" (") + authority + ":" + code + ")";
    what += ", which is not";
  } else {
    what += ", and a coordinate file needs";
  }
  return what +
         " a Chinese Gauss-Kruger CRS (CGCS2000, Xian 1980 or Beijing 1954, 3- or 6-degree zones): give one with "
         "--t_srs EPSG:n (ogr2ogr: -t_srs), e.g. EPSG:4528 (CGCS2000 3-degree zone 40, zone in Y) or EPSG:4549 "
         "(CGCS2000 3-degree, CM 120E)";
}

bool baopan_identifies(const std::string& path) {
  GDALOpenInfo info(path.c_str(), GA_ReadOnly);
  return baopan::identify(&info) != FALSE;
}

}  // namespace parklayers
