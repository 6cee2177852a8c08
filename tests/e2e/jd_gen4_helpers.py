"""Helpers for tests/e2e/test_jd_gen4.py: run `furrow convert` on a Gen4 card, read Deere's own
shapefile export of the same operation with GDAL/OGR, and match the two by time."""
from __future__ import annotations

import bisect
import datetime as dt
import json
import math
import struct
from dataclasses import dataclass, field
from pathlib import Path

from osgeo import ogr

from convert_cli import KEEP_EVERY_POINT, in_base_units, run_convert

FOOT = 0.3048
LB_PER_AC_TO_KG_PER_HA = 0.45359237 / 4046.8564224 * 10_000
GAL_PER_AC_TO_L_PER_HA = 3.785411784 / 4046.8564224 * 10_000
BU_PER_AC_TO_L_PER_HA = 35.23907016688 / 4046.8564224 * 10_000
EARTH_RADIUS_M = 6_371_008.8


@dataclass
class Point:
    t: int          # UTC ms
    lon: float
    lat: float
    props: dict = field(default_factory=dict)


def convert(zip_path: Path, out: Path) -> list[dict]:
    """furrow convert, every point kept (compared with Deere's export point by point): one JSON line
    per machine file (processed or failed, with its message)."""
    return run_convert(zip_path, out, config=KEEP_EVERY_POINT, timeout=300, check=False)


def iso_ms(text: str) -> int:
    return round(dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def standard_points(folder: Path) -> list[Point]:
    """The standard points, every numeric property in its dimension's base unit (m, m/s, kg/ha, L/ha
    ...): convert writes the provider's units (unitMeasurement DEFAULT), units.json names them."""
    with open(folder / "standard.geojson") as f:
        features = in_base_units(json.load(f)["features"], folder)
    pts = [Point(iso_ms(ft["properties"]["timestamp"]), *ft["geometry"]["coordinates"][:2], ft["properties"])
           for ft in features]
    return sorted(pts, key=lambda p: p.t)


def export_points(zip_path: Path) -> list[Point]:
    """Deere's point shapefile inside its export zip, read with OGR (positions already WGS84)."""
    ds = ogr.Open(f"/vsizip/{zip_path}")
    assert ds is not None, zip_path
    layer = ds.GetLayer(0)
    pts = []
    for feat in layer:
        g = feat.GetGeometryRef()
        items = feat.items()
        pts.append(Point(iso_ms(items["IsoTime"]), g.GetX(), g.GetY(), items))
    return sorted(pts, key=lambda p: p.t)


def distance_m(lon1, lat1, lon2, lat2) -> float:
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return math.hypot(x, y) * EARTH_RADIUS_M


def position_at(ours: list[Point], times: list[int], t: int, max_gap_ms: int = 1000, reach_ms: int = 1500):
    """Our position at time t: linear between the two points around it; across a longer gap (the
    display starts a new file) the nearer point if it is within reach_ms; else None."""
    i = bisect.bisect_left(times, t)
    if i < len(ours) and ours[i].t == t:
        return ours[i].lon, ours[i].lat
    if i == 0 or i == len(ours) or ours[i].t - ours[i - 1].t > max_gap_ms:
        near = nearest(ours, times, t)
        return (near.lon, near.lat) if abs(near.t - t) <= reach_ms else None
    a, b = ours[i - 1], ours[i]
    f = (t - a.t) / (b.t - a.t)
    return a.lon + f * (b.lon - a.lon), a.lat + f * (b.lat - a.lat)


def nearest(ours: list[Point], times: list[int], t: int) -> Point:
    i = bisect.bisect_left(times, t)
    candidates = [j for j in (i - 1, i) if 0 <= j < len(ours)]
    return ours[min(candidates, key=lambda j: abs(ours[j].t - t))]


@dataclass
class Match:
    offset_ms: int                  # Deere's clock minus ours, fitted
    pairs: list[tuple[Point, Point]]  # (export point, our nearest point at its time)
    distances: list[float]          # metres, export position vs ours interpolated at its time


def match_by_time(ours: list[Point], theirs: list[Point], search_ms: int = 2000, step_ms: int = 10) -> Match:
    """Fits the one clock offset (|offset| <= search_ms) that brings Deere's points onto our track
    (least median distance), then pairs every export point with our data at its time."""
    times = [p.t for p in ours]
    sample = theirs[:: max(1, len(theirs) // 300)]

    def median_distance(offset: int) -> float:
        d = []
        for p in sample:
            pos = position_at(ours, times, p.t - offset)
            if pos is not None:
                d.append(distance_m(p.lon, p.lat, *pos))
        return sorted(d)[len(d) // 2] if d else math.inf

    offset = min(range(-search_ms, search_ms + 1, step_ms), key=median_distance)
    pairs, distances = [], []
    for p in theirs:
        pos = position_at(ours, times, p.t - offset)
        if pos is None:
            continue
        pairs.append((p, nearest(ours, times, p.t - offset)))
        distances.append(distance_m(p.lon, p.lat, *pos))
    return Match(offset, pairs, distances)


def mean(values) -> float:
    values = [v for v in values if v is not None and not math.isnan(v)]
    return sum(values) / len(values)


# A small protobuf reader of its own, independent of furrow's walker, for the setup frame's product
# allocations (docs/FORMATS.md: 5.20.1 = {1: element id, 3: {1: product guid}, 10: {2: {1: min,
# 2: max, 3: unit}} = the prescription legend}; 5.21.3/4/7 = products {1: {1: {1: guid, 2: name}}}).
def _varint(b: bytes, p: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        byte = b[p]
        p += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, p


def _fields(b: bytes) -> list[tuple[int, object]]:
    out, p = [], 0
    while p < len(b):
        key, p = _varint(b, p)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, p = _varint(b, p)
        elif wire == 1:
            value, p = struct.unpack_from("<d", b, p)[0], p + 8
        elif wire == 5:
            value, p = b[p:p + 4], p + 4
        elif wire == 2:
            length, p = _varint(b, p)
            value, p = b[p:p + length], p + length
        else:
            raise ValueError(f"wire type {wire}")
        out.append((number, value))
    return out


def _get(fields, number):
    return [v for n, v in fields if n == number]


def setup_allocations(jdl: bytes) -> dict[str, list[tuple[float, float, str]]]:
    """{product name: [(legend min, legend max, unit), ...]} of the products the setup allocates to
    an element, from the file's setup frame."""
    p = 0
    while p < len(jdl):
        length = struct.unpack_from("<I", jdl, p + 1)[0]
        message = _fields(jdl[p + 5:p + 5 + length])
        p += 5 + length
        if _get(message, 1) == [1]:
            setup = _fields(_get(message, 5)[0])
            break
    else:
        return {}
    names = {}
    for catalogue in _get(setup, 21):
        for number, kind in _fields(catalogue):
            if number in (3, 4, 7):
                for entry in _get(_fields(kind), 1):
                    inner = _fields(_get(_fields(entry), 1)[0])
                    names[_get(inner, 1)[0].decode()] = _get(inner, 2)[0].decode()
    out: dict[str, list] = {}
    for allocations in _get(setup, 20):
        for allocation in _get(_fields(allocations), 1):
            a = _fields(allocation)
            product = [_get(_fields(v), 1) for v in _get(a, 3)]
            if not product or not product[0]:
                continue  # an element with no product allocated
            guid = product[0][0].decode()
            legends = []
            for legend in _get(a, 10):
                for ramp in _get(_fields(legend), 2):
                    r = _fields(ramp)
                    legends.append((_get(r, 1)[0], _get(r, 2)[0], _get(r, 3)[0].decode()))
            out.setdefault(names[guid], []).extend(legends)
    return out
