#include "store/sql/connection.hpp"

#include <variant>

namespace furrow::store::sql {

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value) {
    if (value) return bind(index, *value);
    m_impl->bind_null(index);
    return *this;
}

Statement& Statement::bind(int index, const std::optional<double>& value) {
    if (value) return bind(index, *value);
    m_impl->bind_null(index);
    return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& value) {
    if (value) return bind(index, std::string_view(*value));
    m_impl->bind_null(index);
    return *this;
}

Statement& Statement::bind_value(int index, const Value& value) {
    std::visit([&](const auto& v) { bind(index, v); }, value);
    return *this;
}

void Statement::run() {
    while (step()) {
    }
}

std::optional<std::int64_t> Statement::optional_integer(int column) const {
    if (is_null(column)) return std::nullopt;
    return integer(column);
}

std::optional<std::string> Statement::optional_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return text(column);
}

std::optional<double> Statement::optional_real(int column) const {
    if (is_null(column)) return std::nullopt;
    return real(column);
}

} // namespace furrow::store::sql
