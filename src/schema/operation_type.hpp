#pragma once
// The four operation types furrow converts, spelled as Leaf's `operationType`.
#include "core/enum_names.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace furrow::schema {

enum class OperationType { applied, planted, harvested, tillage };

// In the order the API's error messages list them.
inline constexpr std::array<EnumName<OperationType>, 4> operation_type_table = {{
    {OperationType::applied, "applied"},
    {OperationType::planted, "planted"},
    {OperationType::harvested, "harvested"},
    {OperationType::tillage, "tillage"},
}};
inline constexpr auto operation_type_names = names_of(operation_type_table);

constexpr std::string_view to_string(OperationType type) { return name_in(operation_type_table, type); }
constexpr std::optional<OperationType> operation_type_from(std::string_view name) { return value_in(operation_type_table, name); }

// "" for none: the wire and the store spell an unknown operation type as an empty string.
inline std::string to_string(const std::optional<OperationType>& type) { return type ? std::string(to_string(*type)) : std::string(); }

} // namespace furrow::schema
