#include "formats/isoxml/taskdata.hpp"

#include "core/error.hpp"
#include "support/temp_dir.hpp"
#include "support/zip_builder.hpp"

#include <gtest/gtest.h>

namespace furrow::formats::isoxml {
namespace {

struct Opened {
    furrow::testing::TempDir dir;
    std::optional<Bundle> bundle;
};

std::unique_ptr<Opened> open_zip(const furrow::testing::ZipEntries& entries) {
    auto opened = std::make_unique<Opened>();
    furrow::testing::write_zip(opened->dir.path() / "u.zip", entries);
    opened->bundle.emplace(Bundle::open(opened->dir.path() / "u.zip", BundleLimits{}));
    return opened;
}

TaskData read(const Opened& opened, const std::string& path) {
    return read_taskdata(*opened.bundle, *opened.bundle->find(path));
}

std::string error_of(const furrow::testing::ZipEntries& entries, const std::string& path) {
    const auto opened = open_zip(entries);
    try {
        read(*opened, path);
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::corrupt_file);
        return e.what();
    }
    return "no error";
}

constexpr const char* inline_taskdata = R"(<?xml version="1.0" encoding="UTF-8"?>
<ISO11783_TaskData VersionMajor="4" VersionMinor="1">
  <CTR A="CTR1" B="Hof Meier"/>
  <FRM A="FRM1" B="Nordfeld" I="CTR1"/>
  <CTP A="CTP1" B="Maize"><CVT A="CVT1" B="Amagrano" C="PDT2"/></CTP>
  <PFD A="PFD1" C="Big field" E="CTR1" F="FRM1" G="CTP1" H="CVT1"/>
  <WKR A="WKR1" B="Meier" C="Jan"/>
  <PDT A="PDT1" B="Mix" F="2"><PRN A="PDT2" B="1"/></PDT>
  <PDT A="PDT2" B="Seed"/>
  <DVC A="DVC-1" B="Drill" C="1.0" D="A00086000DF95589" E="SN42" F="3830">
    <DET A="DET-1" B="1" C="1" D="Device" E="0" F="0"/>
    <DET A="DET-2" B="2" C="6" D="Connector" E="1" F="1"/>
    <DET A="DET-3" B="3" C="2" D="Boom" E="2" F="1"/>
    <DET A="DET-4" B="4" C="4" D="Section 1" E="3" F="3"/>
    <DPD A="10" B="000C" C="1" D="8" E="Actual rate"/>
    <DPT A="20" B="00B3" C="2" D="Practice"/>
  </DVC>
  <TSK A="TSK1" B="Sowing" C="CTR1" D="FRM1" E="PFD1" G="4">
    <TLG A="TLG00001"/>
    <TIM A="2020-01-02T17:30:20" B="2020-01-02T19:10:53" D="4">
      <DLV A="0074" B="48300" C="DET-1"/>
      <DLV A="0094" B="" C="DET-1"/>
    </TIM>
    <WAN A="WKR1"/>
    <DAN A="A00086000DF95589" C="DVC-1"/>
    <PAN A="PDT1"/>
  </TSK>
</ISO11783_TaskData>)";

TEST(IsoxmlTaskdata, reads_tasks_devices_and_references) {
    const auto opened = open_zip({{"TASKDATA/TASKDATA.XML", inline_taskdata}});
    const TaskData td = read(*opened, "TASKDATA/TASKDATA.XML");
    EXPECT_EQ(td.folder, "TASKDATA");
    ASSERT_EQ(td.tasks.size(), 1u);
    const Task& task = td.tasks[0];
    EXPECT_EQ(task.designator, "Sowing");
    EXPECT_EQ(task.field_id, "PFD1");
    EXPECT_EQ(task.status, 4);
    EXPECT_EQ(task.time_logs, std::vector<std::string>{"TLG00001"});
    EXPECT_EQ(task.worker_ids, std::vector<std::string>{"WKR1"});
    EXPECT_EQ(task.device_ids, std::vector<std::string>{"DVC-1"});
    EXPECT_EQ(task.product_ids, std::vector<std::string>{"PDT1"});
    ASSERT_EQ(task.times.size(), 1u);
    ASSERT_EQ(task.times[0].totals.size(), 1u); // the empty B is no total
    EXPECT_EQ(task.times[0].totals[0].ddi, 0x0074);
    EXPECT_EQ(task.times[0].totals[0].value, 48300);
    EXPECT_TRUE(task.times[0].start.has_value());

    const Device* device = td.find_device("DVC-1");
    ASSERT_NE(device, nullptr);
    EXPECT_EQ(device->serial_number, "SN42");
    EXPECT_EQ(device->client_name, "A00086000DF95589");
    ASSERT_EQ(device->elements.size(), 4u);
    EXPECT_EQ(device->elements[1].type, 6);
    EXPECT_EQ(device->process_data.at(0).ddi, 0x000C);
    EXPECT_EQ(device->properties.at(0).value, 2);
    EXPECT_EQ(td.find_element("DET-4").device, device);
    EXPECT_EQ(td.find_worker("WKR1")->first_name, "Jan");
    EXPECT_EQ(td.find_product("PDT1")->component_ids, std::vector<std::string>{"PDT2"});
    EXPECT_EQ(td.find_crop_type("CTP1")->varieties.at(0).product_id, "PDT2");
    EXPECT_EQ(td.find_field("PFD1")->crop_variety_id, "CVT1");
    EXPECT_EQ(td.find_farm("FRM1")->name, "Nordfeld");
    EXPECT_EQ(td.find_customer("CTR1")->name, "Hof Meier");
}

TEST(IsoxmlTaskdata, ranks_elements_by_distance_from_the_device_element) {
    const auto opened = open_zip({{"TASKDATA.XML", inline_taskdata}});
    const TaskData td = read(*opened, "TASKDATA.XML");
    EXPECT_EQ(td.folder, "");
    EXPECT_EQ(element_rank(td, "DET-1"), 0);
    EXPECT_EQ(element_rank(td, "DET-3"), 2);
    EXPECT_EQ(element_rank(td, "DET-4"), 3);
    EXPECT_GT(element_rank(td, "DET-99"), 100);
}

TEST(IsoxmlTaskdata, merges_external_files_as_if_inline_matching_names_case_insensitively) {
    const auto opened = open_zip({
        {"x/TASKDATA/TASKDATA.XML", R"(<ISO11783_TaskData VersionMajor="4">
            <XFR A="CTR00000" B="1"/><XFR A="TSK00000" B="1"/><XFR A="DVC00000" B="1"/></ISO11783_TaskData>)"},
        {"x/TASKDATA/ctr00000.xml", R"(<XFC><CTR A="CTR1" B="Betrieb"/></XFC>)"},
        {"x/TASKDATA/TSK00000.Xml", R"(<XFC><TSK A="TSK-1" B="T"><TLG A="TLG00001"/></TSK></XFC>)"},
        {"x/TASKDATA/DVC00000.XML", R"(<XFC><DVC A="DVC-1" B="Tractor"><DET A="DET-1" C="1"/></DVC></XFC>)"},
        {"x/other/DVC00000.XML", R"(<XFC><DVC A="DVC-9"/></XFC>)"},
    });
    const TaskData td = read(*opened, "x/TASKDATA/TASKDATA.XML");
    ASSERT_EQ(td.tasks.size(), 1u);
    EXPECT_EQ(td.tasks[0].id, "TSK-1");
    EXPECT_EQ(td.find_customer("CTR1")->name, "Betrieb");
    ASSERT_EQ(td.devices.size(), 1u);
    EXPECT_EQ(td.find_element("DET-1").device->designator, "Tractor");
    EXPECT_EQ(td.external_entries, (std::vector<std::string>{"x/TASKDATA/ctr00000.xml", "x/TASKDATA/TSK00000.Xml",
                                                             "x/TASKDATA/DVC00000.XML"}));
}

TEST(IsoxmlTaskdata, missing_external_file_is_a_corrupt_file) {
    EXPECT_EQ(error_of({{"TASKDATA.XML", R"(<ISO11783_TaskData><XFR A="TSK00000" B="1"/></ISO11783_TaskData>)"}},
                       "TASKDATA.XML"),
              "isoxml: TSK00000.XML: referenced by TASKDATA.XML but missing");
}

TEST(IsoxmlTaskdata, malformed_xml_names_the_file_and_offset) {
    const std::string message = error_of({{"T/TASKDATA.XML", "<ISO11783_TaskData><TSK A=\"1\"></ISO11783_TaskData>"}},
                                         "T/TASKDATA.XML");
    EXPECT_EQ(message.rfind("isoxml: TASKDATA.XML: malformed XML: ", 0), 0u) << message;
    EXPECT_NE(message.find("at offset"), std::string::npos) << message;
    const std::string in_external = error_of(
        {{"TASKDATA.XML", R"(<ISO11783_TaskData><XFR A="PFD00000" B="1"/></ISO11783_TaskData>)"},
         {"PFD00000.XML", "<XFC><PFD A=\"1\"</XFC>"}},
        "TASKDATA.XML");
    EXPECT_EQ(in_external.rfind("isoxml: PFD00000.XML: malformed XML: ", 0), 0u) << in_external;
}

TEST(IsoxmlTaskdata, reads_latin1_designators_as_utf8) {
    const std::string xml = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><ISO11783_TaskData>"
                            "<CTR A=\"CTR1\" B=\"M\xFCller\"/></ISO11783_TaskData>";
    const auto opened = open_zip({{"TASKDATA.XML", xml}});
    EXPECT_EQ(read(*opened, "TASKDATA.XML").find_customer("CTR1")->name, "M\xC3\xBCller");
}


// ISO 11783-10 ASP inside DAN/WAN: effective stamps (D=4) become allocation periods, B or A + C.
TEST(IsoxmlTaskdata, reads_effective_allocation_stamps_of_devices_and_workers) {
    constexpr const char* xml = R"(<ISO11783_TaskData VersionMajor="4" VersionMinor="1">
  <WKR A="WKR1" B="Meier" C="Jan"/>
  <DVC A="DVC-1" B="Tractor"/>
  <TSK A="TSK1" G="4">
    <DAN A="A00086000DF95589" C="DVC-1">
      <ASP A="2022-01-02T17:30:20Z" B="2022-01-02T17:35:23Z" D="4"/>
      <ASP A="2022-01-02T18:00:00Z" B="2022-01-02T19:00:00Z" D="1"/>
    </DAN>
    <WAN A="WKR1"><ASP A="2022-01-02T17:30:00Z" C="90" D="4"/></WAN>
  </TSK>
</ISO11783_TaskData>)";
    const auto opened = open_zip({{"TASKDATA/TASKDATA.XML", xml}});
    const auto td = read(*opened, "TASKDATA/TASKDATA.XML");
    const auto& task = td.tasks.at(0);
    ASSERT_EQ(task.device_allocations.size(), 1u); // the planned stamp (D=1) is not work
    EXPECT_EQ(task.device_allocations[0].ref, "DVC-1");
    EXPECT_EQ(task.device_allocations[0].start, *parse_iso8601("2022-01-02T17:30:20Z"));
    EXPECT_EQ(task.device_allocations[0].stop, *parse_iso8601("2022-01-02T17:35:23Z"));
    ASSERT_EQ(task.worker_allocations.size(), 1u);
    EXPECT_EQ(task.worker_allocations[0].ref, "WKR1");
    EXPECT_EQ(task.worker_allocations[0].stop - task.worker_allocations[0].start, 90'000); // C = 90 s
}

} // namespace
} // namespace furrow::formats::isoxml
