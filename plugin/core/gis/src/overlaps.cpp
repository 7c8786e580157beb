// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/gis/overlaps.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "parklayers/gis/area.h"
#include "parklayers/gis/disjoint_interiors.h"
#include "parklayers/gis/geos.h"
#include "parklayers/gis/portable.h"
#include "parklayers/gis/simple_polygon.h"
#include "parklayers/gis/worker.h"

namespace parklayers {
namespace {

// What the finder keeps of each feature, the bound on its memory: the envelope as four floats
// rounded outward (16 bytes), where its record starts in the scratch file (4 bytes, in 8-byte
// units: files up to 32 GB) and, from find() on, its number in the order it was added, kept in
// the tree's order (4 bytes): 24 bytes a feature, 48 MB for 2,000,000 parcels. This replaces
// GEOS 3.11's C-API STR tree (GEOSSTRtree_create_r), which costs about 48 bytes an item (its
// envelope in doubles, its node, the caller's pointer) plus the growth of its vectors, and would
// still need the geometries or their places kept beside it.
struct Box {
  float min_x, min_y, max_x, max_y;
};

// Floats never inside the double envelope: a box never smaller than the polygon, so no overlap
// is lost (boxes of neighbours overlap a little more often, which the exact test settles).
float float_below(double value) {
  float f = static_cast<float>(value);
  if (static_cast<double>(f) > value) f = std::nextafter(f, -std::numeric_limits<float>::infinity());
  return f;
}
float float_above(double value) {
  float f = static_cast<float>(value);
  if (static_cast<double>(f) < value) f = std::nextafter(f, std::numeric_limits<float>::infinity());
  return f;
}

// Envelopes overlapping in an area (not only along an edge or at a corner).
bool overlap(const Box& a, const Box& b) {
  return a.min_x < b.max_x && b.min_x < a.max_x && a.min_y < b.max_y && b.min_y < a.max_y;
}

// An array in chunks of 64K items: it grows without reallocating (no moment with the old and
// the new array both alive, as when a std::vector doubles), and the items stay in place.
template <typename T>
class ChunkedArray {
 public:
  void push_back(const T& value) {
    if ((size_ & kMask) == 0) chunks_.push_back(std::make_unique<T[]>(kChunk));
    chunks_.back()[size_ & kMask] = value;
    ++size_;
  }
  T& operator[](std::size_t i) { return chunks_[i >> kShift][i & kMask]; }
  const T& operator[](std::size_t i) const { return chunks_[i >> kShift][i & kMask]; }
  std::size_t size() const { return size_; }

 private:
  static constexpr std::size_t kShift = 16, kChunk = std::size_t{1} << kShift, kMask = kChunk - 1;
  std::vector<std::unique_ptr<T[]>> chunks_;
  std::size_t size_ = 0;
};

// Entries of a node of the tree; 16 keeps a node's boxes in four cache lines.
constexpr std::size_t kNodeSize = 16;
constexpr unsigned kNodeShift = 4;  // log2(kNodeSize)

// A feature's record in the scratch file, 8-byte aligned: fid (int64), part count and ring count
// (uint32 each), each ring's end (uint32, in positions), each part's end (uint32, in rings),
// padding to 8 bytes, then x, y of every position (doubles).
void encode(long long fid, const PolygonRings& rings, std::vector<char>& out) {
  const auto put = [&out](const void* data, std::size_t size) {
    out.insert(out.end(), static_cast<const char*>(data), static_cast<const char*>(data) + size);
  };
  const std::int64_t id = fid;
  const auto parts = static_cast<std::uint32_t>(rings.part_ends.size());
  const auto ring_count = static_cast<std::uint32_t>(rings.ring_ends.size());
  put(&id, sizeof id);
  put(&parts, sizeof parts);
  put(&ring_count, sizeof ring_count);
  put(rings.ring_ends.data(), 4 * std::size_t{ring_count});
  put(rings.part_ends.data(), 4 * std::size_t{parts});
  out.resize((out.size() + 7) & ~std::size_t{7}, '\0');
  put(rings.xy.data(), sizeof(double) * rings.xy.size());
}

// A feature read back from the scratch file, with GEOS's form of it made when first needed.
struct Shape {
  std::uint32_t item = std::numeric_limits<std::uint32_t>::max();  // its place in the tree's order
  long long fid = -1;
  PolygonRings rings;
  GeosGeometry geos;
  GeosPrepared prepared;  // for large shapes only; destroyed before the geometry it refers to

  bool large() const { return rings.xy.size() / 2 - rings.ring_count() > kMaxProvenEdges; }
};

void decode(const char* data, std::size_t size, Shape& shape) {
  const auto fail = [] { throw std::runtime_error("the overlap finder's scratch file reads back wrong"); };
  if (size < 16) fail();
  std::int64_t fid = 0;
  std::uint32_t parts = 0, ring_count = 0;
  std::memcpy(&fid, data, 8);
  std::memcpy(&parts, data + 8, 4);
  std::memcpy(&ring_count, data + 12, 4);
  std::size_t at = 16;
  if (at + 4 * (std::size_t{ring_count} + parts) > size) fail();
  PolygonRings& rings = shape.rings;
  rings.ring_ends.resize(ring_count);
  std::memcpy(rings.ring_ends.data(), data + at, 4 * std::size_t{ring_count});
  at += 4 * std::size_t{ring_count};
  rings.part_ends.resize(parts);
  std::memcpy(rings.part_ends.data(), data + at, 4 * std::size_t{parts});
  at = (at + 4 * std::size_t{parts} + 7) & ~std::size_t{7};
  const std::size_t positions = ring_count ? rings.ring_ends.back() : 0;
  if (at + 16 * positions != size) fail();
  rings.xy.resize(2 * positions);
  std::memcpy(rings.xy.data(), data + at, 16 * positions);
  rings.finish();
  shape.fid = fid;
}

// The OGR geometry of rings (a polygon, or a multipolygon of several parts), for GEOS.
std::unique_ptr<OGRGeometry> to_ogr(const PolygonRings& rings) {
  auto multi = std::make_unique<OGRMultiPolygon>();
  std::uint32_t ring = 0, position = 0;
  for (const std::uint32_t part_end : rings.part_ends) {
    auto polygon = std::make_unique<OGRPolygon>();
    for (; ring < part_end; ++ring) {
      auto linear = std::make_unique<OGRLinearRing>();
      const std::uint32_t end = rings.ring_ends[ring];
      linear->setNumPoints(static_cast<int>(end - position), FALSE);
      for (int i = 0; position < end; ++position, ++i) {
        linear->setPoint(i, rings.xy[2 * std::size_t{position}], rings.xy[2 * std::size_t{position} + 1]);
      }
      polygon->addRingDirectly(linear.release());
    }
    multi->addGeometryDirectly(polygon.release());
  }
  if (multi->getNumGeometries() == 1) return std::unique_ptr<OGRGeometry>(multi->getGeometryRef(0)->clone());
  return multi;
}

}  // namespace

struct OverlapFinder::State {
  explicit State(const OGRSpatialReference& source_crs) : crs(source_crs), calculator(source_crs) {}

  OGRSpatialReference crs;
  AreaCalculator calculator;  // made here so a CRS it refuses is refused at once; one worker's
  ScratchFile file;
  std::vector<char> buffer;  // records not yet appended to the file
  ChunkedArray<Box> boxes;  // in the order added; in the tree's order after find() sorts them
  ChunkedArray<std::uint32_t> offsets;  // where each record starts, in 8-byte units, in the order added
  std::size_t added = 0;
  bool found = false;
  PolygonRings scratch;

  void flush() {
    file.append(buffer.data(), buffer.size());
    buffer.clear();
  }
};

OverlapFinder::OverlapFinder(const OGRSpatialReference& crs) : state_(std::make_unique<State>(crs)) {}

OverlapFinder::~OverlapFinder() = default;

std::size_t OverlapFinder::size() const { return state_->added; }

void OverlapFinder::add(long long fid, const OGRGeometry& geometry) {
  State& s = *state_;
  if (s.found) throw std::logic_error("OverlapFinder::add after find");
  PolygonRings& rings = s.scratch;
  rings.clear();
  if (!append_polygons(geometry, rings)) {
    if (geometry.IsEmpty()) {
      ++s.added;
      return;
    }
    throw std::invalid_argument("feature " + std::to_string(fid) + ": " + geometry.getGeometryName() +
                                " is no polygon: overlaps are found between polygons");
  }
  // Feature numbers are 31 bits (find() marks them with the 32nd), file places 32 bits of 8 bytes.
  const std::uint64_t start = s.file.size() + s.buffer.size();
  if (s.boxes.size() >= (std::size_t{1} << 31) || start / 8 > std::numeric_limits<std::uint32_t>::max()) {
    throw std::runtime_error("more features than the overlap finder holds");
  }
  s.boxes.push_back(Box{float_below(rings.min_x), float_below(rings.min_y), float_above(rings.max_x),
                        float_above(rings.max_y)});
  s.offsets.push_back(static_cast<std::uint32_t>(start / 8));
  encode(fid, rings, s.buffer);
  if (s.buffer.size() >= (std::size_t{1} << 20)) s.flush();
  ++s.added;
}

namespace {

// The packed tree over the boxes, sorted into its order (sort-tile-recursive: by x into
// vertical slices of about sqrt(n / 16) leaves, each slice by y), and one level of node boxes
// above another up to a single root.
class PackedTree {
 public:
  // Sorts boxes into the tree's order; order[k] is then the number (in the order added) of the
  // feature whose box is boxes[k].
  PackedTree(ChunkedArray<Box>& boxes, std::vector<std::uint32_t>& order) : boxes_(boxes) {
    const std::size_t n = boxes.size();
    order.resize(n);
    std::iota(order.begin(), order.end(), 0u);
    const auto centre_x = [&](std::uint32_t i) { return double{boxes[i].min_x} + double{boxes[i].max_x}; };
    const auto centre_y = [&](std::uint32_t i) { return double{boxes[i].min_y} + double{boxes[i].max_y}; };
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      const double ca = centre_x(a), cb = centre_x(b);
      return ca < cb || (ca == cb && a < b);
    });
    const std::size_t leaves = (n + kNodeSize - 1) / kNodeSize;
    const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(leaves))));
    slice_size_ = std::max<std::size_t>(1, slices) * kNodeSize;
    for (std::size_t begin = 0; begin < n; begin += slice_size_) {
      const auto first = order.begin() + static_cast<std::ptrdiff_t>(begin);
      const auto last = order.begin() + static_cast<std::ptrdiff_t>(std::min(n, begin + slice_size_));
      std::sort(first, last, [&](std::uint32_t a, std::uint32_t b) {
        const double ca = centre_y(a), cb = centre_y(b);
        return ca < cb || (ca == cb && a < b);
      });
    }
    // The boxes moved into that order in place, one cycle of the permutation after another.
    std::vector<bool> placed(n, false);
    for (std::size_t start = 0; start < n; ++start) {
      if (placed[start]) continue;
      const Box first = boxes[start];
      std::size_t k = start;
      for (;;) {
        placed[k] = true;
        const std::size_t next = order[k];
        if (next == start) {
          boxes[k] = first;
          break;
        }
        boxes[k] = boxes[next];
        k = next;
      }
    }
    // The levels above the leaves.
    std::size_t count = n;
    while (count > 1) {
      std::vector<Box> level((count + kNodeSize - 1) / kNodeSize);
      for (std::size_t node = 0; node < level.size(); ++node) {
        Box box = child(levels_.size(), node * kNodeSize);
        for (std::size_t c = node * kNodeSize + 1; c < std::min(count, (node + 1) * kNodeSize); ++c) {
          const Box& other = child(levels_.size(), c);
          box = Box{std::min(box.min_x, other.min_x), std::min(box.min_y, other.min_y), std::max(box.max_x, other.max_x),
                    std::max(box.max_y, other.max_y)};
        }
        level[node] = box;
      }
      count = level.size();
      levels_.push_back(std::move(level));
    }
  }

  std::size_t size() const { return boxes_.size(); }
  // Features in one slice: how far ahead in the tree's order a neighbour across a slice lies.
  std::size_t slice_size() const { return slice_size_; }

  // The features after `item` in the tree's order whose boxes overlap its own in an area.
  void later_overlapping(std::uint32_t item, std::vector<std::uint32_t>& found,
                         std::vector<std::pair<std::size_t, std::size_t>>& stack) const {
    found.clear();
    const std::size_t n = boxes_.size();
    if (n < 2) return;
    const Box query = boxes_[item];
    stack.clear();
    stack.emplace_back(levels_.size(), 0);  // (level, node); level 0 holds the features
    while (!stack.empty()) {
      const auto [level, node] = stack.back();
      stack.pop_back();
      const std::size_t first = node * kNodeSize;
      const std::size_t below = level == 1 ? n : levels_[level - 2].size();
      const std::size_t last = std::min(below, first + kNodeSize);
      for (std::size_t c = first; c < last; ++c) {
        if (level == 1) {
          if (c > item && overlap(query, boxes_[c])) found.push_back(static_cast<std::uint32_t>(c));
          continue;
        }
        // A node whose features all come before `item` holds nothing wanted.
        const std::uint64_t last_feature = ((std::uint64_t{c} + 1) << (kNodeShift * (level - 1))) - 1;
        if (last_feature > item && overlap(query, levels_[level - 2][c])) stack.emplace_back(level - 1, c);
      }
    }
  }

 private:
  const Box& child(std::size_t level, std::size_t i) const { return level == 0 ? boxes_[i] : levels_[level - 1][i]; }

  const ChunkedArray<Box>& boxes_;
  std::vector<std::vector<Box>> levels_;  // levels_[0]: nodes over the features, ...; the last: the root
  std::size_t slice_size_ = kNodeSize;
};

// One worker's view of the features: a direct-mapped cache of shapes read back, by place in the
// tree's order. A feature's overlapping neighbours come after it within about two slices of
// the tree, so a cache of that many places keeps each one from being read more than once.
class ShapeCache {
 public:
  ShapeCache(const ScratchFile& file, const ChunkedArray<std::uint32_t>& offsets, std::uint64_t end_unit,
             const std::vector<std::uint32_t>& order, std::size_t capacity)
      : file_(file), offsets_(offsets), end_unit_(end_unit), order_(order), slots_(capacity) {}

  // The shape at `item`; `keep` (another item) must stay where it is: when both map to one slot,
  // the shape is read into a spare slot instead.
  Shape& get(std::uint32_t item, std::uint32_t keep) {
    Shape& slot = slots_[item % slots_.size()];
    if (slot.item == item) return slot;
    const bool taken = keep != kNone && slots_[keep % slots_.size()].item == keep && item % slots_.size() == keep % slots_.size();
    Shape& target = taken ? spare_ : slot;
    if (target.item != item) read(item, target);
    return target;
  }

  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

 private:
  void read(std::uint32_t item, Shape& shape) {
    shape.prepared.reset();
    shape.geos.reset();
    shape.item = kNone;
    const std::uint32_t added = order_[item];
    const std::uint64_t begin = offsets_[added];
    const std::uint64_t end = added + 1 < offsets_.size() ? offsets_[added + 1] : end_unit_;
    buffer_.resize(static_cast<std::size_t>(8 * (end - begin)));
    file_.read(8 * begin, buffer_.data(), buffer_.size());
    decode(buffer_.data(), buffer_.size(), shape);
    shape.item = item;
  }

  const ScratchFile& file_;
  const ChunkedArray<std::uint32_t>& offsets_;
  std::uint64_t end_unit_;
  const std::vector<std::uint32_t>& order_;
  std::vector<Shape> slots_;
  Shape spare_;
  std::vector<char> buffer_;
};

std::string pair_words(long long a, long long b) {
  return "features " + std::to_string(std::min(a, b)) + " and " + std::to_string(std::max(a, b)) + ": ";
}

// A worker's own objects (PROJ and GEOS objects belong to one thread).
struct Worker {
  std::unique_ptr<ShapeCache> cache;
  std::unique_ptr<GeosContext> geos;
  const AreaCalculator* calculator = nullptr;
  std::vector<std::uint32_t> candidates;
  std::vector<std::pair<std::size_t, std::size_t>> stack;
};

// GEOS's form of the shape, and for a large one its prepared form, made once while cached.
const GEOSGeometry& geos_of(const GeosContext& geos, Shape& shape) {
  if (!shape.geos) shape.geos = geos.from_ogr(*to_ogr(shape.rings));
  return *shape.geos;
}

// Whether the interiors of a and b meet, and then the area of their intersection.
bool measure_overlap(Worker& worker, Shape& a, Shape& b, double& area_m2) {
  const GeosContext& geos = *worker.geos;
  try {
    const GEOSGeometry& ga = geos_of(geos, a);
    const GEOSGeometry& gb = geos_of(geos, b);
    // A large polygon (a district boundary, a road) meets many envelopes without touching
    // their polygons: GEOS's prepared form answers those at once, and is made once while cached.
    Shape* large = a.large() ? &a : b.large() ? &b : nullptr;
    if (large) {
      if (!large->prepared) large->prepared = geos.prepare(*large->geos);
      if (!geos.intersects(*large->prepared, large == &a ? gb : ga)) return false;
    }
    if (!geos.interiors_intersect(ga, gb)) return false;
    const GeosGeometry intersection = geos.intersection(ga, gb);
    area_m2 = worker.calculator->area_m2(*geos.to_ogr(*intersection));
    return true;
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(pair_words(a.fid, b.fid) + error.what());
  } catch (const std::runtime_error& error) {
    throw std::runtime_error(pair_words(a.fid, b.fid) + error.what());
  }
}

}  // namespace

void OverlapFinder::find(const std::function<void(const OverlapPair&)>& on_pair) {
  State& s = *state_;
  if (s.found) throw std::logic_error("OverlapFinder::find called twice");
  s.found = true;
  s.flush();
  std::vector<OverlapPair> pairs;
  const std::size_t n = s.boxes.size();
  if (n >= 2) {
    std::vector<std::uint32_t> order;
    const PackedTree tree(s.boxes, order);

    const std::size_t worker_count = pipeline_workers();
    std::vector<std::unique_ptr<AreaCalculator>> calculators;  // made here: the CRS is read on this thread
    for (std::size_t w = 1; w < worker_count; ++w) calculators.push_back(std::make_unique<AreaCalculator>(s.crs));
    // The cache holds about two and a half slices (a power of two, 256 to 65,536 shapes).
    std::size_t capacity = 256;
    while (capacity < tree.slice_size() * 5 / 2 && capacity < (std::size_t{1} << 16)) capacity *= 2;
    std::vector<Worker> workers(worker_count);
    for (std::size_t w = 0; w < worker_count; ++w) {
      workers[w].calculator = w == 0 ? &s.calculator : calculators[w - 1].get();
      workers[w].cache = std::make_unique<ShapeCache>(s.file, s.offsets, s.file.size() / 8, order, capacity);
    }

    // The features in bands of the tree's order, a few per worker: each band is walked in order
    // by one worker, whose cache then serves the next slices' neighbours.
    const std::size_t band_count = std::max<std::size_t>(1, std::min((n + 4095) / 4096, worker_count * 8));
    const std::size_t band_size = (n + band_count - 1) / band_count;
    std::vector<std::size_t> slot_band(worker_count + 2);
    std::vector<std::vector<OverlapPair>> slot_pairs(slot_band.size());
    std::size_t next_band = 0;
    PipelineStages stages;
    stages.read = [&](std::size_t slot) {
      if (next_band * band_size >= n) return false;
      slot_band[slot] = next_band++;
      return true;
    };
    stages.process = [&](std::size_t slot, std::size_t w) {
      Worker& worker = workers[w];
      if (!worker.geos) worker.geos = std::make_unique<GeosContext>();
      std::vector<OverlapPair>& found = slot_pairs[slot];
      found.clear();
      const std::size_t begin = slot_band[slot] * band_size;
      const std::size_t end = std::min(n, begin + band_size);
      for (std::size_t i = begin; i < end; ++i) {
        const auto item = static_cast<std::uint32_t>(i);
        tree.later_overlapping(item, worker.candidates, worker.stack);
        if (worker.candidates.empty()) continue;
        Shape& a = worker.cache->get(item, ShapeCache::kNone);
        for (const std::uint32_t other : worker.candidates) {
          Shape& b = worker.cache->get(other, item);
          if (proven_interiors_disjoint(a.rings, b.rings)) continue;
          double area_m2 = 0;
          if (measure_overlap(worker, a, b, area_m2)) {
            found.push_back(OverlapPair{std::min(a.fid, b.fid), std::max(a.fid, b.fid), area_m2});
          }
        }
      }
    };
    stages.consume = [&](std::size_t slot) {
      pairs.insert(pairs.end(), slot_pairs[slot].begin(), slot_pairs[slot].end());
    };
    run_ordered_pipeline(slot_band.size(), worker_count, stages);
  }
  std::sort(pairs.begin(), pairs.end(), [](const OverlapPair& a, const OverlapPair& b) {
    return a.fid_a < b.fid_a || (a.fid_a == b.fid_a && a.fid_b < b.fid_b);
  });
  for (const OverlapPair& pair : pairs) on_pair(pair);
}

}  // namespace parklayers
