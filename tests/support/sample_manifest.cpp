#include "support/sample_manifest.hpp"

namespace furrow::testing {
namespace {

using schema::PropertyId;

// Ag Leader advanced-export text (csv): line counts from each sample's SOURCE.md; times, sums, crops
// and varieties from reading the files with Python's csv module (times are Unix seconds x 1000).
SampleExpectation agleader_export(std::string_view path, std::size_t lines, TimeMs first, TimeMs last, double moisture_sum,
                                  double flow_sum, std::vector<std::string> crops, std::vector<std::string> varieties) {
    return {.path = path, .format_id = "csv", .machine_files = 1, .points = lines, .operation_type = "harvested",
            .ends = {{first, last}},
            .columns = {{PropertyId::harvest_moisture, "", moisture_sum, {}},
                        {PropertyId::crop_flow, "lb/s", flow_sum, {}},
                        {PropertyId::equipment_width, "in", {}, {}}},
            .crops = std::move(crops), .varieties = std::move(varieties), .reported_totals = {{"skippedLines", 0}}};
}

std::vector<SampleExpectation> csv_rows() {
    return {
        agleader_export("agleader-basswood-corn-2012/2012-basswood.txt", 4'240, 1347998285000, 1348054732000, 72138.2,
                        79764.52, {"corn"}, {}),
        agleader_export("agleader-advexport-yieldcleanr/sample1.txt", 21'917, 971213672000, 971235588000, 210845.89,
                        167548.34, {"soybeans"}, {"F9891RRN"}),
        // sample2-4 are hand-edited: times count seconds from a made-up origin (1970 dates), sample2's
        // variety is "NA", sample4's serial changes on every line.
        agleader_export("agleader-advexport-yieldcleanr/sample2.txt", 36'869, 59242000, 157420000, 721460.9, 241346.906,
                        {"corn"}, {}),
        agleader_export("agleader-advexport-yieldcleanr/sample3.txt", 31'815, 24538654000, 24743453000, 603682.73,
                        507625.33, {"corn"}, {"DK 616"}),
        agleader_export("agleader-advexport-yieldcleanr/sample4.txt", 19'495, 11111111000, 11130605000, 428520.4,
                        243529.4705, {"corn, white"}, {"4238", "4239"}),
        // Every row has Lon and Lat; 1,000 have an empty Yield (14,756 - 1,000 present). DateStamp
        // d/mm/yyyy + TimeStamp without a zone, taken as UTC: 2024-03-05T08:04:24Z .. 2024-03-21T16:51:49Z.
        // The file names no crop.
        {.path = "csiro-grape-yield-csv/area1_yield_ascii_wgs84.csv", .format_id = "csv", .machine_files = 1,
         .points = 14'756, .operation_type = "harvested", .ends = {{1709625864000, 1711039909000}},
         .columns = {{PropertyId::wet_mass_per_area, "t/ha", {}, 13'756},
                     {PropertyId::equipment_width, "m", {}, {}},
                     {PropertyId::elevation, "m", {}, {}}},
         .crops = std::vector<std::string>{}, .reported_totals = {{"skippedLines", 0}}},
    };
}

// ISOXML: record counts, dates and position ranges from each sample's SOURCE.md; reported totals
// read by hand from TASKDATA.XML (TIM/DLV).
std::vector<SampleExpectation> isoxml_rows() {
    return {
        // 19 <TSK> (TSK1-8, TSK10-20; SOURCE.md's "20 tasks" counts TSK9, which is not there) with
        // 21 <TLG>: TSK6 and TSK14 have two each; every header logs PTN A and B. TSK1 TIM/DLV 0074.
        {.path = "isoxml-cci-forage-timelogs/TASKDATA", .format_id = "isoxml", .machine_files = 19, .points = 61'314,
         .operation_type = "harvested", .extent = {{10.00, 10.25, 54.40, 54.60, "2020-01-02", "2020-01-04"}},
         .reported_totals = {{"totalArea", 48300}}},
        // 314 + 27 + 4,336 records. The later TIM's values (17:37-18:49) hold the task's running
        // totals; the per-point fuel adds up to DLV 0094 = 35,000 ml.
        {.path = "isoxml-krone-bigx-totals/TASKDATA.zip", .format_id = "isoxml", .machine_files = 1, .points = 4'677,
         .operation_type = "harvested", .extent = {{8.90, 9.20, 46.10, 46.45, "2022-01-02", "2022-01-02"}},
         .columns = {{PropertyId::fuel_used, "", 35, {}}},
         .reported_totals = {{"totalFuelConsumption", 35}, {"ineffectiveTotalDistance", 47409}}},
        // SOURCE.md calls it spreading from the spreader DVCs in TASKDATA.XML, but the one logged
        // task's TLG header holds DDI 000B/000C (count per area) on DVC-36 "IntelliAg" "Seed Operation".
        {.path = "isoxml-kverneland-spreader/SingleDPD.zip", .format_id = "isoxml", .machine_files = 1, .points = 373,
         .operation_type = "planted", .extent = {{-94.0, 9.0, 41.0, 53.0, "2022-10-19", "2022-10-19"}}},
        // A tractor standing still: nothing tells an operation.
        {.path = "isoxml-topcon-xfr/2021-04-09T15_33_26_taskdata.zip", .format_id = "isoxml", .machine_files = 1,
         .points = 207, .operation_type = "", .extent = {{9.57, 9.59, 45.52, 45.54, "2021-04-09", "2021-04-09"}}},
    };
}

// Shapefiles: point counts from each sample's SOURCE.md; bounds (rounded to 1e-6 degrees) and
// column sums computed with python3-gdal (osgeo.ogr, centroids reprojected by OGR); crops from the
// .dbf / Deere-Metadata.json.
std::vector<SampleExpectation> shapefile_rows() {
    return {
        {.path = "jd-opscenter-oats-harvest/FarmerC Hill Farms-FarmerC Hill Farms-Millview-Oats.zip",
         .format_id = "shapefile", .machine_files = 1, .points = 97'383, .operation_type = "harvested",
         .extent = {{-96.678824, -96.669598, 49.545335, 49.552408, "2017-08-01", "2017-10-31"}},
         .columns = {{PropertyId::wet_mass_per_area, "lb/ac", 378193351.3369331, 97'383},
                     {PropertyId::harvest_moisture, "percentage", {}, {}},
                     {PropertyId::elevation, "ft", {}, {}}},
         .crops = {{"oats"}}},
        // The seeding rate is in lb/ac (JD metadata), so it is an applied mass rate, not a seed
        // count: 1,019 of its values are dBase overflow ("****") and must be missing.
        {.path = "jd-opscenter-wheat-seeding/FarmerC Hill Farms-FarmerC Hill Farms-Millview-Wheat (Hrd Rd Spr) seeding.zip",
         .format_id = "shapefile", .machine_files = 1, .points = 23'047, .operation_type = "planted",
         .extent = {{-96.678999, -96.665525, 49.545279, 49.552466, "2019-04-01", "2019-06-30"}},
         .columns = {{PropertyId::seed_rate, "lb/ac", 3696399.479179027, 22'028}},
         .crops = {{"wheat (hrd rd spr)"}}},
        // Polygons without times.
        {.path = "sms-urea-asapplied-poly/FarmerI_AA16_AA_N_2016_henrys.zip", .format_id = "shapefile",
         .machine_files = 1, .points = 2'360, .operation_type = "applied",
         .extent = {{-110.558031, -110.547456, 47.878853, 47.896755, "", ""}},
         .columns = {{PropertyId::applied_rate, "lb/ac", 359504.06700000004, 2'360}}},
        {.path = "sms-case-wheat-yield-2018/FarmerI_YL18_YLD_2018_henrys.zip", .format_id = "shapefile",
         .machine_files = 1, .points = 31'276, .operation_type = "harvested",
         .extent = {{-110.558088, -110.547327, 47.878821, 47.896790, "2018-07-18", "2018-07-18"}},
         .columns = {{PropertyId::wet_mass_per_area, "lb/ac", 100057734.33909996, 31'276}},
         .crops = {{"wheat"}}},
        // The folder as published: a shapefile without .prj, and its Ag Leader text beside it.
        {.path = "agleader-basswood-corn-2012", .format_id = "shapefile", .machine_files = 1, .points = 4'240,
         .operation_type = "harvested", .other_formats = {"csv"},
         .extent = {{-93.277204, -93.271072, 41.537132, 41.540560, "2012-09-18", "2012-09-30"}},
         .columns = {{PropertyId::crop_flow, "lb/s", 79764.51999999957, 4'240}},
         .crops = {{"corn"}}},
    };
}

std::vector<SampleExpectation> all_rows() {
    std::vector<SampleExpectation> rows;
    for (auto part : {csv_rows(), isoxml_rows(), shapefile_rows()})
        for (auto& row : part) rows.push_back(std::move(row));
    return rows;
}

} // namespace

std::span<const SampleExpectation> sample_manifest() {
    static const std::vector<SampleExpectation> rows = all_rows();
    return rows;
}

std::span<const FormatWithoutSample> formats_without_sample() {
    static constexpr FormatWithoutSample list[] = {
        {"geojson", "no public real GeoJSON machine export (Farmobile) was found (shared/data/README.md); "
                    "tests/unit/formats/geojson/geojson_reader_test.cpp covers the reader with hand-made files"},
        {"jd_gen4", "checked against Deere's own shapefile exports of the same cards (positions, time span, "
                    "point counts, column means) in tests/e2e/test_jd_gen4.py; no figures here yet"},
        {"jd_gs3", "no answer key is published (shared/data/jd-gs2-gs3/SOURCE.md); tests/e2e/test_jd_greenstar.py "
                   "checks the logs against their own .fdl XML and track geometry"},
        {"jd_gs2", "no answer key is published (shared/data/jd-gs2-gs3/SOURCE.md); tests/e2e/test_jd_greenstar.py "
                   "checks the logs against their own .fdl XML and track geometry"},
    };
    return list;
}

} // namespace furrow::testing
