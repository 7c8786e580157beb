// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/io/gpkg_rtree.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <stdexcept>
#include <vector>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include "parklayers/gis/gdal_util.h"

namespace parklayers {

#ifdef PARKLAYERS_PACKED_GPKG_INDEX
namespace {

// One R-tree cell: a feature's fid (leaves) or a child node's number (inner nodes), and its box.
struct Cell {
  long long id;
  float minx, maxx, miny, maxy;
};

// Bytes per cell of a two-dimensional SQLite R*Tree of 32-bit floats: a 64-bit id, 4 floats.
constexpr int kCellBytes = 8 + 4 * 4;

struct StatementDeleter {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

Statement prepare_statement(sqlite3* db, const std::string& sql, const std::string& layer) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    sqlite3_finalize(statement);
    throw std::runtime_error("the spatial index of layer " + layer + ": preparing `" + sql + "` failed: " +
                             sqlite3_errmsg(db));
  }
  return Statement(statement);
}

// The nearest floats outside a double, as SQLite stores R-tree coordinates: a box rounded
// outwards still contains the geometry.
float float_down(double value) {
  float f = static_cast<float>(value);
  if (static_cast<double>(f) > value) f = std::nextafter(f, -std::numeric_limits<float>::infinity());
  return f;
}
float float_up(double value) {
  float f = static_cast<float>(value);
  if (static_cast<double>(f) < value) f = std::nextafter(f, std::numeric_limits<float>::infinity());
  return f;
}

void put_u16(unsigned char* p, unsigned value) {
  p[0] = static_cast<unsigned char>(value >> 8);
  p[1] = static_cast<unsigned char>(value);
}
void put_u32(unsigned char* p, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<unsigned char>(value >> (24 - 8 * i));
}
void put_i64(unsigned char* p, long long value) {
  const auto bits = static_cast<std::uint64_t>(value);
  for (int i = 0; i < 8; ++i) p[i] = static_cast<unsigned char>(bits >> (56 - 8 * i));
}
void put_float(unsigned char* p, float value) {
  std::uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  put_u32(p, bits);
}

Cell bounds_of(long long id, const Cell* begin, const Cell* end) {
  Cell bounds{id, begin->minx, begin->maxx, begin->miny, begin->maxy};
  for (const Cell* cell = begin + 1; cell < end; ++cell) {
    bounds.minx = std::min(bounds.minx, cell->minx);
    bounds.maxx = std::max(bounds.maxx, cell->maxx);
    bounds.miny = std::min(bounds.miny, cell->miny);
    bounds.maxy = std::max(bounds.maxy, cell->maxy);
  }
  return bounds;
}

// Sort-Tile-Recursive order for nodes of `capacity` cells: by the centres' x, then within each
// vertical slice of slice_cells(n) cells by the centres' y.
long long slice_cells(long long cells, int capacity) {
  const long long nodes = (cells + capacity - 1) / capacity;
  const auto slices = static_cast<long long>(std::ceil(std::sqrt(static_cast<double>(nodes))));
  return std::max<long long>(1, slices) * capacity;
}

void sort_tile(std::vector<Cell>& cells, int capacity) {
  const auto by_x = [](const Cell& a, const Cell& b) {
    return static_cast<double>(a.minx) + a.maxx < static_cast<double>(b.minx) + b.maxx;
  };
  const auto by_y = [](const Cell& a, const Cell& b) {
    return static_cast<double>(a.miny) + a.maxy < static_cast<double>(b.miny) + b.maxy;
  };
  std::sort(cells.begin(), cells.end(), by_x);
  const auto slice = static_cast<size_t>(slice_cells(static_cast<long long>(cells.size()), capacity));
  for (size_t begin = 0; begin < cells.size(); begin += slice) {
    std::sort(cells.begin() + static_cast<std::ptrdiff_t>(begin),
              cells.begin() + static_cast<std::ptrdiff_t>(std::min(cells.size(), begin + slice)), by_y);
  }
}

// The R-tree's tables on GDAL's SQLite connection, and the statements that write them.
class RtreeTables {
 public:
  RtreeTables(sqlite3* db, const std::string& rtree, const std::string& layer) : db_(db), layer_(layer) {
    node_ = prepare("INSERT OR REPLACE INTO " + sql_identifier(rtree + "_node") + "(nodeno, data) VALUES (?1, ?2)");
    parent_ = prepare("INSERT INTO " + sql_identifier(rtree + "_parent") + "(nodeno, parentnode) VALUES (?1, ?2)");
    rowid_ = prepare("INSERT INTO " + sql_identifier(rtree + "_rowid") + "(rowid, nodeno) VALUES (?1, ?2)");
  }

  Statement prepare(const std::string& sql) const { return prepare_statement(db_, sql, layer_); }

  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("the spatial index of layer " + layer_ + ": " + what + ": " + sqlite3_errmsg(db_));
  }

  void step_done(sqlite3_stmt* statement, const char* what) const {
    if (sqlite3_step(statement) != SQLITE_DONE) fail(what);
    sqlite3_reset(statement);
  }

  // Writes node `nodeno` (`depth` is stored in the root only), of `node_bytes` bytes.
  void write_node(long long nodeno, const Cell* begin, const Cell* end, int node_bytes, int depth) {
    blob_.assign(static_cast<size_t>(node_bytes), 0);
    unsigned char* p = blob_.data();
    put_u16(p, nodeno == 1 ? static_cast<unsigned>(depth) : 0u);
    put_u16(p + 2, static_cast<unsigned>(end - begin));
    p += 4;
    for (const Cell* cell = begin; cell < end; ++cell, p += kCellBytes) {
      put_i64(p, cell->id);
      put_float(p + 8, cell->minx);
      put_float(p + 12, cell->maxx);
      put_float(p + 16, cell->miny);
      put_float(p + 20, cell->maxy);
    }
    sqlite3_bind_int64(node_.get(), 1, nodeno);
    sqlite3_bind_blob(node_.get(), 2, blob_.data(), node_bytes, SQLITE_STATIC);
    step_done(node_.get(), "writing an R-tree node");
  }

  void write_rowid(long long fid, long long nodeno) {
    sqlite3_bind_int64(rowid_.get(), 1, fid);
    sqlite3_bind_int64(rowid_.get(), 2, nodeno);
    step_done(rowid_.get(), "writing an R-tree row");
  }

  void write_parent(long long nodeno, long long parent) {
    sqlite3_bind_int64(parent_.get(), 1, nodeno);
    sqlite3_bind_int64(parent_.get(), 2, parent);
    step_done(parent_.get(), "writing an R-tree parent");
  }

 private:
  sqlite3* db_;
  std::string layer_;
  Statement node_, parent_, rowid_;
  std::vector<unsigned char> blob_;
};

sqlite3* sqlite_handle(GDALDataset& dataset) {
  auto* db = static_cast<sqlite3*>(dataset.GetInternalHandle("SQLITE_HANDLE"));
  if (!db) throw std::runtime_error("GDAL gives no SQLite connection for " + std::string(dataset.GetDescription()));
  return db;
}

void exec(sqlite3* db, const std::string& sql, const std::string& layer) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string why = message ? message : "unknown SQLite error";
    sqlite3_free(message);
    throw std::runtime_error("the spatial index of layer " + layer + ": `" + sql + "` failed: " + why);
  }
}

// GDAL's CreateSpatialIndex on the new, empty layer: the R-tree, its triggers and its
// gpkg_extensions row. The names are data, passed as SQL literals.
void create_spatial_index(GDALDataset& dataset, OGRLayer& layer) {
  const std::string sql = "SELECT CreateSpatialIndex(" + sql_literal(layer.GetName()) + ", " +
                          sql_literal(layer.GetGeometryColumn()) + ")";
  CPLErrorReset();
  OGRLayer* result = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  bool created = false;
  if (result) {
    OGRFeatureUniquePtr row(result->GetNextFeature());
    created = row && row->GetFieldAsInteger(0) == 1;
    dataset.ReleaseResultSet(result);
  }
  if (!created) {
    throw std::runtime_error("creating the spatial index of " + std::string(layer.GetName()) + " failed: " +
                             CPLGetLastErrorMsg());
  }
}

// Sets an SQLite connection's page cache size for a while, restored by restore() or at the end.
class CacheSize {
 public:
  CacheSize(sqlite3* db, int kib, const std::string& layer) : db_(db), layer_(layer) {
    Statement query = prepare_statement(db_, "PRAGMA cache_size", layer_);
    if (sqlite3_step(query.get()) != SQLITE_ROW) throw std::runtime_error("reading the SQLite cache size failed");
    previous_ = sqlite3_column_int64(query.get(), 0);
    query.reset();
    exec(db_, "PRAGMA cache_size = " + std::to_string(-static_cast<long long>(kib)), layer_);
    set_ = true;
  }
  CacheSize(const CacheSize&) = delete;
  CacheSize& operator=(const CacheSize&) = delete;
  ~CacheSize() {
    if (set_) sqlite3_exec(db_, ("PRAGMA cache_size = " + std::to_string(previous_)).c_str(), nullptr, nullptr, nullptr);
  }
  void restore() {
    if (!set_) return;
    set_ = false;
    exec(db_, "PRAGMA cache_size = " + std::to_string(previous_), layer_);
  }

 private:
  sqlite3* db_;
  std::string layer_;
  long long previous_ = 0;
  bool set_ = false;
};

// The page cache while SQLite sorts the boxes (see fill()).
constexpr int kSortingCacheKib = 4096;

// Fids are dense when they span less than this many times the features (see pack()).
constexpr long long kDenseFids = 2;

}  // namespace


PackedSpatialIndex::PackedSpatialIndex(GDALDataset& dataset, OGRLayer& layer)
    : dataset_(dataset),
      table_(layer.GetName()),
      fid_column_(*layer.GetFIDColumn() ? layer.GetFIDColumn() : "rowid"),
      geometry_column_(layer.GetGeometryColumn()),
      rtree_("rtree_" + table_ + "_" + geometry_column_) {
  if (!EQUAL(dataset.GetDriver()->GetDescription(), "GPKG") || layer.GetGeomType() == wkbNone) {
    throw std::invalid_argument("a packed spatial index is for GeoPackage layers with geometry");
  }
  create_spatial_index(dataset, layer);
  sqlite3* db = sqlite_handle(dataset);
  RtreeTables tables(db, rtree_, table_);
  const std::string trigger = rtree_ + "_insert";
  Statement query = tables.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1");
  sqlite3_bind_text(query.get(), 1, trigger.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(query.get()) != SQLITE_ROW || !sqlite3_column_text(query.get(), 0)) {
    throw std::runtime_error("the spatial index of layer " + table_ + ": GDAL made no trigger " + trigger);
  }
  insert_trigger_sql_ = reinterpret_cast<const char*>(sqlite3_column_text(query.get(), 0));
  query.reset();
  exec(db, "DROP TRIGGER " + sql_identifier(trigger), table_);
}

void PackedSpatialIndex::fill() {
  if (filled_) throw std::logic_error("PackedSpatialIndex::fill called twice");
  filled_ = true;
  sqlite3* db = sqlite_handle(dataset_);
  const bool own_transaction = sqlite3_get_autocommit(db) != 0;
  if (own_transaction && dataset_.StartTransaction() != OGRERR_NONE) {
    throw std::runtime_error("the spatial index of layer " + table_ + ": starting a transaction failed");
  }
  try {
    pack(db);
  } catch (...) {
    if (own_transaction) dataset_.RollbackTransaction();
    throw;
  }
  if (own_transaction && dataset_.CommitTransaction() != OGRERR_NONE) {
    throw std::runtime_error("the spatial index of layer " + table_ + ": committing failed");
  }
}

void PackedSpatialIndex::pack(sqlite3* db) {
  RtreeTables tables(db, rtree_, table_);

  // SQLite sizes every node like the root it made: 4 bytes of header, then the cells.
  Statement root = tables.prepare("SELECT length(data) FROM " + sql_identifier(rtree_ + "_node") + " WHERE nodeno = 1");
  if (sqlite3_step(root.get()) != SQLITE_ROW) tables.fail("reading the R-tree's root");
  const int node_bytes = sqlite3_column_int(root.get(), 0);
  root.reset();
  const int capacity = (node_bytes - 4) / kCellBytes;
  if (capacity < 2) tables.fail("an R-tree node of " + std::to_string(node_bytes) + " bytes");
  Statement rows = tables.prepare("SELECT EXISTS (SELECT 1 FROM " + sql_identifier(rtree_ + "_rowid") + ")");
  if (sqlite3_step(rows.get()) != SQLITE_ROW) tables.fail("reading the R-tree");
  if (sqlite3_column_int(rows.get(), 0) != 0) tables.fail("the R-tree is not empty");
  rows.reset();

  // The features, an upper bound of the entries (null or empty geometries are not indexed).
  Statement count = tables.prepare("SELECT COUNT(*) FROM " + sql_identifier(table_));
  if (sqlite3_step(count.get()) != SQLITE_ROW) tables.fail("counting the features");
  const long long features = sqlite3_column_int64(count.get(), 0);
  count.reset();

  // Every box, in Sort-Tile-Recursive order, sorted by SQLite (which spills to disk): the
  // features' boxes are GDAL's ST_MinX... of the geometry blobs, as GDAL's own index has them.
  const std::string g = sql_identifier(geometry_column_);
  Statement boxes = tables.prepare(
      "SELECT id, minx, maxx, miny, maxy FROM ("
      "SELECT id, minx, maxx, miny, maxy, ROW_NUMBER() OVER (ORDER BY minx + maxx) - 1 AS rx FROM ("
      "SELECT " + sql_identifier(fid_column_) + " AS id, ST_MinX(" + g + ") AS minx, ST_MaxX(" + g + ") AS maxx, "
      "ST_MinY(" + g + ") AS miny, ST_MaxY(" + g + ") AS maxy FROM " + sql_identifier(table_) +
      " WHERE " + g + " IS NOT NULL AND NOT ST_IsEmpty(" + g + "))) ORDER BY rx / ?1, miny + maxy");
  sqlite3_bind_int64(boxes.get(), 1, slice_cells(features, capacity));
  // SQLite lets each of the two sorts hold as much memory as the page cache (12 MB on our
  // outputs, output.h); a smaller cache while they sort keeps `area -o` of 2,000,000 parcels
  // within 100 MB of memory (about 16 MB less) in no measurable time. With
  // dense fids every table is then written in key order, which needs no more, and the small
  // cache is kept to the end; with sparse ones, the cache is back to its size from the first
  // row on, for the row map.
  CacheSize sorting(db, kSortingCacheKib, table_);

  // The R-tree's row map (fid -> leaf) is a table keyed by fid. Written in STR order, its rows
  // land on random pages, and once it outgrows the page cache every row reads and writes a page:
  // at 2,000,000 parcels that took 40 % of this pass. When the fids are dense, each one's leaf
  // is noted in an array (4 bytes a fid: 8 MB at 2,000,000) and the rows are written in fid
  // order, after the leaves.
  Statement range = tables.prepare("SELECT MIN(" + sql_identifier(fid_column_) + "), MAX(" +
                                   sql_identifier(fid_column_) + ") FROM " + sql_identifier(table_));
  if (sqlite3_step(range.get()) != SQLITE_ROW) tables.fail("reading the range of fids");
  const long long first_fid = sqlite3_column_int64(range.get(), 0);
  const long long last_fid = sqlite3_column_int64(range.get(), 1);
  range.reset();
  // The span in unsigned arithmetic: fids kept from a source may be anywhere in 64 bits, and
  // last - first may not fit in a signed one.
  const unsigned long long fid_span =
      static_cast<unsigned long long>(last_fid) - static_cast<unsigned long long>(first_fid);
  std::vector<std::uint32_t> leaf_of;  // by fid - first_fid; 0: not indexed
  if (features > 0 && features < std::numeric_limits<std::uint32_t>::max() / 2 &&
      fid_span < static_cast<unsigned long long>(kDenseFids * features)) {
    leaf_of.assign(static_cast<size_t>(fid_span + 1), 0);
  }
  const auto note_rows = [&](const std::vector<Cell>& cells, long long nodeno) {
    for (const Cell& cell : cells) {
      if (!leaf_of.empty() && cell.id >= first_fid && cell.id <= last_fid) {
        leaf_of[static_cast<size_t>(cell.id - first_fid)] = static_cast<std::uint32_t>(nodeno);
      } else {
        tables.write_rowid(cell.id, nodeno);
      }
    }
  };

  std::vector<Cell> leaf;
  leaf.reserve(static_cast<size_t>(capacity));
  std::vector<Cell> level;  // the leaves written: their numbers and bounds
  long long next_node = 2;  // node 1 is the root, written last
  const auto write_leaf = [&] {
    const long long nodeno = next_node++;
    tables.write_node(nodeno, leaf.data(), leaf.data() + leaf.size(), node_bytes, 0);
    note_rows(leaf, nodeno);
    level.push_back(bounds_of(nodeno, leaf.data(), leaf.data() + leaf.size()));
    leaf.clear();
  };
  int step;
  while ((step = sqlite3_step(boxes.get())) == SQLITE_ROW) {
    if (leaf_of.empty()) sorting.restore();  // sorted
    const long long fid = sqlite3_column_int64(boxes.get(), 0);
    double box[4];
    for (int i = 0; i < 4; ++i) {
      if (sqlite3_column_type(boxes.get(), i + 1) == SQLITE_NULL ||
          std::isnan(box[i] = sqlite3_column_double(boxes.get(), i + 1))) {
        throw std::runtime_error("the spatial index of layer " + table_ + ": feature " + std::to_string(fid) +
                                 " has a geometry whose bounding box cannot be read");
      }
    }
    if (static_cast<int>(leaf.size()) == capacity) write_leaf();
    leaf.push_back({fid, float_down(box[0]), float_up(box[1]), float_down(box[2]), float_up(box[3])});
    ++entries_;
  }
  if (step != SQLITE_DONE) tables.fail("reading the features' bounding boxes");
  boxes.reset();

  if (level.empty()) {  // one node at most: the root is a leaf
    tables.write_node(1, leaf.data(), leaf.data() + leaf.size(), node_bytes, 0);
    note_rows(leaf, 1);
    depth_ = 0;
  } else {
    if (!leaf.empty()) write_leaf();
    depth_ = 1;
  }
  for (size_t i = 0; i < leaf_of.size(); ++i) {
    if (leaf_of[i] != 0) tables.write_rowid(first_fid + static_cast<long long>(i), leaf_of[i]);
  }
  std::vector<std::uint32_t>().swap(leaf_of);
  if (depth_ > 0) {
    while (static_cast<long long>(level.size()) > capacity) {
      sort_tile(level, capacity);
      std::vector<Cell> parents;
      for (size_t begin = 0; begin < level.size(); begin += static_cast<size_t>(capacity)) {
        const Cell* first = level.data() + begin;
        const Cell* last = level.data() + std::min(level.size(), begin + static_cast<size_t>(capacity));
        const long long nodeno = next_node++;
        tables.write_node(nodeno, first, last, node_bytes, 0);
        for (const Cell* child = first; child < last; ++child) tables.write_parent(child->id, nodeno);
        parents.push_back(bounds_of(nodeno, first, last));
      }
      level.swap(parents);
      ++depth_;
    }
    tables.write_node(1, level.data(), level.data() + level.size(), node_bytes, depth_);
    for (const Cell& child : level) tables.write_parent(child.id, 1);
  }
  exec(db, insert_trigger_sql_, table_);
}

#endif  // PARKLAYERS_PACKED_GPKG_INDEX

bool packs_spatial_index(const std::string& driver_name) {
#ifdef PARKLAYERS_PACKED_GPKG_INDEX
  return driver_name == "GPKG";
#else
  (void)driver_name;
  return false;
#endif
}

}  // namespace parklayers
