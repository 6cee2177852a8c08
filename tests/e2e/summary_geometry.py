"""The summary's coverage geometry as a Leaf client receives it (issue #17): simplified for maps,
small enough to embed in every file object, valid, and with the coverage area it states; the
full-resolution outline behind ?resolution=full. Areas by pyproj's geodesic (isoxml_helpers)."""
from __future__ import annotations

from shapely.geometry import shape

from isoxml_helpers import geodesic_area

FILE_OBJECT_LIMIT = 100_000  # bytes of GET /files/{id}, which embeds the summary
SUMMARY_LIMIT = 200_000      # bytes of GET /files/{id}/summary
AREA_TOLERANCE = 0.005       # the simplified outline's area vs coverageArea


def vertex_count(geometry: dict) -> int:
    return sum(len(ring) for polygon in geometry["coordinates"] for ring in polygon)


def check_summary_geometry(out: dict, label: str) -> list[str]:
    """What is wrong with the summary geometry of one processed file (file_outputs' answer)."""
    problems = []
    summary, full = out["summary"], out["summary_full"]
    coverage = summary["properties"]["coverageArea"]["value"]
    if out["file_bytes"] >= FILE_OBJECT_LIMIT:
        problems.append(f"{label}: file object is {out['file_bytes']} bytes (limit {FILE_OBJECT_LIMIT})")
    if out["summary_bytes"] >= SUMMARY_LIMIT:
        problems.append(f"{label}: summary is {out['summary_bytes']} bytes (limit {SUMMARY_LIMIT})")
    for name, feature in (("simplified", summary), ("full", full)):
        geometry = feature["geometry"]
        if geometry["type"] != "MultiPolygon" or not (shape(geometry).is_empty or shape(geometry).is_valid):
            problems.append(f"{label}: {name} summary geometry is not a valid MultiPolygon")
    simplified_area, full_area = geodesic_area(summary["geometry"]), geodesic_area(full["geometry"])
    if abs(full_area - coverage) > 1e-6 * coverage + 1e-6:
        problems.append(f"{label}: full-resolution outline has {full_area} m2, coverageArea says {coverage} m2")
    if abs(simplified_area - coverage) > AREA_TOLERANCE * coverage + 1.0:
        problems.append(f"{label}: simplified outline has {simplified_area} m2 vs coverageArea {coverage} m2 "
                        f"(more than {AREA_TOLERANCE:.1%} apart)")
    if coverage > 0 and vertex_count(full["geometry"]) < vertex_count(summary["geometry"]):
        problems.append(f"{label}: the full outline has fewer vertices than the simplified one")
    if {k: v for k, v in full["properties"].items()} != summary["properties"]:
        problems.append(f"{label}: ?resolution=full changed the summary's properties")
    return problems
