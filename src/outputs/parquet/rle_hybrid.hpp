#pragma once
// Parquet's RLE / bit-packing hybrid (parquet-format Encodings.md, "RLE"), used for definition
// levels and dictionary indices. Runs of 8 or more equal values become RLE runs; everything else
// is bit-packed in groups of 8 (the last group padded with zeros: readers stop at the page's
// value count).
#include <cstdint>
#include <span>
#include <string>

namespace furrow::outputs::parquet {

// Bits needed for `max_value` (at least 1: some readers reject a width of 0).
int bit_width(std::uint32_t max_value);

void append_rle_hybrid(std::string& out, std::span<const std::uint32_t> values, int width);

} // namespace furrow::outputs::parquet
