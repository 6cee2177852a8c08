#pragma once
// One table per enum that has a wire spelling: each value with its name, written once and read both
// ways (value → name for JSON and SQL, name → value for input and stored rows). A table lists every
// value of its enum; enum_names_test.cpp checks each table round-trips.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace furrow {

template <typename Enum>
struct EnumName {
    Enum value;
    std::string_view name;
};

template <typename Enum, std::size_t N>
constexpr std::string_view name_in(const std::array<EnumName<Enum>, N>& table, Enum value) {
    for (const auto& entry : table)
        if (entry.value == value) return entry.name;
    return {}; // unreachable while the table lists every value
}

template <typename Enum, std::size_t N>
constexpr std::optional<Enum> value_in(const std::array<EnumName<Enum>, N>& table, std::string_view name) {
    for (const auto& entry : table)
        if (entry.name == name) return entry.value;
    return std::nullopt;
}

// The names alone, in table order: what an `enumeration` query parameter accepts.
template <typename Enum, std::size_t N>
constexpr std::array<std::string_view, N> names_of(const std::array<EnumName<Enum>, N>& table) {
    std::array<std::string_view, N> names{};
    for (std::size_t entry_idx = 0; entry_idx < N; ++entry_idx) names[entry_idx] = table[entry_idx].name;
    return names;
}

} // namespace furrow
