// docs/FORMATS.md shows the column catalogue generated from the data (`furrow catalogue`).
#include "formats/columns/catalogue_doc.hpp"
#include "support/generated_doc.hpp"

#include <gtest/gtest.h>

namespace furrow::formats::columns {

TEST(CatalogueDoc, formats_md_shows_the_catalogue_as_generated) {
    const auto shown = testing::generated_doc_section("docs/FORMATS.md", catalogue_doc_begin, catalogue_doc_end);
    ASSERT_TRUE(shown) << "docs/FORMATS.md is missing or has no generated catalogue section";
    EXPECT_EQ(*shown, catalogue_markdown()) << "regenerate it: furrow catalogue";
}

} // namespace furrow::formats::columns
