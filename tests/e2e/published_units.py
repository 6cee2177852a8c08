"""Unit sizes from their published definitions (ft = 0.3048 m, ac = 4046.8564224 m2,
lb = 0.45359237 kg, US gal = 3.785411784 L, US bu = 35.23907016688 L, mi = 1609.344 m), not from
furrow's table: what the e2e tests convert furrow's answers with, whatever unit furrow chose
(unitMeasurement DEFAULT answers in the provider's units, docs/SCHEMA.md)."""
from __future__ import annotations

FT, AC, LB, GAL, BU, MI = 0.3048, 4046.8564224, 0.45359237, 3.785411784, 35.23907016688, 1609.344

# unit -> (dimension, size in the dimension's base: m, m/s, m2, kg, L, kg/ha, L/ha, seeds/ha, kg/s, L/h)
UNITS = {
    "m": ("length", 1), "cm": ("length", 0.01), "mm": ("length", 0.001), "ft": ("length", FT), "in": ("length", FT / 12),
    "m/s": ("speed", 1), "km/h": ("speed", 1 / 3.6), "ft/s": ("speed", FT), "mi/hr": ("speed", MI / 3600),
    "m2": ("area", 1), "ha": ("area", 1e4), "ac": ("area", AC),
    "kg": ("mass", 1), "t": ("mass", 1000), "lb": ("mass", LB),
    "L": ("volume", 1), "m3": ("volume", 1000), "gal": ("volume", GAL), "bu": ("volume", BU),
    "kg/ha": ("mass_per_area", 1), "t/ha": ("mass_per_area", 1000), "lb/ac": ("mass_per_area", LB / AC * 1e4),
    "L/ha": ("volume_per_area", 1), "m3/ha": ("volume_per_area", 1000),
    "gal/ac": ("volume_per_area", GAL / AC * 1e4), "bu/ac": ("volume_per_area", BU / AC * 1e4),
    "seeds/ha": ("count_per_area", 1), "seeds/ac": ("count_per_area", 1e4 / AC),
    "kg/s": ("mass_flow", 1), "lb/s": ("mass_flow", LB),
    "L/h": ("volume_flow", 1), "gal/hr": ("volume_flow", GAL),
    "percentage": ("ratio", 1), "arcdeg": ("angle", 1), "seeds": ("count", 1), "s": ("time", 1),
}


def factor(unit: str, to: str) -> float:
    """What a value in `unit` is multiplied by to be in `to` (same dimension)."""
    (dim_a, a), (dim_b, b) = UNITS[unit], UNITS[to]
    assert dim_a == dim_b, f"{unit} and {to} measure different things"
    return a / b
