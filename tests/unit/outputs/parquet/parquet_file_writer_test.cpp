// The file's frame (PAR1 ... footer, length, PAR1) and each page's payload, decompressed with
// libzstd and compared with bytes worked out by hand from parquet-format's Encodings.md. Reading
// the whole file back with an independent reader is tests/e2e/test_geoparquet_output.py.
#include "core/error.hpp"
#include "outputs/parquet/parquet_file_writer.hpp"
#include "support/temp_dir.hpp"

#include "unit/outputs/parquet/byte_list.hpp"

#include <gtest/gtest.h>
#include <zstd.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

namespace furrow::outputs::parquet {
namespace {

std::string read_all(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// Every zstd frame in the file, decompressed, in file order (one per page).
std::vector<std::string> zstd_frames(const std::string& file, std::size_t end) {
    const std::string magic = "\x28\xB5\x2F\xFD";
    std::vector<std::string> out;
    for (std::size_t at = file.find(magic, 4); at < end; at = file.find(magic, at)) {
        const auto size = ZSTD_getFrameContentSize(file.data() + at, end - at);
        const auto compressed = ZSTD_findFrameCompressedSize(file.data() + at, end - at);
        if (ZSTD_isError(compressed) || size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) {
            ++at; // the magic's bytes inside a page header or a value, not a frame
            continue;
        }
        std::string page(size, '\0');
        EXPECT_EQ(ZSTD_decompress(page.data(), size, file.data() + at, compressed), size);
        out.push_back(page);
        at += compressed;
    }
    return out;
}

std::string le_bytes(std::initializer_list<int> bytes) {
    std::string out;
    for (int b : bytes) out.push_back(static_cast<char>(b));
    return out;
}

template <typename T>
std::string plain(T v) {
    std::string out(sizeof v, '\0');
    std::memcpy(out.data(), &v, sizeof v);
    return out;
}

} // namespace

TEST(ParquetFileWriter, writes_plain_levels_and_dictionary_pages_inside_the_par1_frame) {
    testing::TempDir dir;
    const auto path = dir.path() / "t.parquet";
    {
        ParquetFileWriter w(path, {{"t", PhysicalType::int64, false, LogicalKind::timestamp_millis_utc},
                                   {"v", PhysicalType::double_, true, LogicalKind::none},
                                   {"s", PhysicalType::byte_array, false, LogicalKind::string}});
        auto& c = w.columns();
        c[0].add_int64(1);
        c[0].add_int64(-2);
        c[0].add_int64(3);
        c[1].add_double(1.5);
        c[1].add_double(NAN);
        c[1].add_double(2.0);
        c[2].add_bytes("On");
        c[2].add_bytes("Off");
        c[2].add_bytes("On");
        w.close({{"geo", "{\"version\":\"1.1.0\"}"}});
    }
    const auto file = read_all(path);
    ASSERT_GT(file.size(), 12u);
    EXPECT_EQ(file.substr(0, 4), "PAR1");
    EXPECT_EQ(file.substr(file.size() - 4), "PAR1");
    std::uint32_t footer_size;
    std::memcpy(&footer_size, file.data() + file.size() - 8, 4);
    ASSERT_LT(footer_size, file.size() - 12);
    const auto footer_start = file.size() - 8 - footer_size;
    const auto footer = file.substr(footer_start, footer_size);
    EXPECT_NE(footer.find("{\"version\":\"1.1.0\"}"), std::string::npos);
    EXPECT_NE(footer.find("schema"), std::string::npos);

    const auto pages = zstd_frames(file, footer_start);
    ASSERT_EQ(pages.size(), 4u); // t data, v data, s dictionary, s data
    EXPECT_EQ(pages[0], plain<std::int64_t>(1) + plain<std::int64_t>(-2) + plain<std::int64_t>(3));
    // Levels 1,0,1: one bit-packed group (0x03) of 0b101, length-prefixed; then the two values.
    EXPECT_EQ(bytes_of(pages[1].substr(0, 6)), (std::vector<int>{0x02, 0, 0, 0, 0x03, 0x05}));
    EXPECT_EQ(pages[1].substr(6), plain(1.5) + plain(2.0));
    EXPECT_EQ(pages[2], le_bytes({2, 0, 0, 0, 'O', 'n', 3, 0, 0, 0, 'O', 'f', 'f'}));
    // Bit width 1, then indices 0,1,0 in one bit-packed group: 0b010.
    EXPECT_EQ(bytes_of(pages[3]), (std::vector<int>{0x01, 0x03, 0x02}));
}

TEST(ParquetFileWriter, rejects_a_null_in_a_required_column) {
    testing::TempDir dir;
    ParquetFileWriter w(dir.path() / "t.parquet", {{"t", PhysicalType::double_, false, LogicalKind::none}});
    EXPECT_THROW(w.columns()[0].add_double(NAN), Error);
}

} // namespace furrow::outputs::parquet
