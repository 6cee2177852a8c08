// Issue 15 point 5: values on child elements stand in for a device element that logs nothing or 0,
// and a DVP that disagrees with the data dictionary is reported. Expected numbers are hand arithmetic
// from the raw values written below (DDI 0x0002: mm3/m2 = raw x 0.01; 0x0007: mg/m2 = raw x 1).
#include "formats/isoxml/isoxml_format.hpp"
#include "formats/isoxml/isoxml_reader.hpp"
#include "support/point_values.hpp"
#include "support/temp_dir.hpp"
#include "support/zip_builder.hpp"
#include "unit/formats/isoxml/tlg_writer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace furrow::formats::isoxml {
namespace {

using schema::PropertyId;
using furrow::testing::column;
using testing::days_2020_01_02;
using furrow::testing::expect_values;
using testing::TlgWriter;

// A sprayer: device DET-1 > boom DET-2 > sections DET-3, DET-4 (6 m each by DPT) and DET-5 (3 m).
// DET-1's Actual Volume Per Area has a DVP 100x off the dictionary (0.01 l/ha per raw step; the
// dictionary gives 0.0001); the sections' DVP agrees. A spreader DVC-2 has two bins, one product each.
constexpr const char* taskdata = R"(<?xml version="1.0" encoding="UTF-8"?>
<ISO11783_TaskData VersionMajor="4" VersionMinor="1">
  <PDT A="PDT1" B="Urea"/>
  <PDT A="PDT2" B="Potash"/>
  <DVC A="DVC-1" B="Sprayer">
    <DET A="DET-1" B="1" C="1" D="Sprayer" E="0" F="0"><DOR A="100"/></DET>
    <DET A="DET-2" B="2" C="2" D="Boom" E="1" F="1"/>
    <DET A="DET-3" B="3" C="4" D="Section 1" E="2" F="2"><DOR A="101"/><DOR A="201"/></DET>
    <DET A="DET-4" B="4" C="4" D="Section 2" E="3" F="2"><DOR A="101"/><DOR A="202"/></DET>
    <DET A="DET-5" B="5" C="4" D="Section 3" E="4" F="2"><DOR A="101"/><DOR A="203"/></DET>
    <DPD A="100" B="0002" C="1" D="8" E="Actual rate" F="300"/>
    <DPD A="101" B="0002" C="1" D="8" E="Section rate" F="301"/>
    <DPT A="201" B="0043" C="6000" D="Width"/>
    <DPT A="202" B="0043" C="6000" D="Width"/>
    <DPT A="203" B="0043" C="3000" D="Width"/>
    <DVP A="300" B="0" C="0.01" D="1" E="l/ha"/>
    <DVP A="301" B="0" C="0.000100000" D="1" E="l/ha"/>
  </DVC>
  <DVC A="DVC-2" B="Spreader">
    <DET A="DET-10" B="1" C="1" D="Spreader" E="0" F="0"/>
    <DET A="DET-11" B="2" C="3" D="Bin 1" E="1" F="1"/>
    <DET A="DET-12" B="3" C="3" D="Bin 2" E="2" F="1"/>
  </DVC>
  <TSK A="TSK1" B="Spraying"><TLG A="TLG00001"/></TSK>
  <TSK A="TSK2" B="Spreading"><TLG A="TLG00002"/>
    <PAN A="PDT1" E="DET-11"/><PAN A="PDT2" E="DET-12"/>
  </TSK>
</ISO11783_TaskData>)";

// DLVs: 0 rate DET-1, 1-3 rate DET-3..5, 4-6 work state DET-3..5.
constexpr const char* tlg1_header = R"(<TIM A="" D="4"><PTN A="" B=""/>
  <DLV A="0002" B="" C="DET-1"/><DLV A="0002" B="" C="DET-3"/><DLV A="0002" B="" C="DET-4"/>
  <DLV A="0002" B="" C="DET-5"/><DLV A="008D" B="" C="DET-3"/><DLV A="008D" B="" C="DET-4"/>
  <DLV A="008D" B="" C="DET-5"/></TIM>)";

std::string tlg1_bin() {
    TlgWriter w;
    // 1: device 0, sections 200, 220, 100 L/ha (raw x 1e-4), all on.
    w.time(1000, days_2020_01_02).position(54.5, 10.1);
    w.samples({{0, 0}, {1, 2'000'000}, {2, 2'200'000}, {3, 1'000'000}, {4, 1}, {5, 1}, {6, 1}});
    w.time(2000, days_2020_01_02).position(54.5, 10.2).samples({{6, 0}});       // 2: section 3 off
    w.time(3000, days_2020_01_02).position(54.5, 10.3).samples({{4, 0}, {5, 0}}); // 3: all off
    w.time(4000, days_2020_01_02).position(54.5, 10.4).samples({{0, 1'500'000}, {4, 1}}); // 4: the device's own
    return w.str();
}

// DLVs: 0 rate DET-11 (bin 1), 1 rate DET-12 (bin 2); the device element logs no rate.
constexpr const char* tlg2_header = R"(<TIM A="" D="4"><PTN A="" B=""/>
  <DLV A="0007" B="" C="DET-11"/><DLV A="0007" B="" C="DET-12"/></TIM>)";

std::string tlg2_bin() {
    TlgWriter w;
    w.time(1000, days_2020_01_02).position(54.5, 10.1).samples({{0, 10'000}, {1, 5'000}}); // 100 + 50 kg/ha
    w.time(2000, days_2020_01_02).position(54.5, 10.2).samples({{1, 0}});                 // bin 2 empty
    return w.str();
}

class ElementRollupTest : public ::testing::Test {
protected:
    void SetUp() override {
        furrow::testing::write_zip(m_dir.path() / "u.zip", {
                                                              {"TASKDATA/TASKDATA.XML", taskdata},
                                                              {"TASKDATA/TLG00001.XML", tlg1_header},
                                                              {"TASKDATA/TLG00001.BIN", tlg1_bin()},
                                                              {"TASKDATA/TLG00002.XML", tlg2_header},
                                                              {"TASKDATA/TLG00002.BIN", tlg2_bin()},
                                                          });
        m_bundle.emplace(Bundle::open(m_dir.path() / "u.zip", BundleLimits{}));
        const auto found = format().detect(*m_bundle);
        ASSERT_EQ(found.size(), 1u);
        m_dataset = found[0];
    }

    schema::MachineData read(const std::string& task_id) const {
        for (const auto& ds : split_taskdata(*m_bundle, m_dataset))
            if (ds.part == task_id) return read_task(*m_bundle, ds);
        throw std::runtime_error("no task " + task_id);
    }

    furrow::testing::TempDir m_dir;
    std::optional<Bundle> m_bundle;
    Dataset m_dataset;
};

bool has_warning(const schema::ConversionReport& report, std::string_view part) {
    return std::any_of(report.warnings.begin(), report.warnings.end(),
                       [&](const std::string& w) { return w.find(part) != std::string::npos; });
}

TEST_F(ElementRollupTest, section_rates_stand_in_for_a_device_element_logging_zero_weighted_by_working_width) {
    const auto data = read("TSK1");
    // mm3/m2 (raw x 0.01): 1) (20000*6 + 22000*6 + 10000*3) / 15 = 18800; 2) section 3 off:
    // (20000*6 + 22000*6) / 12 = 21000; 3) every section off: 0; 4) the device's own 15000 wins.
    expect_values(column(data.points, PropertyId::applied_rate), {18'800, 21'000, 0, 15'000});
    EXPECT_EQ(data.points.find(PropertyId::applied_rate)->unit->name, "mm3/m2");
    // No work state on the device element: any working section is "on".
    expect_values(column(data.points, PropertyId::recording_status), {1, 1, 0, 1});
    EXPECT_TRUE(has_warning(data.report, "device tree: 3 of 4 points take appliedRate from child elements"));
    EXPECT_TRUE(has_warning(data.report, "device tree: 4 of 4 points take recordingStatus"));
}

TEST_F(ElementRollupTest, bin_rates_of_two_products_add_up) {
    const auto data = read("TSK2");
    // mg/m2: 10000 + 5000; then bin 2 logs 0: 10000 + 0.
    expect_values(column(data.points, PropertyId::applied_rate), {15'000, 10'000});
    EXPECT_EQ(data.points.find(PropertyId::applied_rate)->unit->name, "mg/m2");
    // Each bin's product (PAN E) gets its bin's rate.
    const auto& products = data.points.product_columns();
    ASSERT_EQ(products.size(), 2u);
    EXPECT_EQ(products[0].product, "Urea");
    EXPECT_EQ(products[0].unit->name, "mg/m2");
    expect_values(products[0].values, {10'000, 10'000});
    EXPECT_EQ(products[1].product, "Potash");
    expect_values(products[1].values, {5'000, 0});
    EXPECT_TRUE(data.points.product_columns().size() == 2 && read("TSK1").points.product_columns().empty());
}

TEST_F(ElementRollupTest, a_presentation_that_disagrees_with_the_dictionary_is_reported_not_used) {
    const auto data = read("TSK1");
    // DET-1's DVP: 0.01 l/ha per raw step; the dictionary: 0.01 mm3/m2 = 0.0001 l/ha: 100x apart.
    EXPECT_TRUE(has_warning(data.report, "DVC-1 (Sprayer) 0x0002 on DET-1: the device shows raw x 0.01 l/ha, "
                                         "the ISO 11783-11 data dictionary gives raw x 0.0001 l/ha (100x apart)"));
    // The sections' DVP agrees: no warning for them.
    EXPECT_FALSE(has_warning(data.report, "on DET-3"));
    EXPECT_EQ(column(data.points, PropertyId::applied_rate)[3], 15'000); // read at the dictionary's scale
    EXPECT_FALSE(has_warning(read("TSK2").report, "device value presentation"));
}

} // namespace
} // namespace furrow::formats::isoxml
