#include "api/multipart.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

namespace furrow::api {

namespace {

constexpr std::size_t max_boundary_length = 70; // RFC 2046 §5.1.1

[[noreturn]] void fail(std::string_view what) {
    throw Error(ErrorCode::invalid_input, "multipart: " + std::string(what));
}

char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(),
                      [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

// RFC 2046 bchars; a trailing space is excluded because transport padding would swallow it.
bool valid_boundary(std::string_view b) {
    static constexpr std::string_view extra = "'()+_,-./:=? ";
    const auto ok = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               extra.find(c) != std::string_view::npos;
    };
    return !b.empty() && b.size() <= max_boundary_length && b.back() != ' ' &&
           std::all_of(b.begin(), b.end(), ok);
}

struct Param {
    std::string name; // lower-cased
    std::string value;
};

// Only \" and \\ are unescaped: browsers send Windows paths with raw backslashes.
std::optional<std::string> parse_quoted(std::string_view& s) {
    std::string value;
    for (std::size_t i = 1; i < s.size(); ++i) {
        if (s[i] == '"') {
            s.remove_prefix(i + 1);
            return value;
        }
        if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == '"' || s[i + 1] == '\\')) ++i;
        value += s[i];
    }
    return std::nullopt;
}

// Parses `*( OWS ";" OWS name "=" value ) OWS` where value is a token or a quoted string.
std::optional<std::vector<Param>> parse_params(std::string_view s) {
    std::vector<Param> out;
    for (;;) {
        s = trim(s);
        if (s.empty()) return out;
        if (s.front() != ';') return std::nullopt;
        s = trim(s.substr(1));
        if (s.empty()) return out; // a trailing ';' is harmless
        const auto eq = s.find_first_of("=; \t\"");
        if (eq == 0 || eq == std::string_view::npos || s[eq] != '=') return std::nullopt;
        Param p;
        for (char c : s.substr(0, eq)) p.name += ascii_lower(c);
        s = trim(s.substr(eq + 1));
        if (!s.empty() && s.front() == '"') {
            auto value = parse_quoted(s);
            if (!value) return std::nullopt;
            p.value = std::move(*value);
        } else {
            const auto end = std::min(s.find_first_of("; \t"), s.size());
            p.value = std::string(s.substr(0, end));
            s.remove_prefix(end);
        }
        out.push_back(std::move(p));
    }
}

struct Match {
    std::size_t pos; // where the delimiter (or a prefix of it cut off by the end) starts
    bool found;      // the whole delimiter is at pos
};

// memchr on the leading CR keeps the scan at memory speed; a trailing partial match is
// reported so the caller can hold those bytes back until the next chunk decides them.
Match find_delimiter(std::string_view hay, std::string_view delim) {
    if (hay.empty()) return {0, false};
    const char* const begin = hay.data();
    const char* const end = begin + hay.size();
    for (const char* p = begin;;) {
        const auto rest = static_cast<std::size_t>(end - p);
        p = static_cast<const char*>(std::memchr(p, delim.front(), rest));
        if (p == nullptr) return {hay.size(), false};
        const auto left = static_cast<std::size_t>(end - p);
        const auto pos = static_cast<std::size_t>(p - begin);
        if (left >= delim.size()) {
            if (std::memcmp(p, delim.data(), delim.size()) == 0) return {pos, true};
        } else if (std::memcmp(p, delim.data(), left) == 0) {
            return {pos, false};
        }
        if (++p == end) return {hay.size(), false};
    }
}

void apply_disposition(std::string_view value, MultipartPart& part, bool& has_filename) {
    const auto semi = value.find(';');
    if (!iequals(trim(value.substr(0, semi)), "form-data")) {
        fail("part disposition is not form-data");
    }
    const auto params = parse_params(semi == std::string_view::npos ? "" : value.substr(semi));
    if (!params) fail("malformed Content-Disposition");
    for (const auto& p : *params) {
        if (p.name == "name") part.name = p.value;
        if (p.name == "filename") {
            part.filename = p.value;
            has_filename = true;
        }
    }
}

} // namespace

MultipartParser::MultipartParser(std::string boundary, SinkFactory on_file, MultipartLimits limits)
    : m_boundary(std::move(boundary)), m_on_file(std::move(on_file)), m_limits(limits) {
    if (!valid_boundary(m_boundary)) fail("invalid boundary");
    m_delimiter = "\r\n--" + m_boundary;
    // The first delimiter may lack its CRLF; pretending one preceded the body covers that case.
    m_tail = "\r\n";
}

void MultipartParser::feed(const char* data, std::size_t size) {
    if (m_state == State::failed) fail("parser already failed");
    std::string_view in(data, data == nullptr ? 0 : size);
    try {
        while (!in.empty() && m_state != State::done) {
            switch (m_state) {
            case State::preamble:
            case State::body: in.remove_prefix(consume_content(in)); break;
            case State::headers: in.remove_prefix(consume_headers(in)); break;
            default: in.remove_prefix(consume_delimiter_line(in)); break;
            }
        }
    } catch (...) {
        m_state = State::failed;
        m_sink = nullptr;
        throw;
    }
}

void MultipartParser::finish() {
    if (m_state == State::failed) fail("parser already failed");
    if (m_state != State::done) fail("truncated body: closing boundary not seen");
}

std::size_t MultipartParser::consume_content(std::string_view in) {
    if (!m_tail.empty()) return consume_with_tail(in);
    const Match m = find_delimiter(in, m_delimiter);
    emit(in.substr(0, m.pos));
    if (m.found) {
        end_part();
        return m.pos + m_delimiter.size();
    }
    m_tail.assign(in.substr(m.pos));
    return in.size();
}

// A delimiter straddling chunks must start inside the held bytes, so joining them with at most
// delimiter-1 new bytes is enough to decide; everything else is scanned in place.
std::size_t MultipartParser::consume_with_tail(std::string_view in) {
    const std::size_t held = m_tail.size();
    m_scratch.assign(m_tail);
    m_scratch.append(in.substr(0, std::min(in.size(), m_delimiter.size() - 1)));
    const Match m = find_delimiter(m_scratch, m_delimiter);
    if (!m.found && m.pos >= held) {
        emit(m_tail);
        m_tail.clear();
        return 0;
    }
    emit(std::string_view(m_scratch).substr(0, m.pos));
    m_tail.clear();
    if (m.found) {
        end_part();
        return m.pos + m_delimiter.size() - held;
    }
    // A proper prefix starting inside the held bytes is shorter than the delimiter, so the
    // whole of `in` went into m_scratch.
    m_tail.assign(m_scratch, m.pos);
    return in.size();
}

std::size_t MultipartParser::consume_delimiter_line(std::string_view in) {
    const char c = in.front();
    if (m_state == State::closing_dash) {
        if (c != '-') fail("malformed closing boundary");
        m_state = State::done;
    } else if (m_state == State::delimiter_lf) {
        if (c != '\n') fail("boundary line must end with CRLF");
        m_header.assign("\r\n");
        m_state = State::headers;
    } else if (c == '-' && m_padding == 0) {
        m_state = State::closing_dash;
    } else if (is_space(c)) {
        if (++m_padding > m_limits.max_header_bytes) fail("too much padding after boundary");
    } else if (c == '\r') {
        m_state = State::delimiter_lf;
    } else {
        fail("boundary found inside content");
    }
    return 1;
}

// m_header starts with a CRLF so an empty header block and a normal one both end at the
// first CRLFCRLF. The cap lets a block of exactly max_header_bytes plus its blank line in.
std::size_t MultipartParser::consume_headers(std::string_view in) {
    const std::size_t cap = m_limits.max_header_bytes + 4;
    const std::size_t old = m_header.size();
    const std::size_t take = std::min(in.size(), cap - old);
    m_header.append(in.substr(0, take));
    const auto end = m_header.find("\r\n\r\n", old >= 3 ? old - 3 : 0);
    if (end == std::string::npos) {
        if (m_header.size() >= cap) fail("part header block too large");
        return take;
    }
    const std::size_t used = end + 4 - old;
    begin_part(std::string_view(m_header).substr(2, end > 2 ? end - 2 : 0));
    m_header.clear();
    return used;
}

void MultipartParser::begin_part(std::string_view header_block) {
    MultipartPart part;
    bool has_filename = false;
    while (!header_block.empty()) {
        const auto eol = std::min(header_block.find("\r\n"), header_block.size());
        const auto line = header_block.substr(0, eol);
        header_block.remove_prefix(std::min(eol + 2, header_block.size()));
        const auto colon = line.find(':');
        if (colon == 0 || colon == std::string_view::npos) fail("malformed part header");
        const auto name = trim(line.substr(0, colon));
        const auto value = trim(line.substr(colon + 1));
        if (iequals(name, "content-disposition")) apply_disposition(value, part, has_filename);
        if (iequals(name, "content-type")) part.content_type = std::string(value);
    }
    if (part.name.empty()) fail("part without a form-data name");
    if (++m_parts > m_limits.max_fields) fail("too many parts");
    m_state = State::body;
    m_in_file = has_filename;
    if (m_in_file) {
        m_files.push_back(std::move(part));
        m_sink = m_on_file ? m_on_file(m_files.back()) : Sink{};
    } else {
        m_field_name = std::move(part.name);
        m_field_value.clear();
    }
}

void MultipartParser::end_part() {
    if (m_state == State::body) {
        if (m_in_file) {
            m_sink = nullptr; // lets the sink close its file now rather than at the next part
        } else {
            // A repeated name keeps the last value, as most form decoders do.
            m_fields[std::move(m_field_name)] = std::move(m_field_value);
            m_field_value.clear();
        }
    }
    m_state = State::delimiter_line;
    m_padding = 0;
}

void MultipartParser::emit(std::string_view bytes) {
    if (bytes.empty() || m_state != State::body) return;
    if (m_in_file) {
        m_files.back().size += bytes.size();
        if (m_sink) m_sink(bytes.data(), bytes.size());
        return;
    }
    if (bytes.size() > m_limits.max_field_bytes - m_field_value.size()) {
        fail("text field too large");
    }
    m_field_value.append(bytes);
}

std::optional<std::string> multipart_boundary(std::string_view content_type) {
    const auto semi = content_type.find(';');
    if (semi == std::string_view::npos) return std::nullopt;
    if (!iequals(trim(content_type.substr(0, semi)), "multipart/form-data")) return std::nullopt;
    const auto params = parse_params(content_type.substr(semi));
    if (!params) return std::nullopt;
    for (const auto& p : *params) {
        if (p.name == "boundary") {
            if (!valid_boundary(p.value)) return std::nullopt;
            return p.value;
        }
    }
    return std::nullopt;
}

} // namespace furrow::api
