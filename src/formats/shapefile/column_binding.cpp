#include "formats/shapefile/column_binding.hpp"

#include "core/strings.hpp"

#include <charconv>
#include <cmath>

namespace furrow::formats::shapefile {

ColumnBinding bind_columns(const columns::Resolution& resolution) {
    ColumnBinding out;
    // The resolution is in catalogue order, so the better of two time columns comes first (IsoTime).
    for (const auto& column : resolution.columns) {
        const int field = static_cast<int>(column.index);
        switch (column.meaning) {
        case Meaning::value: out.values.push_back({field, column.property, column.unit}); break;
        case Meaning::time: out.time.time.push_back(field); break;
        case Meaning::date: out.time.date = field; break;
        case Meaning::time_of_day: out.time.time_of_day = field; break;
        case Meaning::unix_seconds: out.time.unix_seconds = field; break;
        case Meaning::session_start: out.time.session_start = field; break;
        case Meaning::duration_s: out.time.duration_s = field; break;
        case Meaning::lon:
        case Meaning::lat: break; // the geometry is the position
        default: out.texts.push_back({field, column.meaning}); break;
        }
    }
    return out;
}

double numeric_value(OGRFeatureH feature, int field) {
    if (!OGR_F_IsFieldSetAndNotNull(feature, field)) return schema::missing;
    const auto type = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(feature, field));
    if (type == OFTReal || type == OFTInteger || type == OFTInteger64) {
        const double v = OGR_F_GetFieldAsDouble(feature, field);
        return std::isfinite(v) ? v : schema::missing;
    }
    // Numbers stored as text: the whole text must be one number (overflow stars, "N/A" -> NaN).
    const std::string text = trim(OGR_F_GetFieldAsString(feature, field));
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    return ec == std::errc() && end == text.data() + text.size() && std::isfinite(v) ? v : schema::missing;
}

double recording_value(OGRFeatureH feature, int field) {
    const std::string text = to_lower(trim(OGR_F_GetFieldAsString(feature, field)));
    if (text == "on" || text == "in" || text == "yes" || text == "1") return 1;
    if (text == "off" || text == "out" || text == "no" || text == "0") return 0;
    return schema::missing;
}

} // namespace furrow::formats::shapefile
