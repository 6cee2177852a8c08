#include "formats/isoxml/isoxml_reader.hpp"

#include "core/error.hpp"
#include "formats/isoxml/isoxml_format.hpp"
#include "support/point_values.hpp"
#include "support/temp_dir.hpp"
#include "support/zip_builder.hpp"
#include "unit/formats/isoxml/tlg_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace furrow::formats::isoxml {
namespace {

using schema::PropertyId;
using furrow::testing::column;
using testing::days_2020_01_02;
using furrow::testing::expect_values;
using testing::TlgWriter;

constexpr TimeMs t_2020_01_02 = 1'577'923'200'000;
const double nan = std::nan("");

constexpr const char* taskdata = R"(<?xml version="1.0" encoding="UTF-8"?>
<ISO11783_TaskData VersionMajor="4" VersionMinor="1">
  <CTR A="CTR1" B="Hof Meier"/>
  <FRM A="FRM1" B="Nordhof" I="CTR1"/>
  <CTP A="CTP1" B="Wheat"/>
  <PFD A="PFD1" C="Big field" E="CTR1" F="FRM1" G="CTP1"/>
  <WKR A="WKR1" B="Meier" C="Jan"/>
  <PDT A="PDT1" B="Fungicide"/>
  <DVC A="DVC-1" B="Combine" E="SN-1">
    <DET A="DET-1" B="1" C="1" D="Machine" E="0" F="0"/>
    <DET A="DET-2" B="2" C="2" D="Thresher" E="1" F="1"/>
    <DET A="DET-3" B="3" C="4" D="Section" E="2" F="2"/>
    <DPT A="9" B="00B3" C="9" D="Cultural practice"/>
  </DVC>
  <DVC A="DVC-2" B="Header" E="SN-2">
    <DET A="DET-10" B="1" C="1" D="Header" E="0" F="0"/>
    <DET A="DET-11" B="2" C="6" D="Connector" E="1" F="1"/>
  </DVC>
  <TSK A="TSK1" B="Harvest " C="CTR1" E="PFD1" G="4">
    <TLG A="TLG00001"/>
    <TLG A="TLG00002"/>
    <TIM A="2020-01-02T18:00:00" D="4">
      <DLV A="0094" B="35000" C="DET-1"/><DLV A="0074" B="200" C="DET-1"/>
    </TIM>
    <TIM A="2020-01-02T17:00:00" D="4">
      <DLV A="0074" B="100" C="DET-3"/><DLV A="0074" B="90" C="DET-1"/><DLV A="0043" B="9000" C="DET-1"/>
    </TIM>
    <WAN A="WKR1"/>
    <PAN A="PDT1"/>
  </TSK>
  <TSK A="TSK2" B="Lost"><TLG A="TLG00009"/></TSK>
  <TSK A="TSK3" B="Planned only"/>
  <TSK A="TSK4"><TLG A="TLG00004"/></TSK>
</ISO11783_TaskData>)";

// Earlier in time than TLG00001 although listed second.
std::string tlg2_header() {
    return R"(<TIM A="" D="4"><PTN A="" B="" C=""/>
      <DLV A="0054" B="" C="DET-3"/><DLV A="0054" B="" C="DET-1"/><DLV A="008D" B="" C="DET-1"/>
      <DLV A="0094" B="" C="DET-1"/><DLV A="E000" B="" C="DET-1"/><DLV A="0043" B="" C="DET-10"/></TIM>)";
}

std::string tlg2_bin() {
    TlgWriter w;
    w.time(1000, days_2020_01_02).position(54.5, 10.1).i32(12'000);
    w.samples({{0, 500}, {1, 1'000'000}, {2, 1}, {3, 10'000}, {4, 7}, {5, 9000}});
    w.time(2000, days_2020_01_02).position(54.6, 10.2).i32(12'100).samples({{1, 2'000'000}, {3, 10'500}});
    w.time(3000, days_2020_01_02).position(0, 0).i32(12'200).samples({{2, 0}});
    return w.str();
}

std::string tlg1_bin() {
    TlgWriter w;
    w.time(5000, days_2020_01_02).position(54.7, 10.3).samples({{0, 3'000'000}, {1, 20'000}});
    w.time(6000, days_2020_01_02).position(54.8, 10.4).samples({{1, 19'000}}); // fuel counter went back
    return w.str();
}

std::string tlg4_bin() {
    TlgWriter w;
    w.time(0, days_2020_01_02).position(1, 1).samples({});
    w.time(1, days_2020_01_02).position(1, 1).samples({{0, static_cast<std::int32_t>(0xFFFFFFF0)}, {1, -1}});
    w.time(2, days_2020_01_02).position(1, 1).samples({{1, static_cast<std::int32_t>(0xFFFFFFFD)}});
    return w.str();
}

class IsoxmlReader : public ::testing::Test {
protected:
    void SetUp() override {
        furrow::testing::write_zip(m_dir.path() / "u.zip", {
            {"TASKDATA/TASKDATA.XML", taskdata},
            {"TASKDATA/TLG00001.xml", R"(<TIM A="" D="4"><PTN A="" B=""/>
               <DLV A="0054" B="" C="DET-1"/><DLV A="0094" B="" C="DET-1"/></TIM>)"},
            {"TASKDATA/TLG00001.bin", tlg1_bin()},
            {"TASKDATA/TLG00002.XML", tlg2_header()},
            {"TASKDATA/TLG00002.BIN", tlg2_bin()},
            {"TASKDATA/TLG00004.XML", R"(<TIM A="" D="4"><PTN A="" B=""/>
               <DLV A="00A1" B="" C="DET-3"/><DLV A="00A2" B="" C="DET-3"/></TIM>)"},
            {"TASKDATA/TLG00004.BIN", tlg4_bin()},
            {"TASKDATA/TLG00009.BIN", ""},
        });
        m_bundle.emplace(Bundle::open(m_dir.path() / "u.zip", BundleLimits{}));
        const auto found = format().detect(*m_bundle);
        ASSERT_EQ(found.size(), 1u);
        m_dataset = found[0];
    }

    Dataset part(const std::string& task_id) const {
        for (const auto& ds : split_taskdata(*m_bundle, m_dataset))
            if (ds.part == task_id) return ds;
        Dataset ds = m_dataset;
        ds.part = task_id;
        return ds;
    }

    furrow::testing::TempDir m_dir;
    std::optional<Bundle> m_bundle;
    Dataset m_dataset;
};

TEST_F(IsoxmlReader, splits_one_machine_file_per_task_with_logged_data) {
    const Format f = format();
    ASSERT_NE(f.split, nullptr);
    ASSERT_NE(f.read, nullptr);
    EXPECT_TRUE(f.reader_missing.empty());
    const auto parts = f.split(*m_bundle, m_dataset);
    ASSERT_EQ(parts.size(), 3u); // TSK3 has no logs; TSK2's log is incomplete but still a (failing) file
    EXPECT_EQ(parts[0].key, "TASKDATA#TSK1");
    EXPECT_EQ(parts[0].part, "TSK1");
    EXPECT_EQ(parts[0].name, "Harvest");
    EXPECT_EQ(parts[0].marker, "TASKDATA/TASKDATA.XML");
    EXPECT_EQ(parts[0].entries, (std::vector<std::string>{"TASKDATA/TASKDATA.XML", "TASKDATA/TLG00001.xml",
                                                          "TASKDATA/TLG00001.bin", "TASKDATA/TLG00002.XML",
                                                          "TASKDATA/TLG00002.BIN"}));
    EXPECT_EQ(parts[1].name, "Lost");
    EXPECT_EQ(parts[1].entries, (std::vector<std::string>{"TASKDATA/TASKDATA.XML", "TASKDATA/TLG00009.BIN"}));
    EXPECT_EQ(parts[2].name, "TSK4"); // no designator
}

TEST_F(IsoxmlReader, reads_all_logs_of_a_task_in_time_order_with_last_known_values) {
    const auto data = read_task(*m_bundle, part("TSK1"));
    const auto& t = data.points;
    ASSERT_EQ(t.size(), 5u);
    EXPECT_EQ(t.time()[0], t_2020_01_02 + 1000);
    EXPECT_EQ(t.time()[4], t_2020_01_02 + 6000);
    EXPECT_NEAR(t.lat()[1], 54.6, 1e-7);
    EXPECT_NEAR(t.lon()[1], 10.2, 1e-7);
    EXPECT_EQ(t.lat()[2], 0); // kept as recorded
    // The device element's yield wins over the section's; values carry forward within a log.
    expect_values(column(t, PropertyId::wet_mass_per_area), {1e6, 2e6, 2e6, 3e6, 3e6});
    EXPECT_EQ(t.find(PropertyId::wet_mass_per_area)->unit->name, "mg/m2");
    expect_values(column(t, PropertyId::recording_status), {1, 1, 0, nan, nan});
    expect_values(column(t, PropertyId::fuel_used), {nan, 0.5, 0, nan, nan});
    expect_values(column(t, PropertyId::equipment_width), {9000, 9000, 9000, nan, nan});
    expect_values(column(t, PropertyId::elevation), {12'000, 12'100, 12'200, nan, nan});
    EXPECT_EQ(t.find(PropertyId::speed), nullptr);
}

TEST_F(IsoxmlReader, combines_condensed_work_states_of_all_sections) {
    const auto data = read_task(*m_bundle, part("TSK4"));
    expect_values(column(data.points, PropertyId::recording_status), {nan, 0, 1});
    EXPECT_FALSE(data.source.operation_type);
    EXPECT_EQ(data.source.original_operation_type, "Forage Harvesting"); // DVC-1's DPT
}

TEST_F(IsoxmlReader, describes_the_task_from_taskdata) {
    const auto s = read_task(*m_bundle, part("TSK1")).source;
    EXPECT_EQ(s.operation_type, schema::OperationType::harvested);
    EXPECT_EQ(s.original_operation_type, "Forage Harvesting");
    ASSERT_EQ(s.machinery.size(), 2u);
    EXPECT_EQ(s.machinery[0].id, "DVC-1");
    EXPECT_EQ(s.machinery[0].name, "Combine");
    EXPECT_EQ(s.machinery[0].type, "machine");
    EXPECT_EQ(s.machinery[0].serial_number, "SN-1");
    EXPECT_EQ(s.machinery[1].type, "implement");
    ASSERT_EQ(s.operators.size(), 1u);
    EXPECT_EQ(s.operators[0].name, "Jan Meier");
    EXPECT_EQ(s.customer, "Hof Meier");
    EXPECT_EQ(s.farm, "Nordhof"); // from the field: the task names no farm
    EXPECT_EQ(s.field, "Big field");
    EXPECT_EQ(s.task_name, "Harvest");
    EXPECT_EQ(s.crops, std::vector<std::string>{"wheat"}); // CTP "Wheat", as docs/CROPS.md names it
    ASSERT_EQ(s.products.size(), 1u);
    EXPECT_EQ(s.products[0].name, "Fungicide");
}

TEST_F(IsoxmlReader, reports_the_latest_totals_from_the_device_element) {
    const auto totals = read_task(*m_bundle, part("TSK1")).source.reported_totals;
    EXPECT_EQ(totals.at("totalArea").at("value").get<double>(), 200);
    EXPECT_EQ(totals.at("totalArea").at("unit"), "m2");
    EXPECT_EQ(totals.at("totalArea").at("ddi"), "0x0074");
    EXPECT_EQ(totals.at("totalFuelConsumption").at("value").get<double>(), 35);
    EXPECT_EQ(totals.at("totalFuelConsumption").at("unit"), "L");
    EXPECT_FALSE(totals.contains("equipmentWidth"));
    EXPECT_EQ(totals.size(), 2u);
}

TEST_F(IsoxmlReader, missing_time_log_is_a_corrupt_file) {
    try {
        read_task(*m_bundle, part("TSK2"));
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::corrupt_file);
        EXPECT_STREQ(e.what(), "isoxml: TLG00009.XML: referenced by TASKDATA.XML but missing");
    }
}

TEST(IsoxmlReaderSplit, no_task_with_logged_data_gives_no_machine_file) {
    furrow::testing::TempDir dir;
    furrow::testing::write_zip(dir.path() / "u.zip",
                               {{"TASKDATA.XML", R"(<ISO11783_TaskData><TSK A="TSK1"/></ISO11783_TaskData>)"}});
    const auto bundle = Bundle::open(dir.path() / "u.zip", BundleLimits{});
    const auto found = format().detect(bundle);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_TRUE(split_taskdata(bundle, found[0]).empty());
}

TEST(IsoxmlReaderSplit, task_whose_logs_are_missing_still_becomes_a_failing_machine_file) {
    furrow::testing::TempDir dir;
    furrow::testing::write_zip(
        dir.path() / "u.zip",
        {{"TASKDATA.XML", R"(<ISO11783_TaskData><TSK A="TSK1"><TLG A="TLG00004"/></TSK></ISO11783_TaskData>)"}});
    const auto bundle = Bundle::open(dir.path() / "u.zip", BundleLimits{});
    const auto found = format().detect(bundle);
    ASSERT_EQ(found.size(), 1u);
    const auto parts = split_taskdata(bundle, found[0]);
    ASSERT_EQ(parts.size(), 1u);
    try {
        read_task(bundle, parts[0]);
        FAIL() << "reading a task without its log files must fail";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::corrupt_file);
        EXPECT_STREQ(e.what(), "isoxml: TLG00004.XML: referenced by TASKDATA.XML but missing");
    }
}

TEST(IsoxmlReaderTimes, a_terminal_clock_without_a_true_date_is_placed_from_the_task_start) {
    // No GPS time; the terminal's clock says 1980-01-01 (day 0): no true time in the log at all.
    TlgWriter w;
    w.time(5000, 0).position(54.5, 10.1).samples({});
    w.time(6000, 0).position(54.5, 10.2).samples({});
    w.time(8500, 0).position(54.5, 10.3).samples({});
    furrow::testing::TempDir dir;
    furrow::testing::write_zip(dir.path() / "u.zip", {
        {"TASKDATA.XML", R"(<ISO11783_TaskData><TSK A="TSK1"><TLG A="TLG00001"/>
            <TIM A="2020-01-02T12:00:00" D="1"/><TIM A="2020-01-02T10:00:00" D="4"/></TSK></ISO11783_TaskData>)"},
        {"TLG00001.XML", R"(<TIM A="" D="4"><PTN A="" B=""/></TIM>)"},
        {"TLG00001.BIN", w.str()},
    });
    const auto bundle = Bundle::open(dir.path() / "u.zip", BundleLimits{});
    const auto parts = split_taskdata(bundle, format().detect(bundle).at(0));
    const auto data = read_task(bundle, parts.at(0));
    // The effective TIM (D=4) start, 10:00 UTC, then +1 s and +3.5 s as the terminal clock ran.
    constexpr TimeMs ten = t_2020_01_02 + 10 * 3'600'000;
    EXPECT_EQ(data.points.time(), (std::vector<TimeMs>{ten, ten + 1000, ten + 3500}));
    ASSERT_EQ(data.report.warnings.size(), 1u);
    EXPECT_EQ(data.report.warnings[0],
              "times: 3 of 3 points have neither a true GPS time nor a true record time (first: "
              "1980-01-01T00:00:05.000Z): they are placed from the task's start in TASKDATA.XML "
              "(2020-01-02T10:00:00.000Z) by their record clock's offsets");
}

} // namespace
} // namespace furrow::formats::isoxml
