#include "api/text_limits.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

namespace furrow::api::limits {

void check_length(std::string_view field, std::string_view value, std::size_t max) {
    if (value.size() <= max) return;
    throw Error(ErrorCode::invalid_input, std::string(field),
                fmt::format("{}: longer than {} bytes ({})", field, max, value.size()));
}

void check_json_length(std::string_view field, const nlohmann::json& value, std::size_t max) {
    if (value.is_string()) return check_length(field, value.get_ref<const std::string&>(), max);
    check_length(field, value.dump(), max);
}

} // namespace furrow::api::limits
