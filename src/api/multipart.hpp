#pragma once
// Streaming multipart/form-data parser (RFC 7578 / RFC 2046 §5.1). Memory stays bounded whatever
// the upload size: bytes of a part that has a filename go straight to a sink (a temp file in
// practice), text fields are kept in memory up to a small limit. Feed it the body in chunks of
// any size, including 1 byte; a boundary split across chunks is handled.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace furrow::api {

struct MultipartLimits {
    std::size_t max_field_bytes = 64 * 1024;  // one text field
    std::size_t max_fields = 32;              // text fields + file parts
    std::size_t max_header_bytes = 16 * 1024; // the header block of one part
};

struct MultipartPart {
    std::string name;         // Content-Disposition name="..."
    std::string filename;     // Content-Disposition filename="..." (empty for text fields)
    std::string content_type; // the part's Content-Type, if any
    std::uint64_t size = 0;   // bytes of content seen so far (final after finish())
};

class MultipartParser {
public:
    using Sink = std::function<void(const char* data, std::size_t size)>;
    // Called when a file part begins; returns where its bytes go, or an empty Sink to discard them.
    using SinkFactory = std::function<Sink(const MultipartPart& part)>;

    MultipartParser(std::string boundary, SinkFactory on_file, MultipartLimits limits = {});

    // Throws Error(invalid_input, "multipart: ...") on malformed input or exceeded limits.
    void feed(const char* data, std::size_t size);
    // Throws Error(invalid_input, ...) unless the closing boundary ("--boundary--") was seen.
    void finish();

    const std::map<std::string, std::string>& fields() const { return m_fields; }
    const std::vector<MultipartPart>& files() const { return m_files; }

private:
    enum class State : std::uint8_t {
        preamble,       // before the first delimiter; bytes are discarded
        delimiter_line, // after "--boundary": "--", transport padding or CR
        delimiter_lf,   // the LF ending a delimiter line
        closing_dash,   // the second '-' of "--boundary--"
        headers,        // a part's header block
        body,           // a part's content
        done,           // closing delimiter seen; the rest is epilogue
        failed,         // an error was thrown; the state is no longer meaningful
    };

    std::size_t consume_content(std::string_view in);
    std::size_t consume_with_tail(std::string_view in);
    std::size_t consume_delimiter_line(std::string_view in);
    std::size_t consume_headers(std::string_view in);
    void begin_part(std::string_view header_block);
    void end_part();
    void emit(std::string_view bytes);

    std::string m_boundary;
    SinkFactory m_on_file;
    MultipartLimits m_limits;
    std::map<std::string, std::string> m_fields;
    std::vector<MultipartPart> m_files;

    State m_state = State::preamble;
    std::string m_delimiter;   // "\r\n--" + boundary
    std::string m_tail;        // held-back bytes that may begin a delimiter (< m_delimiter.size())
    std::string m_scratch;     // m_tail joined with the start of the next chunk
    std::string m_header;      // the header block being read
    std::string m_field_name;  // the text field being read
    std::string m_field_value;
    Sink m_sink;               // the file part being read, if any
    bool m_in_file = false;
    std::size_t m_parts = 0;
    std::size_t m_padding = 0;
};

// The boundary parameter of a "multipart/form-data; boundary=..." Content-Type (quoted or not),
// or nullopt if the type is not multipart/form-data or has no valid boundary (1..70 chars).
std::optional<std::string> multipart_boundary(std::string_view content_type);

} // namespace furrow::api
