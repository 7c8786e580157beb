// SPDX-License-Identifier: GPL-2.0-or-later
// gpkg_rtree: a GeoPackage layer's spatial index packed after its features are written, checked
// by SQLite itself (rtreecheck), by GDAL's validate_gpkg.py, and by answering window queries as
// a scan of every feature does.
#include "parklayers/io/gpkg_rtree.h"


#include <cmath>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "parklayers/gis/gdal_util.h"
#include "parklayers/io/output.h"
#include "test_support.h"

namespace parklayers {
namespace {

#ifdef PARKLAYERS_PACKED_GPKG_INDEX

// Entries per node of SQLite's R*Tree with 4096-byte pages, two dimensions: its maximum of 51.
constexpr long long kNodeCells = 51;

std::string text_of(GDALDataset& dataset, const std::string& sql) {
  OGRLayer* result = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  EXPECT_TRUE(result) << sql << ": " << CPLGetLastErrorMsg();
  if (!result) return "";
  OGRFeatureUniquePtr row(result->GetNextFeature());
  const std::string value = row ? row->GetFieldAsString(0) : "";
  dataset.ReleaseResultSet(result);
  return value;
}

long long number_of(GDALDataset& dataset, const std::string& sql) { return std::stoll(text_of(dataset, sql)); }

struct Written {
  long long indexed = 0;  // features with a non-empty geometry
  long long entries = 0;  // as PackedSpatialIndex counted them
  int depth = -1;
};

// Writes `count` features to a new GeoPackage layer with a packed index: rectangles of random
// sizes (seeded) over Jiading, fids first_fid (7), then in steps of fid_step (10: too
// sparse for the array of leaves pack() keeps for dense fids), one in 97 with no
// geometry and (with_empty) one in 89 with an empty one; with own_transaction, fill() starts
// its own transaction. (GDAL 3.6's validate_gpkg.py refuses the empty polygons GDAL 3.6 writes,
// "Req 152: Inconsistent empty_flag vs geometry content": files with them are not validated.)
Written write_layer(const std::string& path, const std::string& name, long long count, bool own_transaction,
                    bool with_empty, long long fid_step = 10, long long first_fid = 7) {
  ensure_gdal_registered();
  Written written;
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  GDALDatasetUniquePtr dataset = create_vector_output(*driver, path);
  EXPECT_TRUE(dataset);
  if (!dataset) return written;
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  CPLStringList options;
  options.SetNameValue("SPATIAL_INDEX", "NO");
  OGRLayer* layer = dataset->CreateLayer(name.c_str(), &wgs84, wkbPolygon, options.List());
  EXPECT_TRUE(layer);
  if (!layer) return written;
  PackedSpatialIndex index(*dataset, *layer);
  dataset->StartTransaction();
  std::mt19937_64 random(20261125);
  std::uniform_real_distribution<double> lon(121.0, 121.5), lat(31.2, 31.5), size(1e-6, 2e-2);
  long long fid = first_fid;
  for (long long i = 0; i < count; ++i) {
    OGRFeature feature(layer->GetLayerDefn());
    if (i > 0) fid += fid_step;  // (first_fid + fid_step * i can overflow where the fid does not)
    feature.SetFID(fid);
    if (i % 97 == 3) {
      // no geometry
    } else if (with_empty && i % 89 == 5) {
      feature.SetGeometryDirectly(new OGRPolygon());
    } else {
      const double x = lon(random), y = lat(random), w = size(random), h = size(random);
      auto ring = std::make_unique<OGRLinearRing>();
      ring->addPoint(x, y);
      ring->addPoint(x + w, y);
      ring->addPoint(x + w, y + h);
      ring->addPoint(x, y + h);
      ring->addPoint(x, y);
      auto polygon = std::make_unique<OGRPolygon>();
      polygon->addRingDirectly(ring.release());
      feature.SetGeometryDirectly(polygon.release());
      ++written.indexed;
    }
    EXPECT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
  }
  if (own_transaction) dataset->CommitTransaction();
  index.fill();
  if (!own_transaction) dataset->CommitTransaction();
  written.entries = index.entries();
  written.depth = index.depth();
  EXPECT_THROW(index.fill(), std::logic_error);
  return written;
}

// The nodes of a packed tree of n entries: every node full but the last of each level (and of
// each STR slice, whose size is a multiple of the node size).
long long packed_nodes(long long n) {
  long long nodes = 1;  // the root
  for (long long level = (n + kNodeCells - 1) / kNodeCells; level > 1; level = (level + kNodeCells - 1) / kNodeCells) {
    nodes += level;
  }
  return n == 0 ? 1 : nodes;
}

// The levels above the leaves of a packed tree of n entries (0: the root is the one leaf).
int packed_depth(long long n) {
  if (n <= kNodeCells) return 0;
  int depth = 1;
  for (long long level = (n + kNodeCells - 1) / kNodeCells; level > kNodeCells; level = (level + kNodeCells - 1) / kNodeCells) {
    ++depth;
  }
  return depth;
}

TEST(PackedSpatialIndex, SqliteFindsTheTreeSoundAtEveryDepth) {
  // No entry, one, a root leaf (depth 0), then depths 1 (1000), 2 (3000) and 3 (140000); fids
  // dense (1, 1000, 140000) and sparse.
  for (const long long count : {0LL, 1LL, 51LL, 1000LL, 3000LL, 140000LL}) {
    test::TempDir dir;
    const std::string path = dir.file("out.gpkg");
    const long long fid_step = count == 1 || count == 1000 || count == 140000 ? 1 : 10;
    const Written written = write_layer(path, "parcels", count, count % 2 == 0, false, fid_step);
    EXPECT_EQ(written.entries, written.indexed) << count;
    EXPECT_EQ(written.depth, packed_depth(written.indexed)) << count;
    const int expected_depth = count <= 51 ? 0 : count == 1000 ? 1 : count == 3000 ? 2 : 3;
    EXPECT_EQ(written.depth, expected_depth) << count;

    GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(dataset);
    EXPECT_EQ(text_of(*dataset, "SELECT rtreecheck('rtree_parcels_geom')"), "ok") << count;
    EXPECT_EQ(number_of(*dataset, "SELECT COUNT(*) FROM rtree_parcels_geom"), written.indexed) << count;
    EXPECT_EQ(number_of(*dataset, "SELECT rtreedepth(data) FROM rtree_parcels_geom_node WHERE nodeno = 1"),
              written.depth)
        << count;
    EXPECT_EQ(number_of(*dataset, "SELECT COUNT(*) FROM rtree_parcels_geom_node"), packed_nodes(written.indexed))
        << count;
    EXPECT_EQ(number_of(*dataset, "SELECT HasSpatialIndex('parcels', 'geom')"), 1);
    dataset.reset();
    const test::CommandResult valid = test::validate_gpkg(path);
    EXPECT_EQ(valid.exit_code, 0) << count << valid.out << valid.err;
  }
}

TEST(PackedSpatialIndex, FidsAtTheEndsOfTheirRange) {
  // Fids from a source are kept: -9e18, 0 and 9e18 span more than a 64-bit integer holds, and
  // must not be taken for dense ones.
  test::TempDir dir;
  const std::string path = dir.file("out.gpkg");
  const Written written = write_layer(path, "parcels", 3, false, false, 9000000000000000000LL,
                                      -9000000000000000000LL);
  EXPECT_EQ(written.entries, 3);
  GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(dataset);
  EXPECT_EQ(text_of(*dataset, "SELECT rtreecheck('rtree_parcels_geom')"), "ok");
  EXPECT_EQ(number_of(*dataset, "SELECT MIN(id) FROM rtree_parcels_geom"), -9000000000000000000LL);
  EXPECT_EQ(number_of(*dataset, "SELECT MAX(id) FROM rtree_parcels_geom"), 9000000000000000000LL);
}

TEST(PackedSpatialIndex, EveryBoxHoldsItsFeatureAndWindowsFindWhatAScanFinds) {
  test::TempDir dir;
  const std::string path = dir.file("out.gpkg");
  const std::string name = "Jiading's \"parcels\" 2";  // quotes, as names from data may have
  const Written written = write_layer(path, name, 6000, false, true, 1);  // dense fids, some not indexed
  GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(dataset);
  OGRLayer* layer = dataset->GetLayerByName(name.c_str());
  ASSERT_TRUE(layer);
  const std::string rtree = sql_identifier("rtree_" + name + "_geom");
  EXPECT_EQ(text_of(*dataset, "SELECT rtreecheck(" + sql_literal("rtree_" + name + "_geom") + ")"), "ok");

  // Each feature's box: its envelope rounded outwards to floats, no more.
  long long checked = 0;
  for (auto& feature : *layer) {
    const OGRGeometry* geometry = feature->GetGeometryRef();
    if (!geometry || geometry->IsEmpty()) continue;
    OGREnvelope envelope;
    geometry->getEnvelope(&envelope);
    OGRLayer* box = dataset->ExecuteSQL(
        ("SELECT minx, maxx, miny, maxy FROM " + rtree + " WHERE id = " + std::to_string(feature->GetFID())).c_str(),
        nullptr, nullptr);
    ASSERT_TRUE(box);
    OGRFeatureUniquePtr row(box->GetNextFeature());
    ASSERT_TRUE(row) << "feature " << feature->GetFID() << " is not in the index";
    const double minx = row->GetFieldAsDouble(0), maxx = row->GetFieldAsDouble(1);
    const double miny = row->GetFieldAsDouble(2), maxy = row->GetFieldAsDouble(3);
    dataset->ReleaseResultSet(box);
    EXPECT_LE(minx, envelope.MinX);
    EXPECT_GE(maxx, envelope.MaxX);
    EXPECT_LE(miny, envelope.MinY);
    EXPECT_GE(maxy, envelope.MaxY);
    EXPECT_EQ(minx, static_cast<double>(static_cast<float>(minx)));  // stored as floats
    EXPECT_LT(envelope.MinX - minx, 2e-5);  // one float step at 121 degrees is 7.6e-6
    EXPECT_LT(maxx - envelope.MaxX, 2e-5);
    EXPECT_LT(envelope.MinY - miny, 4e-6);  // and 1.9e-6 at 31 degrees
    EXPECT_LT(maxy - envelope.MaxY, 4e-6);
    ++checked;
  }
  EXPECT_EQ(checked, written.indexed);

  // GDAL's spatial filter reads the index; it must find what comparing every envelope finds.
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> lon(120.95, 121.5), lat(31.15, 31.5), size(0.0, 0.1);
  for (int query = 0; query < 40; ++query) {
    const double x = lon(random), y = lat(random), w = size(random), h = size(random);
    std::set<long long> scanned, filtered;
    layer->SetSpatialFilter(nullptr);
    for (auto& feature : *layer) {
      const OGRGeometry* geometry = feature->GetGeometryRef();
      if (!geometry || geometry->IsEmpty()) continue;
      OGREnvelope envelope;
      geometry->getEnvelope(&envelope);
      if (envelope.MaxX >= x && envelope.MinX <= x + w && envelope.MaxY >= y && envelope.MinY <= y + h) {
        scanned.insert(feature->GetFID());
      }
    }
    layer->SetSpatialFilterRect(x, y, x + w, y + h);
    for (auto& feature : *layer) filtered.insert(feature->GetFID());
    EXPECT_EQ(filtered, scanned) << "window " << query;
  }
}

TEST(PackedSpatialIndex, GdalsTriggersKeepTheIndexUpToDateAfterwards) {
  test::TempDir dir;
  const std::string path = dir.file("out.gpkg");
  write_layer(path, "parcels", 3000, false, false);
  {
    GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    ASSERT_TRUE(dataset);
    OGRLayer* layer = dataset->GetLayerByName("parcels");
    ASSERT_TRUE(layer);
    // The same triggers as GDAL gives an index it builds itself.
    CPLStringList options;
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    ASSERT_TRUE(dataset->CreateLayer("gdal", &wgs84, wkbPolygon, options.List()));
    const std::string triggers =
        "SELECT group_concat(substr(name, length('rtree_' || ?) + 1), ',') FROM "
        "(SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rtree_' || ? || '_geom_%' ORDER BY name)";
    const auto names = [&](const std::string& table) {
      std::string sql = triggers;
      for (int i = 0; i < 2; ++i) sql.replace(sql.find('?'), 1, sql_literal(table));
      return text_of(*dataset, sql);
    };
    EXPECT_EQ(names("parcels"), names("gdal"));
    EXPECT_NE(names("parcels").find("_geom_insert"), std::string::npos);

    OGRFeature feature(layer->GetLayerDefn());
    OGRGeometry* square = nullptr;
    ASSERT_EQ(OGRGeometryFactory::createFromWkt("POLYGON ((122 30,122.1 30,122.1 30.1,122 30.1,122 30))", nullptr,
                                                &square),
              OGRERR_NONE);
    feature.SetGeometryDirectly(square);
    ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
    ASSERT_EQ(layer->DeleteFeature(7), OGRERR_NONE);
  }
  GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(dataset);
  EXPECT_EQ(text_of(*dataset, "SELECT rtreecheck('rtree_parcels_geom')"), "ok");
  EXPECT_EQ(number_of(*dataset, "SELECT COUNT(*) FROM rtree_parcels_geom WHERE minx >= 121.99 AND maxx <= 122.11"), 1);
  EXPECT_EQ(number_of(*dataset, "SELECT COUNT(*) FROM rtree_parcels_geom WHERE id = 7"), 0);
  const test::CommandResult valid = test::validate_gpkg(path);
  EXPECT_EQ(valid.exit_code, 0) << valid.out << valid.err;
}

TEST(PackedSpatialIndex, OnlyForGeoPackageLayersWithGeometry) {
  EXPECT_TRUE(packs_spatial_index("GPKG"));
  EXPECT_FALSE(packs_spatial_index("ESRI Shapefile"));
  ensure_gdal_registered();
  test::TempDir dir;
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  GDALDatasetUniquePtr dataset = create_vector_output(*driver, dir.file("out.gpkg"));
  ASSERT_TRUE(dataset);
  OGRLayer* table = dataset->CreateLayer("tenants", nullptr, wkbNone, nullptr);
  ASSERT_TRUE(table);
  EXPECT_THROW(PackedSpatialIndex(*dataset, *table), std::invalid_argument);
}

#else
// A GDAL that bulk-loads the index itself: the packed index is compiled out.
TEST(PackedSpatialIndex, LeftToGdal) { EXPECT_FALSE(packs_spatial_index("GPKG")); }
#endif  // PARKLAYERS_PACKED_GPKG_INDEX

}  // namespace
}  // namespace parklayers
