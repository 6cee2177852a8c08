#include "support/generated_doc.hpp"

#include <fstream>
#include <sstream>

namespace furrow::testing {

std::optional<std::string> generated_doc_section(std::string_view page_in_repo, std::string_view begin,
                                                 std::string_view end) {
    std::ifstream in(std::string(FURROW_SOURCE_DIR) + "/" + std::string(page_in_repo));
    if (!in) return std::nullopt;
    std::stringstream page;
    page << in.rdbuf();
    const std::string text = page.str();
    const auto first = text.find(begin);
    const auto last = text.find(end);
    if (first == std::string::npos || last == std::string::npos) return std::nullopt;
    return text.substr(first, last - first + end.size()) + "\n";
}

} // namespace furrow::testing
