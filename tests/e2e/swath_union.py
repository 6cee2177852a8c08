"""The exact union of a standard GeoJSON's working swaths with shapely (GEOS), independent of
furrow's raster: each working segment (previous point -> point, the point's equipmentWidth) while
recordingStatus is "On" and the step is continuous (at most 30 s and 100 m/s, as docs/SCHEMA.md
says); consecutive segments of one width form a line buffered with flat caps and round joins.
Lines are cut every 256 segments (GEOS buffers one long self-overlapping line very slowly; a cut
loses only the round join there). Work happens in pyproj's azimuthal equidistant plane around the
points; the area is geodesic (pyproj) after projecting back."""
from __future__ import annotations

import datetime as dt

from pyproj import Transformer
from shapely.geometry import LineString, mapping
from shapely.ops import transform, unary_union

from isoxml_helpers import geodesic_area
from published_units import factor

MAX_SEGMENTS = 256


def _ms(text: str) -> float:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000


def exact_coverage_m2(features: list[dict], units: dict) -> float:
    """`units`: the file's /units answer (widths and distances may be in feet under DEFAULT)."""
    width_m = factor(units.get("equipmentWidth", "m"), "m")
    distance_m = factor(units.get("distance", "m"), "m")
    pts = [(f["geometry"]["coordinates"][0], f["geometry"]["coordinates"][1], f["properties"]) for f in features]
    if len(pts) < 2:
        return 0.0
    lon0 = sum(p[0] for p in pts) / len(pts)
    lat0 = sum(p[1] for p in pts) / len(pts)
    plane = f"+proj=aeqd +lon_0={lon0} +lat_0={lat0} +ellps=WGS84"
    fwd = Transformer.from_crs("EPSG:4326", plane, always_xy=True)
    inv = Transformer.from_crs(plane, "EPSG:4326", always_xy=True)
    xy = [fwd.transform(p[0], p[1]) for p in pts]
    runs, current, width = [], [], None

    def close_run():
        nonlocal current
        if len(current) >= 2:
            runs.append((current, width))
        current = []

    for i in range(1, len(pts)):
        props, prev = pts[i][2], pts[i - 1][2]
        w = (props.get("equipmentWidth") or 0) * width_m
        elapsed = _ms(props["timestamp"]) - _ms(prev["timestamp"])
        continuous = 0 <= elapsed <= 30_000 and props.get("distance", 0) * distance_m <= 100 * max(elapsed / 1000, 1)
        if not (props.get("recordingStatus") == "On" and w > 0 and continuous):
            close_run()
            continue
        if current and w == width and len(current) <= MAX_SEGMENTS:
            current.append(xy[i])
            continue
        close_run()
        current, width = [xy[i - 1], xy[i]], w
    close_run()
    bands = [LineString(r).buffer(w / 2, cap_style=2, join_style=1) for r, w in runs if LineString(r).length > 0]
    if not bands:
        return 0.0
    union = transform(lambda x, y: inv.transform(x, y), unary_union(bands))
    return geodesic_area(mapping(union))
