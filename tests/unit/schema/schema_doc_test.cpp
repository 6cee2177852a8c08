#include "schema/property_registry.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace furrow::schema {

// docs/SCHEMA.md is the registry in prose; it must name every property, in a table row.
TEST(SchemaDoc, lists_every_registered_property) {
    std::ifstream in(std::string(FURROW_SOURCE_DIR) + "/docs/SCHEMA.md");
    ASSERT_TRUE(in) << "docs/SCHEMA.md is missing";
    std::stringstream text;
    text << in.rdbuf();
    for (const auto& p : all_properties())
        EXPECT_NE(text.str().find("| `" + std::string(p.key) + "` |"), std::string::npos) << p.key << " is not in docs/SCHEMA.md";
}

} // namespace furrow::schema
