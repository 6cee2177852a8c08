#include "formats/shapefile/shapefile_reader.hpp"

#include "core/error.hpp"
#include "core/strings.hpp"
#include "formats/detect_helpers.hpp"
#include "formats/columns/operation_inference.hpp"
#include "formats/columns/text_encoding.hpp"
#include "formats/shapefile/column_binding.hpp"
#include "formats/shapefile/georeference.hpp"
#include "formats/shapefile/jd_metadata.hpp"
#include "formats/shapefile/ogr_handles.hpp"
#include "formats/shapefile/source_names.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>

namespace furrow::formats::shapefile {
namespace {

namespace fs = std::filesystem;
using schema::PropertyId;
using columns::text_as_utf8;

// Longest first, so "x.shp.xml" is not taken for a ".xml" or "x-Deere-Metadata.json" for ".json".
constexpr std::array<std::string_view, 10> member_suffixes = {
    "-deere-metadata.json", ".shp.xml", ".shp", ".shx", ".dbf", ".prj", ".cpg", ".sbn", ".sbx", ".qix"};

// GDAL reads files, not zip entries: each read gets its own directory, removed on every exit path.
class ScratchDir {
public:
    ScratchDir() {
        std::string pattern = (fs::temp_directory_path() / "furrow-shp-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr)
            throw Error(ErrorCode::internal, "shapefile: cannot create a scratch directory in " + fs::temp_directory_path().string());
        m_path = pattern;
    }
    ~ScratchDir() {
        std::error_code ignored;
        fs::remove_all(m_path, ignored);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

struct Members {
    std::string shp_name; // for messages
    bool has_prj = false;
    std::optional<JdMetadata> jd;
};

// Copies the GDAL-readable members as "data.<ext>" (one base name whatever the zip's case was)
// and parses the JD metadata in memory.
Members extract_members(const Bundle& bundle, const Dataset& dataset, const fs::path& dir) {
    Members out;
    out.shp_name = std::string(detail::file_name_of(dataset.marker));
    for (const auto& path : dataset.entries) {
        const auto suffix = member_suffix(detail::file_name_of(path));
        const BundleEntry* entry = bundle.find(path);
        if (entry == nullptr || suffix.empty()) continue;
        if (suffix == "-deere-metadata.json") out.jd = parse_jd_metadata(bundle.read_all(*entry), detail::file_name_of(path));
        else if (suffix == ".shp" || suffix == ".shx" || suffix == ".dbf" || suffix == ".prj" || suffix == ".cpg")
            bundle.extract(*entry, dir / ("data" + suffix));
        out.has_prj = out.has_prj || suffix == ".prj";
    }
    return out;
}

ogr::DatasetPtr open_shapefile(const fs::path& shp, const std::string& name) {
    static std::once_flag registered;
    std::call_once(registered, [] { GDALAllRegister(); });
    const char* const drivers[] = {"ESRI Shapefile", nullptr};
    ogr::DatasetPtr ds(GDALOpenEx(shp.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr));
    if (!ds || GDALDatasetGetLayerCount(ds.get()) < 1)
        throw Error(ErrorCode::corrupt_file, fmt::format("shapefile: {}: not readable: {}", name, CPLGetLastErrorMsg()));
    return ds;
}

std::vector<std::string> column_names(OGRFeatureDefnH definition) {
    std::vector<std::string> names;
    for (int field = 0; field < OGR_FD_GetFieldCount(definition); ++field)
        names.push_back(text_as_utf8(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(definition, field))));
    return names;
}

struct LayerReader {
    OGRLayerH layer;
    const ColumnBinding& binding;
    const Georeference& georeference;
    RecordClock clock;
    SourceNames names;
    // JD's "Machine" column: the MachineUsage key of the machine that logged the point.
    int machine_field = -1;
    std::map<std::string, std::int32_t> machine_of_key;

    std::int32_t machine_of(OGRFeatureH feature) const {
        if (!OGR_F_IsFieldSetAndNotNull(feature, machine_field)) return -1;
        const auto it = machine_of_key.find(std::to_string(OGR_F_GetFieldAsInteger64(feature, machine_field)));
        return it != machine_of_key.end() ? it->second : -1;
    }

    void read_all(schema::PointTable& points) {
        std::vector<std::vector<double>*> columns;
        for (const auto& v : binding.values) columns.push_back(&points.column(v.property, *v.unit).values);
        const bool recording = std::any_of(binding.texts.begin(), binding.texts.end(),
                                           [](const TextField& t) { return t.meaning == Meaning::recording; });
        auto* recording_column = recording ? &points.column(PropertyId::recording_status, schema::unit("flag")).values : nullptr;
        std::vector<double>* area_column = nullptr;
        if (machine_field >= 0) points.track_machines();
        points.reserve(static_cast<std::size_t>(std::max<GIntBig>(0, OGR_L_GetFeatureCount(layer, FALSE))));
        OGR_L_ResetReading(layer);
        while (ogr::FeaturePtr feature{OGR_L_GetNextFeature(layer)}) {
            const Located at = georeference.locate(OGR_F_GetGeometryRef(feature.get()));
            const std::size_t point = points.add_point(at.lon, at.lat, clock.time_of(feature.get()));
            if (machine_field >= 0) points.machine_index()[point] = machine_of(feature.get());
            for (std::size_t value_idx = 0; value_idx < columns.size(); ++value_idx)
                (*columns[value_idx])[point] = numeric_value(feature.get(), binding.values[value_idx].field);
            if (!std::isnan(at.area_m2)) {
                if (area_column == nullptr) area_column = &points.column(PropertyId::area, schema::unit("m2")).values;
                (*area_column)[point] = at.area_m2;
            }
            for (const auto& text : binding.texts) {
                if (text.meaning == Meaning::recording) (*recording_column)[point] = recording_value(feature.get(), text.field);
                else names.add(text.meaning, text_as_utf8(OGR_F_GetFieldAsString(feature.get(), text.field)));
            }
        }
    }
};

// Reads the per-point machine only when the metadata says which machine each key is.
void bind_machine_column(LayerReader& reader, OGRFeatureDefnH definition, const std::optional<JdMetadata>& jd) {
    if (!jd || jd->machine_keys.empty()) return;
    reader.machine_field = OGR_FD_GetFieldIndex(definition, "Machine");
    for (std::size_t machine_idx = 0; machine_idx < jd->machine_keys.size(); ++machine_idx)
        reader.machine_of_key[jd->machine_keys[machine_idx]] = static_cast<std::int32_t>(machine_idx);
}

OGRSpatialReferenceH layer_srs(OGRLayerH layer, const Members& members) {
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    if (srs == nullptr && members.has_prj)
        throw Error(ErrorCode::corrupt_file, fmt::format("shapefile: {}: its .prj is not a coordinate system GDAL understands", members.shp_name));
    return srs;
}

} // namespace

std::string member_suffix(std::string_view file_name) {
    const std::string lower = to_lower(file_name);
    for (const auto suffix : member_suffixes)
        if (lower.size() > suffix.size() && lower.ends_with(suffix)) return std::string(suffix);
    return "";
}

namespace {

// The first record's values as text (unit code columns name their unit there); empty for an empty layer.
std::vector<std::string> first_values(OGRLayerH layer, OGRFeatureDefnH definition) {
    std::vector<std::string> out;
    OGR_L_ResetReading(layer);
    if (ogr::FeaturePtr feature{OGR_L_GetNextFeature(layer)})
        for (int field = 0; field < OGR_FD_GetFieldCount(definition); ++field)
            out.push_back(text_as_utf8(OGR_F_GetFieldAsString(feature.get(), field)));
    OGR_L_ResetReading(layer);
    return out;
}

bool is_polygon_layer(OGRLayerH layer) {
    const auto type = wkbFlatten(OGR_L_GetGeomType(layer));
    return type == wkbPolygon || type == wkbMultiPolygon;
}

// Polygons that carry no time are zones, not passes: a prescription when a column holds a rate,
// a field boundary when nothing is a value. Converting them would invent an operation.
void refuse_layers_that_are_not_machine_data(OGRLayerH layer, const columns::Resolution& resolution, const std::string& name) {
    using columns::Meaning;
    if (!is_polygon_layer(layer)) return;
    for (const auto meaning : {Meaning::time, Meaning::date, Meaning::unix_seconds, Meaning::session_start, Meaning::time_of_day})
        if (resolution.has(meaning)) return;
    std::vector<std::string> rate_columns;
    for (const auto& column : resolution.columns)
        if (column.meaning == Meaning::value) rate_columns.push_back(column.source);
    OGRFeatureDefnH definition = OGR_L_GetLayerDefn(layer);
    for (int field = 0; field < OGR_FD_GetFieldCount(definition); ++field) {
        const std::string column = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(definition, field));
        const auto type = OGR_Fld_GetType(OGR_FD_GetFieldDefn(definition, field));
        if ((type == OFTReal || type == OFTInteger || type == OFTInteger64) && to_lower(column).find("rate") != std::string::npos &&
            std::find(rate_columns.begin(), rate_columns.end(), column) == rate_columns.end())
            rate_columns.push_back(column);
    }
    const auto zones = OGR_L_GetFeatureCount(layer, TRUE);
    if (!rate_columns.empty())
        throw Error(ErrorCode::unsupported_format,
                    fmt::format("shapefile: {}: a prescription (rate zones), not machine data: {} polygons with a rate ({}) and no "
                                "times; upload it as a prescription or field boundary, not as an operation",
                                name, zones, fmt::join(rate_columns, ", ")));
    throw Error(ErrorCode::unsupported_format,
                fmt::format("shapefile: {}: a boundary layer, not machine data: {} polygons with no times and no machine values; "
                            "upload it as a field boundary",
                            name, zones));
}

// What the reader made of the columns, for the conversion report.
void report(schema::MachineData& out, const columns::Resolution& resolution, const Members& members, bool machine_column) {
    auto& r = out.report;
    resolution.describe(r, "generic shapefile");
    if (members.jd) {
        r.warnings.insert(r.warnings.end(), members.jd->warnings.begin(), members.jd->warnings.end());
        if (machine_column) {
            std::erase(r.unmapped, std::string("Machine"));
            r.columns.push_back({"Machine", "machine (Deere-Metadata MachineUsage key)", "", ""});
        }
    }
    if (members.jd && jd_operation_type(members.jd->operation))
        r.operation_type_reason = fmt::format("{}: the Deere-Metadata.json Operation is \"{}\"", schema::to_string(out.source.operation_type), members.jd->operation);
    else
        r.operation_type_reason = columns::infer_operation(out.points).reason;
    if (out.points.size() > 0 && std::all_of(out.points.time().begin(), out.points.time().end(), [](TimeMs t) { return t == 0; }))
        r.warn("no time column furrow recognises: every point is dated 1970-01-01T00:00:00Z");
}

// A drill's rate in lb/ac is how much seed went down: in a planting it is the seed rate (by
// weight), not an applied product rate, whatever the exporter called the column.
void seed_rates_by_weight(schema::MachineData& data) {
    if (data.source.operation_type != schema::OperationType::planted || data.points.find(schema::PropertyId::seed_rate)) return;
    for (auto& column : data.points.columns()) {
        if (column.id == schema::PropertyId::applied_rate) column.id = schema::PropertyId::seed_rate;
        else if (column.id == schema::PropertyId::applied_rate_target) column.id = schema::PropertyId::seed_rate_target;
    }
}

} // namespace

schema::MachineData read_shapefile(const Bundle& bundle, const Dataset& dataset) {
    ogr::QuietGdalErrors quiet;
    ScratchDir dir;
    const Members members = extract_members(bundle, dataset, dir.path());
    const auto ds = open_shapefile(dir.path() / "data.shp", members.shp_name);
    OGRLayerH layer = GDALDatasetGetLayer(ds.get(), 0);
    OGRFeatureDefnH definition = OGR_L_GetLayerDefn(layer);
    const auto names = column_names(definition);
    const auto first = first_values(layer, definition);
    const columns::ResolveOptions options{.fallback = "leaf_shapefile",
                                          .force = members.jd ? "john_deere" : "",
                                          .metadata_units = members.jd ? &members.jd->units : nullptr,
                                          .metadata_name = "Deere-Metadata.json",
                                          .first_values = &first};
    const auto resolution = columns::resolve_columns(names, options);
    refuse_layers_that_are_not_machine_data(layer, resolution, members.shp_name);
    const ColumnBinding binding = bind_columns(resolution);
    const Georeference georeference(layer_srs(layer, members), members.shp_name);
    LayerReader reader{layer, binding, georeference, RecordClock(binding.time), {}, -1, {}};
    bind_machine_column(reader, definition, members.jd);
    schema::MachineData out;
    reader.read_all(out.points);
    out.source = reader.names.describe(out.points, members.jd);
    seed_rates_by_weight(out);
    report(out, resolution, members, reader.machine_field >= 0);
    return out;
}

} // namespace furrow::formats::shapefile
