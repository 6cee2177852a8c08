#include "api/multipart.hpp"

#include "core/error.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

using furrow::ErrorCode;
using furrow::api::MultipartLimits;
using furrow::api::MultipartParser;
using furrow::api::MultipartPart;
using furrow::api::multipart_boundary;

namespace {

const std::string boundary = "----furrowBoundary7MA4YWxkTrZu0gW";

std::string field_part(const std::string& name, const std::string& value) {
    return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
           value + "\r\n";
}

std::string file_part(const std::string& name, const std::string& filename,
                      const std::string& content_type, const std::string& content) {
    return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name +
           "\"; filename=\"" + filename + "\"\r\nContent-Type: " + content_type + "\r\n\r\n" +
           content + "\r\n";
}

std::string raw_part(const std::string& headers, const std::string& content) {
    return "--" + boundary + "\r\n" + headers + "\r\n" + content + "\r\n";
}

std::string closing() { return "--" + boundary + "--\r\n"; }

struct Upload {
    std::string name;
    std::string filename;
    std::string content_type;
    std::uint64_t size = 0;
    std::string content;
    bool operator==(const Upload&) const = default;
};

struct Result {
    std::map<std::string, std::string> fields;
    std::vector<Upload> files;
    bool operator==(const Result&) const = default;
};

// Feeds `body` in pieces produced by next_chunk and collects what the parser reports.
Result parse_with(std::string_view body, const std::function<std::size_t()>& next_chunk,
                  MultipartLimits limits = {}) {
    std::vector<std::string> contents;
    MultipartParser parser(
        boundary,
        [&contents](const MultipartPart&) -> MultipartParser::Sink {
            const std::size_t index = contents.size();
            contents.emplace_back();
            return [&contents, index](const char* d, std::size_t n) {
                contents[index].append(d, n);
            };
        },
        limits);
    for (std::size_t pos = 0; pos < body.size();) {
        const std::size_t n = std::min(next_chunk(), body.size() - pos);
        parser.feed(body.data() + pos, n);
        pos += n;
    }
    parser.finish();
    Result result{parser.fields(), {}};
    for (std::size_t i = 0; i < parser.files().size(); ++i) {
        const auto& f = parser.files()[i];
        result.files.push_back({f.name, f.filename, f.content_type, f.size, contents.at(i)});
    }
    return result;
}

Result parse(std::string_view body, std::size_t chunk, MultipartLimits limits = {}) {
    return parse_with(body, [chunk] { return chunk; }, limits);
}

Result parse(std::string_view body) { return parse(body, body.size() + 1); }

// The message of the invalid_input Error that f throws, or a note saying what happened instead.
std::string invalid_input_message(const std::function<void()>& f) {
    try {
        f();
    } catch (const furrow::Error& e) {
        return e.code() == ErrorCode::invalid_input ? e.what() : "wrong error code";
    }
    return "no error thrown";
}

void expect_rejected(std::string_view body, MultipartLimits limits = {}) {
    for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, body.size() + 1}) {
        const auto message = invalid_input_message([&] { parse(body, chunk, limits); });
        EXPECT_TRUE(message.starts_with("multipart: ")) << message << " (chunk " << chunk << ")";
    }
}

std::string all_byte_values() {
    std::string s;
    for (int i = 0; i < 256; ++i) s += static_cast<char>(i);
    return s;
}

std::uint64_t fnv1a(std::uint64_t hash, const char* data, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) {
        hash ^= static_cast<unsigned char>(data[i]);
        hash *= 1099511628211ULL;
    }
    return hash;
}

constexpr std::uint64_t fnv_offset = 14695981039346656037ULL;

std::string sample_body() {
    return "preamble\r\n" + field_part("title", "Field notes") +
           file_part("upload", "plot 7.csv", "text/csv", "a,b\r\n1,2\r\n--not-a-boundary\r\n") +
           field_part("empty", "") + closing() + "epilogue";
}

} // namespace

TEST(MultipartParser, parses_text_fields_and_one_file_part) {
    const auto result = parse(field_part("title", "Field notes") + field_part("crop", "wheat") +
                              file_part("upload", "plot.csv", "text/csv", "a,b\r\n1,2\r\n") +
                              closing());
    EXPECT_EQ(result.fields, (std::map<std::string, std::string>{{"title", "Field notes"},
                                                                 {"crop", "wheat"}}));
    ASSERT_EQ(result.files.size(), 1U);
    EXPECT_EQ(result.files[0], (Upload{"upload", "plot.csv", "text/csv", 10, "a,b\r\n1,2\r\n"}));
}

TEST(MultipartParser, gives_identical_results_for_every_chunk_size) {
    const auto body = sample_body();
    const auto whole = parse(body);
    ASSERT_EQ(whole.files.size(), 1U);
    EXPECT_EQ(whole.fields.size(), 2U);
    for (std::size_t chunk = 1; chunk <= body.size(); ++chunk) {
        ASSERT_EQ(parse(body, chunk), whole) << "chunk size " << chunk;
    }
}

TEST(MultipartParser, gives_identical_results_for_random_chunkings) {
    const auto body = sample_body() + file_part("bin", "b.bin", "application/octet-stream",
                                                all_byte_values() + "\r\n--" + boundary.substr(3));
    const auto whole = parse(body);
    std::mt19937 rng(42);
    std::uniform_int_distribution<std::size_t> size(1, 97);
    for (int i = 0; i < 300; ++i) {
        ASSERT_EQ(parse_with(body, [&] { return size(rng); }), whole) << "iteration " << i;
    }
}

TEST(MultipartParser, keeps_delimiter_near_misses_in_content) {
    const std::string near = "\r\n--" + boundary.substr(0, boundary.size() - 1) + "x" +
                             "x--" + boundary + "\r\n" + "\n--" + boundary + "\r--" + boundary +
                             "\r\n-" + boundary + "\r\r\n--" + boundary.substr(0, 5) +
                             "\r\n\r\n--" + boundary.substr(0, 3) + "\r\n--" +
                             boundary.substr(0, boundary.size() - 1);
    const auto body =
        file_part("f", "near.txt", "text/plain", near) + field_part("t", near + "\r") + closing();
    for (std::size_t chunk = 1; chunk <= body.size(); ++chunk) {
        const auto result = parse(body, chunk);
        ASSERT_EQ(result.files.size(), 1U);
        ASSERT_EQ(result.files[0].content, near) << "chunk size " << chunk;
        ASSERT_EQ(result.files[0].size, near.size());
        ASSERT_EQ(result.fields.at("t"), near + "\r") << "chunk size " << chunk;
    }
}

TEST(MultipartParser, preserves_binary_content_with_nul_cr_and_lf) {
    const std::string binary = std::string("\0\r\n\0\r\r\n\n\r\n\r\n\0", 13) + all_byte_values() +
                               all_byte_values() + std::string("\r\n\0", 3) + "\r";
    const auto body = file_part("bin", "data.bin", "application/octet-stream", binary) + closing();
    for (std::size_t chunk : {1, 2, 3, 5, 64, 255, 256, 257, 4096}) {
        const auto result = parse(body, chunk);
        ASSERT_EQ(result.files.size(), 1U);
        EXPECT_EQ(result.files[0].content, binary) << "chunk size " << chunk;
    }
}

TEST(MultipartParser, streams_file_part_split_across_one_byte_chunks) {
    const std::string content = "0123456789\r\n--" + boundary.substr(0, 4) + "tail";
    std::size_t sink_calls = 0;
    std::string received;
    MultipartParser parser(boundary, [&](const MultipartPart&) -> MultipartParser::Sink {
        return [&](const char* d, std::size_t n) {
            ++sink_calls;
            received.append(d, n);
        };
    });
    const auto body = file_part("f", "f.txt", "text/plain", content) + closing();
    for (char c : body) parser.feed(&c, 1);
    parser.finish();
    EXPECT_EQ(received, content);
    EXPECT_GE(sink_calls, 10U);
}

TEST(MultipartParser, reads_case_insensitive_headers_and_unquoted_or_escaped_parameters) {
    const auto result = parse(
        raw_part("CONTENT-DISPOSITION: Form-Data; NAME=title\r\n", "a") +
        raw_part("content-disposition: form-data; filename=\"say \\\"hi\\\" C:\\dir\\x.txt\"; "
                 "name=\"doc\"\r\ncontent-type:   image/png  \r\nX-Other: ignored\r\n",
                 "png") +
        closing());
    EXPECT_EQ(result.fields.at("title"), "a");
    ASSERT_EQ(result.files.size(), 1U);
    EXPECT_EQ(result.files[0].name, "doc");
    EXPECT_EQ(result.files[0].filename, "say \"hi\" C:\\dir\\x.txt");
    EXPECT_EQ(result.files[0].content_type, "image/png");
}

TEST(MultipartParser, treats_empty_filename_as_file_part) {
    std::vector<MultipartPart> seen;
    MultipartParser parser(boundary, [&](const MultipartPart& part) -> MultipartParser::Sink {
        seen.push_back(part);
        return {};
    });
    const auto body = file_part("upload", "", "application/octet-stream", "") + closing();
    for (char c : body) parser.feed(&c, 1);
    parser.finish();
    ASSERT_EQ(seen.size(), 1U);
    EXPECT_EQ(seen[0].name, "upload");
    EXPECT_EQ(seen[0].content_type, "application/octet-stream");
    ASSERT_EQ(parser.files().size(), 1U);
    EXPECT_EQ(parser.files()[0].filename, "");
    EXPECT_EQ(parser.files()[0].size, 0U);
    EXPECT_TRUE(parser.fields().empty());
}

TEST(MultipartParser, discards_file_content_when_sink_is_empty) {
    MultipartParser parser(boundary, [](const MultipartPart&) { return MultipartParser::Sink{}; });
    const auto body = file_part("f", "a.bin", "application/octet-stream", std::string(5000, 'x')) +
                      field_part("after", "kept") + closing();
    parser.feed(body.data(), body.size());
    parser.finish();
    ASSERT_EQ(parser.files().size(), 1U);
    EXPECT_EQ(parser.files()[0].size, 5000U);
    EXPECT_EQ(parser.fields().at("after"), "kept");
}

TEST(MultipartParser, ignores_preamble_before_first_boundary) {
    const auto part = field_part("a", "1") + closing();
    const std::string preamble = "This is a preamble --" + boundary + "x\r\n-" + boundary + "\r\n";
    for (const auto& body : {part, "\r\n" + part, preamble + part}) {
        const auto result = parse(body, 3);
        EXPECT_EQ(result.fields, (std::map<std::string, std::string>{{"a", "1"}})) << body;
    }
}

TEST(MultipartParser, ignores_epilogue_after_closing_boundary) {
    const auto epilogue = "\r\n" + field_part("evil", "x") + "garbage \r\n--";
    const auto body = field_part("a", "1") + "--" + boundary + "--" + epilogue;
    EXPECT_EQ(parse(body, 1).fields, (std::map<std::string, std::string>{{"a", "1"}}));

    MultipartParser parser(boundary, {});
    parser.feed(body.data(), body.size());
    parser.feed("more junk", 9);
    parser.finish();
    EXPECT_EQ(parser.fields().size(), 1U);
}

TEST(MultipartParser, accepts_transport_padding_after_boundary_line) {
    const std::string disposition = "Content-Disposition: form-data; name=";
    const auto body = "--" + boundary + " \t \r\n" + disposition + "\"a\"\r\n\r\n1" +
                      "\r\n--" + boundary + "\t\r\n" + disposition + "\"b\"\r\n\r\n2" +
                      "\r\n--" + boundary + "--  \r\n";
    EXPECT_EQ(parse(body, 1).fields,
              (std::map<std::string, std::string>{{"a", "1"}, {"b", "2"}}));
}

TEST(MultipartParser, accepts_body_with_only_closing_boundary) {
    EXPECT_TRUE(parse(closing()).fields.empty());
}

TEST(MultipartParser, finish_throws_for_every_truncation_before_closing_boundary) {
    const auto body =
        field_part("a", "1") + file_part("f", "f.txt", "text/plain", "abc") + closing();
    const auto complete = body.size() - 2; // "--boundary--" seen; the trailing CRLF is epilogue
    for (std::size_t length = 0; length < body.size(); ++length) {
        const auto prefix = std::string_view(body).substr(0, length);
        if (length < complete) {
            const auto message = invalid_input_message([&] { parse(prefix, 1); });
            ASSERT_TRUE(message.starts_with("multipart: ")) << message << " at length " << length;
        } else {
            EXPECT_NO_THROW(parse(prefix, 1)) << "at length " << length;
        }
    }
}

TEST(MultipartParser, throws_when_too_many_parts) {
    MultipartLimits limits;
    limits.max_fields = 2;
    EXPECT_NO_THROW(parse(field_part("a", "1") + file_part("f", "x", "text/plain", "y") + closing(),
                          1, limits));
    expect_rejected(field_part("a", "1") + field_part("b", "2") +
                        file_part("f", "x", "text/plain", "y") + closing(),
                    limits);
}

TEST(MultipartParser, throws_when_text_field_exceeds_limit) {
    MultipartLimits limits;
    limits.max_field_bytes = 10;
    EXPECT_EQ(parse(field_part("a", "0123456789") + closing(), 1, limits).fields.at("a"),
              "0123456789");
    expect_rejected(field_part("a", "0123456789x") + closing(), limits);
    // File parts stream to the sink, so the text-field limit does not apply to them.
    EXPECT_NO_THROW(parse(file_part("f", "x", "text/plain", std::string(100, 'y')) + closing(), 1,
                          limits));
}

TEST(MultipartParser, throws_when_header_block_exceeds_limit) {
    const std::string headers =
        "Content-Disposition: form-data; name=\"a\"\r\nX-Pad: " + std::string(40, 'p') + "\r\n";
    const auto body = raw_part(headers, "1") + closing();
    MultipartLimits limits;
    limits.max_header_bytes = headers.size();
    EXPECT_EQ(parse(body, 1, limits).fields.at("a"), "1");
    limits.max_header_bytes = headers.size() - 1;
    expect_rejected(body, limits);
}

TEST(MultipartParser, throws_on_endless_header_block_without_growing) {
    MultipartParser parser(boundary, {});
    const auto start = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"a\"\r\nX: ";
    parser.feed(start.data(), start.size());
    const std::string chunk(4096, 'h');
    const auto message = invalid_input_message([&] {
        for (int i = 0; i < 1000; ++i) parser.feed(chunk.data(), chunk.size());
    });
    EXPECT_TRUE(message.starts_with("multipart: ")) << message;
}

TEST(MultipartParser, throws_when_part_has_no_form_data_name) {
    expect_rejected(raw_part("Content-Type: text/plain\r\n", "x") + closing());
    expect_rejected(raw_part("", "x") + closing());
    expect_rejected(raw_part("Content-Disposition: form-data; filename=\"a.txt\"\r\n", "x") +
                    closing());
    expect_rejected(raw_part("Content-Disposition: form-data; name=\"\"\r\n", "x") + closing());
    expect_rejected(raw_part("Content-Disposition: attachment; name=\"a\"\r\n", "x") + closing());
}

TEST(MultipartParser, throws_on_malformed_headers_and_delimiters) {
    expect_rejected(raw_part("Content-Disposition: form-data; name=\"a\r\n", "x") + closing());
    expect_rejected(raw_part("Content-Disposition form-data; name=a\r\n", "x") + closing());
    // Part headers need CRLF line endings, like the boundary line.
    expect_rejected("--" + boundary + "\nContent-Disposition: form-data; name=a\n\nx\r\n" +
                    closing());
    // The boundary must not occur inside content.
    expect_rejected(field_part("a", "x\r\n--" + boundary + "junk") + closing());
    expect_rejected(field_part("a", "1") + "--" + boundary + "-x");
}

TEST(MultipartParser, keeps_throwing_after_a_failure) {
    MultipartParser parser(boundary, {});
    const auto bad = raw_part("", "x");
    EXPECT_THROW(parser.feed(bad.data(), bad.size()), furrow::Error);
    const auto good = closing();
    EXPECT_THROW(parser.feed(good.data(), good.size()), furrow::Error);
    EXPECT_THROW(parser.finish(), furrow::Error);
}

TEST(MultipartParser, rejects_invalid_boundary_in_constructor) {
    EXPECT_THROW(MultipartParser("", {}), furrow::Error);
    EXPECT_THROW(MultipartParser(std::string(71, 'b'), {}), furrow::Error);
    EXPECT_THROW(MultipartParser("a\r\nb", {}), furrow::Error);
    EXPECT_NO_THROW(MultipartParser(std::string(70, 'b'), {}));
}

TEST(MultipartParser, survives_mutated_bodies_with_only_invalid_input_errors) {
    const auto body = sample_body();
    const std::string alphabet = "\r\n-\"; =:" + boundary.substr(0, 8);
    std::mt19937 rng(7);
    for (int i = 0; i < 3000; ++i) {
        auto mutated = body;
        for (int k = 0; k < 3; ++k) {
            mutated[rng() % mutated.size()] = alphabet[rng() % alphabet.size()];
        }
        mutated.resize(rng() % (mutated.size() + 1));
        const auto chunk = 1 + rng() % 40;
        try {
            parse(mutated, chunk);
        } catch (const furrow::Error& e) {
            ASSERT_EQ(e.code(), ErrorCode::invalid_input) << e.what();
            ASSERT_TRUE(std::string_view(e.what()).starts_with("multipart: ")) << e.what();
        }
    }
}

TEST(MultipartParser, streams_large_file_part_incrementally_and_intact) {
    constexpr std::size_t content_size = 50 * 1024 * 1024;
    constexpr std::size_t chunk = 64 * 1024;
    std::string content(content_size, '\0');
    std::uint64_t state = 0x9E3779B97F4A7C15ULL;
    for (std::size_t i = 0; i < content_size; i += 8) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        std::memcpy(&content[i], &state, std::min<std::size_t>(8, content_size - i));
    }
    const auto head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"f\"; " +
                      "filename=\"big.bin\"\r\n\r\n";
    const auto tail = "\r\n" + closing();

    std::uint64_t hash = fnv_offset;
    std::size_t received = 0;
    std::size_t calls = 0;
    std::size_t largest_call = 0;
    MultipartParser parser(boundary, [&](const MultipartPart&) -> MultipartParser::Sink {
        return [&](const char* d, std::size_t n) {
            hash = fnv1a(hash, d, n);
            received += n;
            ++calls;
            largest_call = std::max(largest_call, n);
        };
    });
    parser.feed(head.data(), head.size());
    for (std::size_t pos = 0; pos < content_size; pos += chunk) {
        const auto n = std::min(chunk, content_size - pos);
        parser.feed(content.data() + pos, n);
        // Only a possible delimiter prefix may be held back, never a growing buffer.
        ASSERT_GE(received + boundary.size() + 4, pos + n) << "at offset " << pos;
    }
    const auto calls_before_finish = calls;
    parser.feed(tail.data(), tail.size());
    parser.finish();
    EXPECT_EQ(received, content_size);
    EXPECT_EQ(hash, fnv1a(fnv_offset, content.data(), content.size()));
    EXPECT_GE(calls_before_finish, content_size / chunk);
    EXPECT_LE(largest_call, chunk);
    ASSERT_EQ(parser.files().size(), 1U);
    EXPECT_EQ(parser.files()[0].size, content_size);
}

TEST(MultipartBoundary, reads_unquoted_and_quoted_boundaries) {
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc123"), "abc123");
    EXPECT_EQ(multipart_boundary("multipart/form-data;boundary=----WebKitFormBoundaryx7"),
              "----WebKitFormBoundaryx7");
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=\"a b:c=d?\""), "a b:c=d?");
    EXPECT_EQ(multipart_boundary("Multipart/Form-Data; charset=utf-8; BOUNDARY=xyz"), "xyz");
    EXPECT_EQ(multipart_boundary("multipart/form-data; x=\"a;boundary=no\"; boundary=yes"), "yes");
    EXPECT_EQ(multipart_boundary("  multipart/form-data ; boundary=abc  "), "abc");
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=" + std::string(70, 'b')),
              std::string(70, 'b'));
}

TEST(MultipartBoundary, rejects_other_types_and_invalid_boundaries) {
    EXPECT_EQ(multipart_boundary("multipart/form-data"), std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/mixed; boundary=abc"), std::nullopt);
    EXPECT_EQ(multipart_boundary("text/plain; boundary=abc"), std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary="), std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=\"\""), std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=\"abc"), std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=\"abc \""), std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=ab{c"), std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc def"), std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/form-data; charset=utf-8"), std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'b')),
              std::nullopt);
    EXPECT_EQ(multipart_boundary(""), std::nullopt);
}
