"""GreenStar 3 setup cards as field boundaries (issue #19 point 5): a card uploaded to Leaf's
boundary upload service (/services/uploadservice/api/upload) makes one field per boundary of its
field catalogues. Checked against what the card says of itself, read here with ElementTree: the
field's name (the catalogue's Setup) and the bounding box the display stored with the boundary
(spatial:MBR); and against the card's own name for the "100 Acre Setup" (pyproj geodesic area)."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile

import pytest
from shapely.geometry import shape

from conftest import DATA_DIR, assert_status, create_user, new_owner
from test_boundary_upload import entries, field, finished, geodesic_ha, post_upload

GS = DATA_DIR / "jd-gs2-gs3"
ACRE_HA = 0.40468564224


@pytest.fixture(scope="module")
def owner(server):
    return new_owner(server, prefix="greenstar")


def catalogues(zip_path):
    """{field name: MBR (north, south, east, west)} of every Boundary item in the card."""
    out = {}
    with zipfile.ZipFile(zip_path) as z:
        for name in z.namelist():
            if not name.endswith("ImportExport.SpatialCatalog"):
                continue
            root = ET.fromstring(z.read(name))
            local = lambda el: el.tag.rsplit("}", 1)[-1]
            items = next(el for el in root if local(el) == "SpatialItems")
            field_el = next(el for el in root.iter() if local(el) == "Field" and el.get("erid") == items.get("eridFieldRef"))
            for boundary in (el for el in items if local(el) == "Boundary"):
                mbr = next(el for el in boundary if local(el) == "MBR")
                out[field_el.get("name")] = tuple(float(mbr.get(k)) for k in ("north", "south", "east", "west"))
    return out


def upload_card(owner, uid, zip_path):
    r = post_upload(owner, zip_path.read_bytes(), {"leafUserId": uid}, filename=zip_path.name)
    assert_status(r, 200)
    return r.json()["id"]


@pytest.mark.parametrize("card, folder", [
    ("GS3 - 2630 Setup With Boundary.zip", "GS3_2630/Default"),
    ("GS3 - 2630 Setup With Boundary And Guidance Lines.zip", "GS3_2630/JD4600"),
    ("GS3 - 2630 Setup Data.zip", "GS3_2630/100 Acre Setup"),
])
def test_a_setup_cards_boundaries_become_fields(owner, card, folder):
    zip_path = GS / card
    if not zip_path.exists():
        pytest.fail(f"shared data missing: {zip_path}")
    expected = catalogues(zip_path)
    assert len(expected) == 1
    uid = create_user(owner)["id"]
    upload_id = upload_card(owner, uid, zip_path)
    done = finished(owner, upload_id)
    assert done["status"] == "PROCESSED", done
    by_file = entries(owner, upload_id)
    entry = by_file[folder]
    assert entry["converterFormat"] == "GS3" and entry["status"] == "FINISHED", entry
    assert len(entry["fieldId"]) == 1
    made = field(owner, uid, entry["fieldId"][0])
    name, (north, south, east, west) = next(iter(expected.items()))
    assert made["name"] == name
    lons = [p[0] for poly in made["geometry"]["coordinates"] for ring in poly for p in ring]
    lats = [p[1] for poly in made["geometry"]["coordinates"] for ring in poly for p in ring]
    # The display's stored bounding box; the 100 Acre card's east edge was stored 1.2 m further east.
    for ours, theirs in ((max(lats), north), (min(lats), south), (max(lons), east), (min(lons), west)):
        assert ours == pytest.approx(theirs, abs=2e-5)
    area_ha = geodesic_ha(shape(made["geometry"]))
    assert made["area"]["value"] == pytest.approx(area_ha, rel=1e-6)
    if "100 Acre" in folder:
        assert area_ha / ACRE_HA == pytest.approx(100, rel=0.01)
    if "JD4600" in folder:
        # The card's second ring lies inside the first: an interior boundary, a hole of the field.
        assert len(made["geometry"]["coordinates"]) == 1 and len(made["geometry"]["coordinates"][0]) == 2


def test_a_card_without_boundaries_says_so(owner):
    zip_path = DATA_DIR / "jd-gen4-more" / "Gen4 - 4600 Setup With Variety Locator.zip"
    uid = create_user(owner)["id"]
    upload_id = upload_card(owner, uid, zip_path)
    finished(owner, upload_id)
    # The card's field catalogue holds a variety locator, no boundary: its entry fails saying so
    # (the product layer shapefile beside it is read like any shapefile).
    card = entries(owner, upload_id)["GS3_2630/Gen4 two var"]
    assert card["converterFormat"] == "GS3" and card["fieldId"] == []
    assert card["status"] == "FAILED" and re.search("no features", card["createFieldErrorDetails"][0])
