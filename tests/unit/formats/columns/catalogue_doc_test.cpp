// docs/FORMATS.md shows the column catalogue generated from the data (`furrow catalogue`).
#include "formats/columns/catalogue_doc.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace furrow::formats::columns {

TEST(CatalogueDoc, formats_md_shows_the_catalogue_as_generated) {
    std::ifstream in(std::string(FURROW_SOURCE_DIR) + "/docs/FORMATS.md");
    ASSERT_TRUE(in) << "docs/FORMATS.md is missing";
    std::stringstream page;
    page << in.rdbuf();
    const std::string text = page.str();
    const auto begin = text.find(catalogue_doc_begin);
    const auto end = text.find(catalogue_doc_end);
    ASSERT_NE(begin, std::string::npos) << "docs/FORMATS.md has no generated catalogue section";
    ASSERT_NE(end, std::string::npos);
    const std::string shown = text.substr(begin, end - begin + std::string(catalogue_doc_end).size()) + "\n";
    EXPECT_EQ(shown, catalogue_markdown()) << "regenerate it: furrow catalogue";
}

} // namespace furrow::formats::columns
