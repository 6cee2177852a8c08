#!/usr/bin/env python3
"""A synthetic Farmobile-style GeoJSON harvest export, zipped: one FeatureCollection of Point
features with Leaf's standard keys in Farmobile's default units (docs/FORMATS.md: mi/hr, ft, lb/ac,
bu/ac, %), on a serpentine path of 12 m passes, one point per second.

Usage: make_farmobile_geojson.py OUT.zip MEGABYTES   (size of the .geojson text inside the zip)
Prints the point count. The text is streamed into the zip, so any size needs little memory."""
import math
import sys
import zipfile

out, megabytes = sys.argv[1], float(sys.argv[2])
target = int(megabytes * 1e6)
lon0, lat0 = -93.5, 42.0
m_lat = 111_320.0
m_lon = m_lat * math.cos(math.radians(lat0))
pass_len, step = 800.0, 2.2  # m, m per second (~4.9 mi/hr)
t0 = 1_630_497_600  # 2021-09-01T12:00:00Z

with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
    with zf.open("farmobile_harvest.geojson", "w", force_zip64=True) as f:
        written = 0

        def put(text: str):
            global written
            data = text.encode()
            f.write(data)
            written += len(data)

        put('{"type":"FeatureCollection","features":[\n')
        i = 0
        while written < target:
            per_pass = int(pass_len / step)
            n, k = divmod(i, per_pass)
            x = n * 12.0
            y = k * step if n % 2 == 0 else pass_len - k * step
            ts = t0 + i
            stamp = f"2021-09-{1 + ts // 86400 - t0 // 86400:02d}T{ts % 86400 // 3600:02d}:{ts % 3600 // 60:02d}:{ts % 60:02d}.000Z"
            props = (f'"timestamp":"{stamp}","operationType":"harvested","crop":"corn","variety":"P1197",'
                     f'"recordingStatus":"On","speed":{step * 2.236936:.3f},"heading":{0 if n % 2 == 0 else 180},'
                     f'"elevation":{980 + (i % 97) * 0.1:.1f},"equipmentWidth":39.37,'
                     f'"harvestMoisture":{17 + (i % 13) * 0.25:.2f},"wetMassPerArea":{11000 + (i % 101) * 10:.1f},'
                     f'"wetVolumePerArea":{196 + (i % 101) * 0.18:.2f}')
            put(("," if i else "") + '{"type":"Feature","geometry":{"type":"Point","coordinates":['
                f"{lon0 + x / m_lon:.8f},{lat0 + y / m_lat:.8f}]}},\"properties\":{{{props}}}}}\n")
            i += 1
        put("]}\n")
print(i)
