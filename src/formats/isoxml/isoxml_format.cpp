#include "formats/isoxml/isoxml_format.hpp"

#include "core/strings.hpp"
#include "formats/detect_helpers.hpp"
#include "formats/isoxml/isoxml_reader.hpp"

namespace furrow::formats::isoxml {
namespace {

// Every TASKDATA.XML is one data set: the folder it sits in, with its TLG and XFR files.
// split_taskdata() then cuts it into one machine file per task with logged data.
std::vector<Dataset> detect(const Bundle& bundle) {
    return formats::detail::datasets_by_marker(bundle, [](std::string_view path) -> std::optional<std::string> {
        if (!iequals(formats::detail::file_name_of(path), "TASKDATA.XML")) return std::nullopt;
        return formats::detail::parent_of(path);
    }, false);
}

} // namespace

Format format() {
    return {"isoxml", "ISO 11783-10 TASKDATA (ISOXML)", "ISO11783", "Leaf", detect, "", split_taskdata, read_task};
}

} // namespace furrow::formats::isoxml
