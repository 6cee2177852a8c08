#pragma once
// Docs pages with a section generated from code (docs/FORMATS.md's column catalogue, docs/CROPS.md's
// crop names): tests compare the section as committed with what the generator prints now.
#include <optional>
#include <string>
#include <string_view>

namespace furrow::testing {

// The page's section from `begin` through `end` (both markers included) plus the newline the
// generators end with; nothing when the page cannot be read or lacks either marker.
std::optional<std::string> generated_doc_section(std::string_view page_in_repo, std::string_view begin,
                                                 std::string_view end);

} // namespace furrow::testing
