#!/usr/bin/python3
"""Writes a synthetic ISOXML TASKDATA with one large time log, for furrow's ISOXML benchmarks.

    bench/make_synthetic_tlg.py OUT.zip [--points 1000000] [--seed 1]

The zip holds TASKDATA/TASKDATA.XML (one DVC: a device element of type 1 and a connector of
type 6; one TSK with a TIM and one TLG), TASKDATA/TLG00001.XML (the header: TIM start logged in
the binary, PTN A, B, C = latitude, longitude, altitude logged in the binary, D = fixed GNSS
status 1, and five DLVs) and
TASKDATA/TLG00001.BIN.

The path is a combine harvesting fields of 1 km x 1 km near Ames, Iowa: a serpentine of 1 km
passes 12 m apart at ~2 m/s logged at 1 Hz, with headland turns (work state off) between passes;
fields are laid side by side on a 6 x N grid until the requested number of points is written.
DLVs (ISO 11783-11 raw units):
  0x0043 Actual Working Width, mm           12000, logged every 60 s and when it changes
  0x0054 Mass Per Area Yield (wet), mg/m2   ~1.0e6 (10 t/ha) with slow variation and noise
  0x0063 Crop Moisture, ppm                 ~180000 (18 %) with slow variation
  0x008D Actual Work State                  1 on a pass, 0 in a turn; logged when it changes
  0x018D Actual Speed, mm/s                 ~2000 on a pass, ~1500 in a turn
The summary printed to stdout (JSON) gives the point count, first/last time and the bytes
written, so a bench can check what it ran on.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import struct
import sys
import zipfile

LAT0, LON0 = 42.0300, -93.6300          # south-west corner of the first field (Ames, Iowa)
M_PER_DEG_LAT = 111_132.954             # WGS84 at ~42 N, good to well under 0.1 % here
M_PER_DEG_LON = 111_412.84 * math.cos(math.radians(LAT0))
FIELD = 1000.0                          # m, square fields
WIDTH_MM = 12_000
SPEED = 2.0                             # m/s on a pass
TURN_SPEED = 1.5
START = dt.datetime(2023, 8, 15, 6, 0, 0)
EPOCH_1980 = dt.datetime(1980, 1, 1)
FIELDS_PER_ROW = 6
GAP = 50.0                              # m between fields

DDI_WIDTH, DDI_WETMASS, DDI_MOISTURE, DDI_WORKSTATE, DDI_SPEED = 0x0043, 0x0054, 0x0063, 0x008D, 0x018D
DLVS = [DDI_WIDTH, DDI_WETMASS, DDI_MOISTURE, DDI_WORKSTATE, DDI_SPEED]


def path_points():
    """Yields (east_m, north_m, working, speed_mps) at 1 s intervals, forever."""
    field = 0
    passes = int(FIELD // (WIDTH_MM / 1000.0))
    w = WIDTH_MM / 1000.0
    while True:
        ox = (field % FIELDS_PER_ROW) * (FIELD + GAP)
        oy = (field // FIELDS_PER_ROW) * (FIELD + GAP)
        for p in range(passes):
            x = ox + w / 2 + p * w
            up = p % 2 == 0
            steps = int(FIELD / SPEED)
            for s in range(steps):
                y = s * SPEED if up else FIELD - s * SPEED
                yield x, oy + y, True, SPEED
            # headland turn: half circle of radius w/2 to the next pass
            cy = oy + (FIELD if up else 0.0)
            turn_len = math.pi * w / 2
            tsteps = max(2, int(round(turn_len / TURN_SPEED)))
            for s in range(tsteps):
                a = math.pi * s / tsteps
                tx = x + w / 2 - (w / 2) * math.cos(a)
                ty = cy + ((w / 2) * math.sin(a) if up else -(w / 2) * math.sin(a))
                yield tx, ty, False, TURN_SPEED
        field += 1


def taskdata_xml(points: int, first: dt.datetime, last: dt.datetime) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<ISO11783_TaskData VersionMajor="4" VersionMinor="2" ManagementSoftwareManufacturer="furrow bench" ManagementSoftwareVersion="1.0" TaskControllerManufacturer="furrow synthetic TC" TaskControllerVersion="1.0" DataTransferOrigin="2">
  <CTR A="CTR1" B="Synthetic Farms"/>
  <FRM A="FRM1" B="Bench Farm" I="CTR1"/>
  <PFD A="PFD1" C="Bench Field" D="{int(FIELD * FIELD)}" E="CTR1" F="FRM1"/>
  <CPC A="CPC1" B="Corn"/>
  <DVC A="DVC1" B="Synthetic Combine" C="SC 1.0" D="A00084000D000001" E="SYN-0001" F="53594E3030303031" G="FF000000006F6C">
    <DET A="DET1" B="1" C="1" D="Combine" E="0" F="0">
      <DOR A="1"/><DOR A="2"/><DOR A="3"/><DOR A="4"/><DOR A="5"/><DOR A="6"/>
    </DET>
    <DET A="DET2" B="2" C="6" D="Connector" E="1" F="1">
      <DOR A="7"/><DOR A="8"/>
    </DET>
    <DPD A="1" B="0043" C="1" D="9" E="Actual Working Width" F="100"/>
    <DPD A="2" B="0054" C="1" D="9" E="Yield Mass Per Area" F="101"/>
    <DPD A="3" B="0063" C="1" D="9" E="Crop Moisture" F="102"/>
    <DPD A="4" B="008D" C="1" D="9" E="Work State"/>
    <DPD A="5" B="018D" C="1" D="9" E="Speed" F="103"/>
    <DPD A="6" B="0074" C="3" D="16" E="Total Area" F="104"/>
    <DPD A="7" B="0086" C="1" D="8" E="Connector X Offset" F="100"/>
    <DPD A="8" B="0087" C="1" D="8" E="Connector Y Offset" F="100"/>
    <DVP A="100" B="0" C="0.001" D="2" E="m"/>
    <DVP A="101" B="0" C="0.00001" D="2" E="t/ha"/>
    <DVP A="102" B="0" C="0.0001" D="1" E="%"/>
    <DVP A="103" B="0" C="0.0036" D="1" E="km/h"/>
    <DVP A="104" B="0" C="0.0001" D="2" E="ha"/>
  </DVC>
  <TSK A="TSK1" B="Synthetic harvest {points} points" C="CTR1" D="FRM1" E="PFD1" G="4">
    <TIM A="{first.strftime('%Y-%m-%dT%H:%M:%S')}" B="{last.strftime('%Y-%m-%dT%H:%M:%S')}" D="4"/>
    <DAN A="A00084000D000001" C="DVC1"/>
    <TLG A="TLG00001" C="1"/>
  </TSK>
</ISO11783_TaskData>
""".encode()


def tlg_header_xml() -> bytes:
    dlvs = "\n".join(f'  <DLV A="{ddi:04X}" B="" C="DET1"/>' for ddi in DLVS)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TIM A="" D="4">
  <PTN A="" B="" C="" D="1"/>
{dlvs}
</TIM>
""".encode()


def build(points: int, seed: int):
    rng = random.Random(seed)
    rec = struct.Struct("<IHiiiB")
    val = struct.Struct("<Bi")
    out = bytearray()
    path = path_points()
    last_state = None
    t = START
    first_t = START
    for i in range(points):
        x, y, working, speed = next(path)
        lat = LAT0 + y / M_PER_DEG_LAT
        lon = LON0 + x / M_PER_DEG_LON
        alt_mm = int(round((300.0 + 3.0 * math.sin(x / 700.0) + 2.0 * math.cos(y / 450.0)) * 1000))
        day = (t - EPOCH_1980).days
        ms = (t - dt.datetime(t.year, t.month, t.day)).seconds * 1000
        values = []
        if i % 60 == 0:
            values.append((0, WIDTH_MM))
        if working:
            trend = math.sin(i / 900.0) * 0.25 + math.sin(i / 137.0) * 0.08
            values.append((1, max(0, int(1_000_000 * (1.0 + trend) + rng.gauss(0, 40_000)))))
        if i % 5 == 0:
            values.append((2, int(180_000 + 20_000 * math.sin(i / 3600.0) + rng.gauss(0, 2_000))))
        state = 1 if working else 0
        if state != last_state or i % 60 == 0:
            values.append((3, state))
            last_state = state
        values.append((4, int(speed * 1000 + rng.gauss(0, 60))))
        out += rec.pack(ms, day, int(round(lat * 1e7)), int(round(lon * 1e7)), alt_mm, len(values))
        for idx, v in values:
            out += val.pack(idx, v)
        t += dt.timedelta(seconds=1)
    last_t = t - dt.timedelta(seconds=1)
    return bytes(out), first_t, last_t


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", help="the zip to write")
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.points < 1:
        ap.error("--points must be >= 1")
    binary, first, last = build(args.points, args.seed)
    with zipfile.ZipFile(args.out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("TASKDATA/TASKDATA.XML", taskdata_xml(args.points, first, last))
        zf.writestr("TASKDATA/TLG00001.XML", tlg_header_xml())
        zf.writestr("TASKDATA/TLG00001.BIN", binary)
    json.dump({"out": args.out, "points": args.points, "binary_bytes": len(binary),
               "first": first.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
               "last": last.strftime("%Y-%m-%dT%H:%M:%S.000Z")}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
