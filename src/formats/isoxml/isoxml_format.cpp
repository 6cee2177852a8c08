#include "formats/isoxml/isoxml_format.hpp"

#include "core/strings.hpp"
#include "formats/detect_helpers.hpp"

namespace furrow::formats::isoxml {
namespace {

// Every TASKDATA.XML is one data set: the folder it sits in, with its TLG and XFR files.
std::vector<Dataset> detect(const Bundle& bundle) {
    return detail::datasets_by_marker(bundle, [](std::string_view path) -> std::optional<std::string> {
        if (!iequals(detail::file_name_of(path), "TASKDATA.XML")) return std::nullopt;
        return detail::parent_of(path);
    }, false);
}

} // namespace

Format format() {
    return {"isoxml", "ISO 11783-10 TASKDATA (ISOXML)", "ISO11783", "Leaf", detect,
            "the ISOXML reader is not part of this version yet"};
}

} // namespace furrow::formats::isoxml
