#include "formats/geojson/json_scan.hpp"

namespace furrow::formats::geojson::detail {
namespace {

class Scanner {
public:
    explicit Scanner(std::string_view json) : m_json(json) {}

    void skip_ws() {
        while (m_pos < m_json.size() && (m_json[m_pos] == ' ' || m_json[m_pos] == '\n' || m_json[m_pos] == '\r' ||
                                         m_json[m_pos] == '\t'))
            ++m_pos;
    }
    bool at_end() const { return m_pos >= m_json.size(); }
    char peek() const {
        if (at_end()) fail(simdjson::INCOMPLETE_ARRAY_OR_OBJECT);
        return m_json[m_pos];
    }
    void expect(char c, simdjson::error_code code) {
        skip_ws();
        if (peek() != c) fail(code);
        ++m_pos;
    }
    // A string starting at m_pos; returns its raw text (escapes left as they are).
    std::string_view string() {
        if (peek() != '"') fail(simdjson::TAPE_ERROR);
        const std::size_t start = ++m_pos;
        while (true) {
            if (at_end()) fail(simdjson::UNCLOSED_STRING);
            const char c = m_json[m_pos++];
            if (c == '\\') ++m_pos;
            else if (c == '"') return m_json.substr(start, m_pos - 1 - start);
        }
    }
    // Any value; strings are followed so brackets inside them do not count.
    Span value() {
        skip_ws();
        const std::size_t start = m_pos;
        const char first = peek();
        if (first == '"') {
            string();
        } else if (first == '{' || first == '[') {
            std::size_t depth = 0;
            do {
                const char c = peek();
                if (c == '"') {
                    string();
                    continue;
                }
                if (c == '{' || c == '[') ++depth;
                if (c == '}' || c == ']') --depth;
                ++m_pos;
            } while (depth > 0);
        } else {
            while (!at_end() && m_json[m_pos] != ',' && m_json[m_pos] != '}' && m_json[m_pos] != ']' &&
                   m_json[m_pos] != ' ' && m_json[m_pos] != '\n' && m_json[m_pos] != '\r' && m_json[m_pos] != '\t')
                ++m_pos;
            if (m_pos == start) fail(simdjson::TAPE_ERROR);
        }
        return {start, m_pos};
    }
    // After an element: true at ',' (more follow), false at `close`.
    bool next(char close) {
        skip_ws();
        const char c = peek();
        ++m_pos;
        if (c == ',') return true;
        if (c == close) return false;
        --m_pos;
        fail(simdjson::TAPE_ERROR);
    }
    [[noreturn]] void fail(simdjson::error_code code) const { throw ScanError{code, m_pos}; }

private:
    std::string_view m_json;
    std::size_t m_pos = 0;
};

void features(Scanner& s, const TopLevelHandler& handler) {
    s.expect('[', simdjson::INCORRECT_TYPE);
    s.skip_ws();
    if (s.peek() == ']') {
        s.expect(']', simdjson::TAPE_ERROR);
        return;
    }
    do handler.feature(s.value());
    while (s.next(']'));
}

} // namespace

void scan_feature_collection(std::string_view json, const TopLevelHandler& handler) {
    Scanner s(json);
    s.expect('{', simdjson::INCORRECT_TYPE);
    s.skip_ws();
    if (s.peek() != '}') {
        do {
            s.skip_ws();
            const std::string_view key = s.string();
            s.expect(':', simdjson::TAPE_ERROR);
            if (key == "features") features(s, handler);
            else handler.member(key, s.value());
        } while (s.next('}'));
    } else {
        s.expect('}', simdjson::TAPE_ERROR);
    }
    s.skip_ws();
    if (!s.at_end()) s.fail(simdjson::TRAILING_CONTENT);
}

} // namespace furrow::formats::geojson::detail
