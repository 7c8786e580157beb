// SPDX-License-Identifier: GPL-2.0-or-later
// schema: the one list of the park's layers. The source's layers, the built layers and the
// styled layers agree with each other.
#include "parklayers/park/schema.h"

#include <algorithm>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "parklayers/park/styles.h"

namespace parklayers {
namespace {

TEST(Schema, SourceLayersInReadingOrder) {
  std::vector<std::string> names;
  for (const LayerSpec& spec : park_schema()) names.push_back(spec.name);
  EXPECT_EQ(names, (std::vector<std::string>{"parcels", "buildings", "roads", "amenities", "tenants", "stated_figures"}));
  for (const LayerSpec& spec : park_schema()) {
    ASSERT_FALSE(spec.fields.empty()) << spec.name;
    EXPECT_EQ(spec.fields[0].name, "id") << spec.name;  // every message names a feature by it
    for (const FieldSpec& field : spec.fields) EXPECT_LE(field.name.size(), 10u) << field.name;  // dBase
  }
  EXPECT_THROW(layer_spec("nothing"), std::out_of_range);
}

// Every source layer but the stated figures is built, with its geometry kind; then the checks
// and the boundary.
TEST(Schema, BuiltLayersFollowTheSource) {
  std::vector<std::string> expected;
  for (const LayerSpec& spec : park_schema()) {
    if (spec.name == "stated_figures") continue;
    expected.push_back(spec.name);
    const auto built = std::find_if(built_layers().begin(), built_layers().end(),
                                    [&](const BuiltLayer& layer) { return layer.name == spec.name; });
    ASSERT_NE(built, built_layers().end()) << spec.name;
    EXPECT_EQ(built->geometry, spec.geometry) << spec.name;
  }
  expected.push_back("area_checks");
  expected.push_back("park_boundary");
  EXPECT_EQ(built_layer_names(), expected);
  for (const BuiltLayer& layer : built_layers()) {
    EXPECT_FALSE(layer.description.empty()) << layer.name;
    // A general description: the schema serves any park, not one.
    EXPECT_EQ(layer.description.find("Anting"), std::string::npos) << layer.name;
    EXPECT_EQ(layer.description.find("Bao'an"), std::string::npos) << layer.name;
  }
}

TEST(Schema, StyledLayersAreBuiltLayersInOrder) {
  const std::vector<std::string>& built = built_layer_names();
  size_t last = 0;
  for (const std::string& name : styled_layer_names()) {
    const auto at = std::find(built.begin(), built.end(), name);
    ASSERT_NE(at, built.end()) << name;
    const size_t index = static_cast<size_t>(at - built.begin());
    EXPECT_GE(index, last) << name;
    last = index;
  }
  EXPECT_EQ(styled_layer_names(),
            (std::vector<std::string>{"parcels", "buildings", "roads", "amenities", "park_boundary"}));
}

}  // namespace
}  // namespace parklayers
