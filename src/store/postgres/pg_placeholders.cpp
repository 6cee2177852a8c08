#include "store/postgres/pg_placeholders.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace furrow::store::postgres {
namespace {

// The index just past a quoted run that starts at `open` (a doubled quote stays inside).
std::size_t past_quoted(std::string_view sql, std::size_t open) {
    const char quote = sql[open];
    std::size_t pos = open + 1;
    while (pos < sql.size()) {
        if (sql[pos] == quote) {
            if (pos + 1 < sql.size() && sql[pos + 1] == quote) {
                pos += 2;
                continue;
            }
            return pos + 1;
        }
        ++pos;
    }
    return sql.size();
}

} // namespace

NumberedSql numbered_placeholders(std::string_view sql) {
    NumberedSql out;
    out.sql.reserve(sql.size() + 16);
    int sequential = 0;
    bool explicit_numbers = false;
    std::size_t pos = 0;
    while (pos < sql.size()) {
        const char c = sql[pos];
        if (c == '\'' || c == '"') {
            const auto end = past_quoted(sql, pos);
            out.sql.append(sql.substr(pos, end - pos));
            pos = end;
        } else if (c == '-' && pos + 1 < sql.size() && sql[pos + 1] == '-') {
            const auto end = std::min(sql.find('\n', pos), sql.size());
            out.sql.append(sql.substr(pos, end - pos));
            pos = end;
        } else if (c == '?') {
            std::size_t digits_end = pos + 1;
            while (digits_end < sql.size() && std::isdigit(static_cast<unsigned char>(sql[digits_end]))) ++digits_end;
            int number = 0;
            if (digits_end > pos + 1) {
                explicit_numbers = true;
                number = std::stoi(std::string(sql.substr(pos + 1, digits_end - pos - 1)));
            } else {
                number = ++sequential;
            }
            if (explicit_numbers && sequential > 0)
                throw Error(ErrorCode::internal,
                            fmt::format("postgres: '{}': mixes ? and ?N placeholders", sql.substr(0, 80)));
            out.sql += fmt::format("${}", number);
            out.parameters = std::max(out.parameters, number);
            pos = digits_end;
        } else {
            out.sql += c;
            ++pos;
        }
    }
    return out;
}

} // namespace furrow::store::postgres
