// The GreenStar .fdl reader on a hand-written RCDLogFile shaped like the JohnDeere/SampleData ones.
#include "formats/jd_greenstar/fdl_log.hpp"
#include "formats/jd_greenstar/greenstar_points.hpp"

#include "core/error.hpp"

#include <gtest/gtest.h>

namespace furrow::formats::jd_greenstar {
namespace {

constexpr const char* fdl = R"(<?xml version="1.0" encoding="utf-8"?>
<RCDLogFile xmlns="urn:schemas-johndeere-com:RCD:LogFile" xmlns:rcdsetup="urn:schemas-johndeere-com:RCD:Setup">
  <RCDLogHeader><FieldRef eridRef="{f}" /><TaskRef eridRef="{t}" /></RCDLogHeader>
  <RCDLogBlock>
    <ConfigBlock>
      <Setup>
        <rcdsetup:Participant><rcdsetup:Client erid="{c}" name="Merriweather Farm" /></rcdsetup:Participant>
        <rcdsetup:Participant><rcdsetup:Operator erid="{o}" name="Pat" /></rcdsetup:Participant>
        <rcdsetup:Farm erid="{fa}" name="JT" clientRef="{c}" />
        <rcdsetup:Field erid="{f}" name="1" farmRef="{fa}" />
        <rcdsetup:Products><rcdsetup:Crop id="173" name="Corn"><rcdsetup:CropVariety erid="{v}" name="55VX1" /></rcdsetup:Crop></rcdsetup:Products>
        <rcdsetup:MachineType erid="{mt}" name="Combine" />
        <rcdsetup:Equipment><rcdsetup:Machine erid="{m}" name="9570" serialNumber="H0957" machineTypeRef="{mt}" /></rcdsetup:Equipment>
        <rcdsetup:Task erid="{t}" name="Corn Harvest" />
      </Setup>
      <EquipmentConfiguration>
        <Meter id="174">
          <MeasuredElement><VariableNumberColumn columnID="MeasElement175" sourceUOM="kg" variableRepresentation="vrYieldWetMass" /></MeasuredElement>
          <SectionRef idRef="192" />
        </Meter>
        <Meter id="20"><TargetElement><VariableNumberColumn columnID="TgtElement21" sourceUOM="prcnt" variableRepresentation="vrRelativeHumidity" /></TargetElement></Meter>
        <Section id="192">
          <RecordingStateElement><DefinedTypeColumn columnID="Section181_State" definedTypeRepresentation="dtRecordingStatus" /></RecordingStateElement>
          <vrSectionWidth value="1524.000000" sourceUOM="mm" variableRepresentation="vrSectionWidth" />
        </Section>
        <Section id="300">
          <RecordingStateElement><DefinedTypeColumn columnID="Section301_State" definedTypeRepresentation="dtRecordingStatus" /></RecordingStateElement>
        </Section>
        <NavigationReference>
          <vrLatitude columnID="GPSLatitude_5140" sourceUOM="arcdeg" variableRepresentation="vrLatitude" />
          <vrLongitude columnID="GPSLongitude_5140" sourceUOM="arcdeg" variableRepresentation="vrLongitude" />
          <dtNavigationType value="dtiVehicleGPS" definedTypeRepresentation="dtNavigationType" />
        </NavigationReference>
        <NavigationReference>
          <vrLatitude columnID="GPSLatitude_5141" sourceUOM="arcdeg" variableRepresentation="vrLatitude" />
          <vrLongitude columnID="GPSLongitude_5141" sourceUOM="arcdeg" variableRepresentation="vrLongitude" />
          <vrHeading columnID="GPSHeading_5141" sourceUOM="arcdeg" variableRepresentation="vrHeading" />
          <dtNavigationType value="dtiComputedImplement" definedTypeRepresentation="dtNavigationType" />
        </NavigationReference>
      </EquipmentConfiguration>
      <LogTaskRegion timeStamp="2011-09-14T18:42:14.000Z" timeColumnID="ElapsedTime" logInterval="1000">
        <MachineRef eridRef="{m}" /><OperatorRef eridRef="{o}" />
        <Operation id="1"><dtOperationClass value="dtiHarvest" /><ProductRef eridRef="{v}" /><MeterRef idRef="174" /></Operation>
        <TaskMeasurements taskMeasurementType="weather"><MeterRef idRef="20" /></TaskMeasurements>
      </LogTaskRegion>
    </ConfigBlock>
    <LogDataBlock logDataProcessor="EvenByteDelta">
      <EvenByteDelta filePathName="Documentation\87\x.fdd" filePosition="357615" />
    </LogDataBlock>
  </RCDLogBlock>
</RCDLogFile>)";

TEST(FdlLog, ReadsSetupColumnsAndWhereTheDataIs) {
    const auto regions = parse_fdl(fdl, "x.fdl");
    ASSERT_EQ(regions.size(), 1u);
    const auto& r = regions[0];
    EXPECT_EQ(r.client, "Merriweather Farm");
    EXPECT_EQ(r.farm, "JT");
    EXPECT_EQ(r.field, "1");
    EXPECT_EQ(r.task, "Corn Harvest");
    EXPECT_EQ(r.operator_name, "Pat");
    ASSERT_TRUE(r.machine.has_value());
    EXPECT_EQ(r.machine->name, "9570");
    EXPECT_EQ(r.machine->serial, "H0957");
    EXPECT_EQ(r.machine->type, "Combine");
    EXPECT_EQ(r.crops, std::vector<std::string>{"Corn"});
    EXPECT_EQ(r.varieties, std::vector<std::string>{"55VX1"});
    EXPECT_EQ(r.operation_class, "dtiHarvest");
    EXPECT_EQ(*r.start, 1316025734000); // 2011-09-14T18:42:14Z
    EXPECT_EQ(r.time_column, "ElapsedTime");
    EXPECT_EQ(r.fdd_path, "Documentation\\87\\x.fdd");
    EXPECT_EQ(r.fdd_offset, 357615u);
    // The implement's computed position, not the receiver's.
    EXPECT_EQ(r.latitude, "GPSLatitude_5141");
    EXPECT_EQ(r.longitude, "GPSLongitude_5141");
    // Heading from the navigation reference, the yield meter; weather is not a point value.
    ASSERT_EQ(r.values.size(), 2u);
    EXPECT_EQ(r.values[0].representation, "vrHeading");
    EXPECT_EQ(r.values[1].id, "MeasElement175");
    EXPECT_EQ(r.values[1].unit, "kg");
    // Only the section the operation's meter works with; 1524 mm = 1.524 m.
    ASSERT_EQ(r.sections.size(), 1u);
    EXPECT_EQ(r.sections[0].id, "Section181_State");
    EXPECT_DOUBLE_EQ(r.sections[0].width_m, 1.524);
}

TEST(FdlLog, RefusesWhatIsNotAnRcdLog) {
    EXPECT_THROW(parse_fdl("<TASKDATA/>", "x.fdl"), Error);
    EXPECT_THROW(parse_fdl("<RCDLogFile><", "x.fdl"), Error);
    EXPECT_TRUE(parse_fdl("<RCDLogFile/>", "x.fdl").empty());
}

TEST(FdlLog, OperationClasses) {
    EXPECT_EQ(operation_type_of("dtiHarvest"), schema::OperationType::harvested);
    EXPECT_EQ(operation_type_of("dtiSeeding"), schema::OperationType::planted);
    EXPECT_EQ(operation_type_of("dtiApplication"), schema::OperationType::applied);
    EXPECT_EQ(operation_type_of("dtiTillage"), schema::OperationType::tillage);
    EXPECT_EQ(operation_type_of("dtiBaling"), std::nullopt);
}

} // namespace
} // namespace furrow::formats::jd_greenstar
