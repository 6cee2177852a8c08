#pragma once
// One "EvenByteDelta" block of a John Deere GreenStar 2/3 .fdd file, decoded with no help from the
// .fdl beside it: the block's own header names its columns (the .fdl's columnIDs), their kind,
// resolution and starting value; then come delta-coded records. The layout was established from
// the JohnDeere/SampleData cards alone and is written down with its evidence in docs/FORMATS.md
// ("John Deere GreenStar 2/3"). Every read is bounds-checked; malformed input throws FddError with
// the byte offset (the libFuzzer target tests/fuzz/fdd_fuzz.cpp hammers this).
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace furrow::formats::jd_greenstar {

class FddError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// How a column's values are stored in the records (the header's column type).
enum class FddColumnKind : std::uint16_t {
    enumerated = 1, // an index into the column's labels ("dtiRecordingStatusOn", ...), stored whole
    delta16 = 3,    // a number: signed 16-bit steps of `resolution` from the previous value
    delta32 = 4,    // the same with signed 32-bit steps (latitude, longitude, some clocks)
    whole = 5,      // a number only ever given whole (a double), never as a step
};

struct FddColumn {
    std::string id; // the .fdl's columnID ("GPSLatitude_5140", "ElapsedTime")
    FddColumnKind kind = FddColumnKind::delta16;
    bool setup_value = false;        // header flag: a set value (targets, weather), not a reading
    double resolution = 1;           // value of one step (numbers)
    double max_step = 0;             // the header's second number: the largest step the logger expects
    double initial = 0;              // value before the first record (numbers)
    std::vector<std::string> labels; // enumerated columns: the names of the indices
};

struct FddBlock {
    std::vector<FddColumn> columns;
    // values[column][record]: numbers in the column's source unit, enumerated columns as the index;
    // NaN where a record marks the column as having no value.
    std::vector<std::vector<double>> values;
    std::size_t records = 0;
    std::size_t end = 0; // offset just past the block's end marker
};

// Decodes the block that starts at `offset` of a whole .fdd file and ends with its end marker.
FddBlock decode_fdd_block(std::string_view fdd, std::size_t offset);

} // namespace furrow::formats::jd_greenstar
