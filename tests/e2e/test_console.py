"""The web console (issue #20, docs/CONSOLE.md) in a real browser: Debian's headless Chromium, driven
by python3-selenium, signs in, creates a leaf user, uploads a real sample, waits for it, opens the
file page and the map, and checks what the map drew against the API itself: the drawn point count
against the summary's pointCount and the standardGeojson's features, the legend's class limits
against imagesV2, and canvas pixels that are not the background. Screenshots go to build/screenshots/ (`make screenshots`: docs/images/).
Also the routes behind it: the asset serving (CSP, types, 404/503) and the binary points route
against the standardGeojson, owner-scoped."""
from __future__ import annotations

import json
import math
import os
import struct
import time
from pathlib import Path

import pytest
import requests

from conftest import DATA_DIR, OPS, USERS, Server, assert_status, create_user, new_owner, poll, single_only, \
    upload_ok, wait_batch

pytestmark = single_only

SAMPLE = DATA_DIR / "sms-case-wheat-yield-2018" / "FarmerI_YL18_YLD_2018_henrys.zip"
# `make screenshots` points this at docs/images (the README's pictures); a plain test run writes them under
# build/ so that `make test` leaves the work tree clean.
SCREENSHOTS = Path(os.environ.get("FURROW_SCREENSHOT_DIR") or Path(__file__).resolve().parents[2] / "build" / "screenshots")
CONFIG = {"operationsImageCreation": True, "splitOperationsByField": True, "enableOutsideFieldGeojson": True}
PROPERTY = "wetMassPerArea"
BACKGROUND = (0xF3, 0xF1, 0xEA)  # console/src/map/base_style.js BACKGROUND_COLOR


def decode_points(body: bytes) -> tuple[float, float, list, list, list]:
    assert body[:8] == b"FURROWP1"
    origin_lon, origin_lat, n = struct.unpack_from("<ddI", body, 8)
    assert len(body) == 28 + 12 * n
    arrays = [struct.unpack_from(f"<{n}f", body, 28 + 4 * n * k) for k in range(3)]
    return origin_lon, origin_lat, *arrays


@pytest.fixture(scope="module")
def owner(server):
    return new_owner(server, config=CONFIG, prefix="console")


@pytest.fixture(scope="module")
def processed_file(owner):
    """The sample uploaded through the API (for the route checks); the browser test uploads its own."""
    user = create_user(owner)
    batch = wait_batch(owner, upload_ok(owner, SAMPLE.read_bytes(), user["id"], filename=SAMPLE.name)["id"], timeout=90)
    assert batch["status"] == "PROCESSED", batch
    assert len(batch["leafFiles"]) == 1, batch
    return batch["leafFiles"][0]


def test_root_serves_the_console_with_a_strict_policy(server):
    r = requests.get(server.base_url + "/", timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/html")
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert '<script type="module" src="/console/console.js">' in r.text and "<script>" not in r.text
    js = requests.get(server.base_url + "/console/console.js", timeout=10)
    assert js.status_code == 200 and js.headers["Content-Type"].startswith("text/javascript")
    assert js.headers["Content-Security-Policy"] == csp
    assert requests.get(server.base_url + "/console/maplibre-gl.css", timeout=10).headers["Content-Type"].startswith("text/css")
    missing = requests.get(server.base_url + "/console/nothing-here.js", timeout=10)
    assert missing.status_code == 404 and missing.headers["Content-Type"] == "application/problem+json"
    assert "nothing-here.js" in missing.json()["detail"]
    # Percent-encoded, so the client does not resolve the dots itself.
    for bad in ("/console/%2e%2e", "/console/%2e%2e%2fCMakeCache.txt", "/console/.hidden.js", "/console/settings.exe"):
        r = requests.get(server.base_url + bad, timeout=10)
        assert r.status_code == 404 and r.headers["Content-Type"] == "application/problem+json", (bad, r.status_code)
    settings = requests.get(server.base_url + "/console/settings.json", timeout=10).json()
    assert settings["basemapUrl"] == "" and "Other" in settings["providers"]
    # API routes are untouched: an unknown path is still the router's 404.
    assert "no such endpoint" in requests.get(server.base_url + "/nothing", timeout=10).text


def test_without_built_assets_the_console_answers_503(tmp_path):
    srv = Server(tmp_path / "data", env={"FURROW_CONSOLE_DIR": str(tmp_path / "absent")}, name="no-console")
    srv.start()
    try:
        r = requests.get(srv.base_url + "/", timeout=10)
        assert r.status_code == 503 and r.headers["Content-Type"] == "application/problem+json"
        assert "FURROW_CONSOLE_DIR" in r.json()["detail"]
    finally:
        assert srv.stop() == 0


def test_points_route_matches_the_standard_geojson(owner, server, processed_file):
    base = f"{OPS}/files/{processed_file}"
    r = owner.get(f"{base}/points", params={"property": PROPERTY})
    assert_status(r, 200)
    assert r.headers["Content-Type"] == "application/octet-stream"
    origin_lon, origin_lat, dlon, dlat, values = decode_points(r.content)
    geojson = owner.get(f"{base}/standardGeojson").json()["features"]
    assert len(geojson) == len(values) == owner.get(f"{base}/summary").json()["properties"]["pointCount"]
    for i, feature in enumerate(geojson):
        lon, lat = feature["geometry"]["coordinates"][:2]
        assert abs(origin_lon + dlon[i] - lon) < 1e-7 and abs(origin_lat + dlat[i] - lat) < 1e-7, i
        expected = feature["properties"].get(PROPERTY)
        if expected is None:
            assert math.isnan(values[i]), i
        else:
            assert values[i] == pytest.approx(expected, rel=1e-6), i
    one = owner.get(f"{base}/points/17").json()
    assert one["index"] == 17
    assert one["longitude"] == pytest.approx(geojson[17]["geometry"]["coordinates"][0], abs=1e-9)
    for key, value in geojson[17]["properties"].items():
        if isinstance(value, (int, float)) and key in one["properties"]:
            assert one["properties"][key] == pytest.approx(value, rel=1e-9), key
    bad = owner.get(f"{base}/points", params={"property": "noSuchThing"})
    assert bad.status_code == 400 and bad.json()["parameter"] == "property"
    assert owner.get(f"{base}/points").status_code == 400
    assert owner.get(f"{base}/points/{len(geojson)}").status_code == 404
    assert owner.get(f"{base}/points/-1").status_code == 404
    stranger = new_owner(server, prefix="console-stranger")
    assert stranger.get(f"{base}/points", params={"property": PROPERTY}).status_code == 404
    assert stranger.get(f"{base}/points/0").status_code == 404
    assert stranger.get(f"{base}/outputs").status_code == 404


def test_outputs_list_names_every_stored_output(owner, processed_file):
    outputs = owner.get(f"{OPS}/files/{processed_file}/outputs").json()
    names = {o["name"] for o in outputs}
    images = owner.get(f"{OPS}/files/{processed_file}/imagesV2").json()
    assert images, "operationsImageCreation is on: imagesV2 must list images"
    for image in images:
        assert image["downloadUrl"].split("?")[0].rsplit("/", 1)[1] in names
    for output in outputs:
        r = requests.get(output["downloadUrl"], timeout=30)
        assert r.status_code == 200 and r.headers["Content-Type"].startswith(output["mediaType"]), output["name"]


# -- the browser --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver  # python3-selenium (scripts/debian-packages.txt): a missing browser fails
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--use-gl=angle", "--ignore-gpu-blocklist"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def wait_for(driver, predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    errors = [entry["message"] for entry in driver.get_log("browser")] if hasattr(driver, "get_log") else []
    pytest.fail(f"{what} not seen within {timeout}s; browser log: {errors[-10:]}")


def element(driver, css):
    from selenium.webdriver.common.by import By
    found = driver.find_elements(By.CSS_SELECTOR, css)
    return found[0] if found else None


CANVAS_PIXELS_JS = """
const canvas = document.querySelector('#map canvas');
const copy = document.createElement('canvas');
copy.width = canvas.width; copy.height = canvas.height;
const ctx = copy.getContext('2d');
ctx.drawImage(canvas, 0, 0);
const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
const [r, g, b] = arguments[0];
let other = 0;
for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) > 30) other += 1;
return [other, data.length / 4];
"""


def south_half(owner, file_id) -> dict:
    """A field over the southern half of the sample's points (so about half of them are outside it)."""
    origin_lon, origin_lat, dlon, dlat, _ = decode_points(
        owner.get(f"{OPS}/files/{file_id}/points", params={"property": PROPERTY}).content)
    west, east = origin_lon - 0.001, origin_lon + max(dlon) + 0.001
    south, middle = origin_lat - 0.001, origin_lat + max(dlat) / 2
    ring = [[west, south], [east, south], [east, middle], [west, middle], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def test_console_in_a_browser(server, owner, browser, processed_file):
    from selenium.webdriver.common.by import By
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.get(server.base_url + "/")
    wait_for(browser, lambda: element(browser, "#signin"), 15, "the sign-in form")
    browser.find_element(By.ID, "username").send_keys(owner.username)
    browser.find_element(By.ID, "password").send_keys("console owner password")
    browser.find_element(By.ID, "signin-submit").click()
    wait_for(browser, lambda: element(browser, "#new-user"), 15, "the leaf user chooser")
    browser.find_element(By.ID, "new-user-name").send_keys("Console Grower")
    browser.find_element(By.ID, "new-user-submit").click()
    wait_for(browser, lambda: element(browser, "#dropzone"), 15, "the upload page")
    grower = [u for u in owner.get(USERS + "/users", params={"name": "Console Grower"}).json()]
    assert len(grower) == 1, grower
    field = owner.post(f"/services/fields/api/users/{grower[0]['id']}/fields",
                       json={"name": "south half", "geometry": south_half(owner, processed_file)})
    assert_status(field, 200)

    file_input = browser.find_element(By.ID, "upload-input")
    browser.execute_script("arguments[0].style.display = 'block';", file_input)
    file_input.send_keys(str(SAMPLE))
    browser.execute_script("arguments[0].style.display = '';", file_input)
    row = wait_for(browser, lambda: element(browser, "li.upload[data-state=processed]"), 90, "the processed batch")
    assert "1 converted" in row.text and "0 failed" in row.text, row.text
    sent = row.find_element(By.CSS_SELECTOR, "progress.bytes")
    assert sent.get_attribute("value") == sent.get_attribute("max") and int(sent.get_attribute("max")) >= SAMPLE.stat().st_size
    files = row.find_element(By.CSS_SELECTOR, "progress.files")
    assert files.get_attribute("value") == files.get_attribute("max") == "1"
    browser.save_screenshot(str(SCREENSHOTS / "console-upload.png"))
    batch = owner.get(f"{OPS}/batch/{row.get_attribute('data-batch-id')}").json()
    file_id = batch["leafFiles"][0]
    assert batch["leafUserId"] == grower[0]["id"]
    # Matching to fields runs after processing: wait until the file names its field and its outside points.
    outside = poll(lambda: (owner.get(f"{OPS}/files/{file_id}").json()["fields"]
                            and (r := owner.get(f"{OPS}/files/{file_id}/outsideFieldGeojson")).status_code == 200
                            and r.json()), 30, 0.3, "the file's match to the field")

    browser.get(f"{server.base_url}/#/file/{file_id}")
    page = wait_for(browser, lambda: element(browser, "#file-page[data-status=processed]"), 15, "the file page")
    steps = owner.get(f"{OPS}/files/{file_id}/status").json()
    shown = {tr.get_attribute("data-step"): tr.get_attribute("data-status")
             for tr in page.find_elements(By.CSS_SELECTOR, "#file-status tr[data-step]")}
    assert shown == {step: info["status"] for step, info in steps.items()}
    buttons = {a.get_attribute("data-output") for a in page.find_elements(By.CSS_SELECTOR, "#downloads a")}
    assert {o["name"] for o in owner.get(f"{OPS}/files/{file_id}/outputs").json()} <= buttons
    assert {"StandardGeojson", "OriginalFile"} <= buttons
    browser.save_screenshot(str(SCREENSHOTS / "console-file.png"))

    browser.find_element(By.ID, "open-map").click()
    map_el = wait_for(browser, lambda: element(browser, "#map[data-rendered-points]"), 30, "the drawn points")
    point_count = owner.get(f"{OPS}/files/{file_id}/summary").json()["properties"]["pointCount"]
    features = len(owner.get(f"{OPS}/files/{file_id}/standardGeojson").json()["features"])
    assert int(map_el.get_attribute("data-rendered-points")) == point_count == features
    assert int(map_el.get_attribute("data-point-count")) == point_count
    assert map_el.get_attribute("data-fields") == "1"
    assert int(map_el.get_attribute("data-outside-points")) == outside["featureCount"]
    assert 0.2 * point_count < outside["featureCount"] < 0.8 * point_count

    images = {i["property"]: i["legend"]["ranges"] for i in owner.get(f"{OPS}/files/{file_id}/imagesV2").json()}
    property_name = map_el.get_attribute("data-property")
    assert property_name in images
    legend = browser.find_element(By.ID, "legend")
    assert legend.get_attribute("data-source") == "imagesV2"
    limits = [(float(li.get_attribute("data-min")), float(li.get_attribute("data-max")))
              for li in legend.find_elements(By.CSS_SELECTOR, "li")]
    assert limits == [(r["min"], r["max"]) for r in images[property_name]]

    time.sleep(0.5)  # the frame after fitBounds
    coloured, total = browser.execute_script(CANVAS_PIXELS_JS, list(BACKGROUND))
    assert coloured > 0.02 * total, f"only {coloured} of {total} canvas pixels differ from the background"
    browser.save_screenshot(str(SCREENSHOTS / "console-map.png"))

    # The field's operation: its points are the ones inside the field.
    operations = poll(lambda: [o for o in owner.get(f"{OPS}/operations", params={"leafUserId": grower[0]["id"]}).json()
                               if o["status"] == "processed"], 60, 0.5, "the field's operation")
    assert len(operations) == 1, operations
    operation = f"{OPS}/operations/{operations[0]['id']}"
    inside = owner.get(f"{operation}/summary").json()["properties"]["pointCount"]
    assert inside == point_count - outside["featureCount"]
    _, _, _, _, values = decode_points(owner.get(f"{operation}/points", params={"property": PROPERTY}).content)
    assert len(values) == inside
    browser.get(f"{server.base_url}/#/operation-map/{operations[0]['id']}")
    op_map = wait_for(browser, lambda: element(browser, f'#map[data-item="operation/{operations[0]["id"]}"][data-rendered-points]'),
                      30, "the operation's points")
    assert int(op_map.get_attribute("data-rendered-points")) == inside
    assert op_map.get_attribute("data-fields") == "1"


# -- the fields page ----------------------------------------------------------------------------

EARTH_RADIUS_M = 6378137.0


def sphere_area_ha(ring) -> float:
    """A lon/lat ring's area on the sphere of WGS84's equatorial radius, by the trapezoid sum of
    Chamberlain and Duquette (JPL 2007); the server measures on the ellipsoid (within 1 % here)."""
    total = 0.0
    for (lon1, lat1), (lon2, lat2) in zip(ring, ring[1:] + ring[:1]):
        total += math.radians(lon2 - lon1) * (2 + math.sin(math.radians(lat1)) + math.sin(math.radians(lat2)))
    return abs(total * EARTH_RADIUS_M ** 2 / 2) / 10000


def open_ring(ring):
    return ring[:-1] if ring[0] == ring[-1] else ring


def zipped_shapefile(folder: Path, name: str, ring) -> Path:
    """A zip of one polygon shapefile in WGS 84 written by GDAL (python3-gdal), as an exporter would."""
    import zipfile
    from osgeo import ogr, osr
    shp = folder / "shape" / "boundary.shp"
    shp.parent.mkdir(parents=True, exist_ok=True)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    source = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(shp))
    layer = source.CreateLayer("boundary", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetField("name", name)
    feature.SetGeometry(ogr.CreateGeometryFromJson(json.dumps({"type": "Polygon", "coordinates": [ring]})))
    layer.CreateFeature(feature)
    source = None  # closes and writes the files
    out = folder / "boundaries.zip"
    with zipfile.ZipFile(out, "w") as z:
        for part in shp.parent.iterdir():
            z.write(part, part.name)
    return out


def sign_in_as(browser, server, owner, user):
    """The session the sign-in form would leave (the form itself is tested above)."""
    browser.get(server.base_url + "/#/fields")
    browser.execute_script("sessionStorage.setItem('furrow.token', arguments[0]);"
                           "sessionStorage.setItem('furrow.leafUser', JSON.stringify(arguments[1]));",
                           owner.token, {"id": user["id"], "name": user.get("name")})


def viewport_point(browser, canvas, x: float, y: float) -> tuple[int, int]:
    """Canvas pixel (x, y) in viewport coordinates (Selenium's element offsets count from the centre of
    the element's visible part, which is not the canvas's centre when the map reaches below the window)."""
    left, top = browser.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.left, r.top];", canvas)
    return round(left + x), round(top + y)


def click_at(browser, canvas, x: float, y: float):
    from selenium.webdriver.common.action_chains import ActionChains
    chain = ActionChains(browser)
    chain.w3c_actions.pointer_action.move_to_location(*viewport_point(browser, canvas, x, y))
    chain.click().perform()


def drag(browser, canvas, start: tuple[float, float], by: tuple[float, float]):
    from selenium.webdriver.common.action_chains import ActionChains
    chain = ActionChains(browser)
    chain.w3c_actions.pointer_action.move_to_location(*viewport_point(browser, canvas, *start))
    chain.click_and_hold().move_by_offset(round(by[0] / 2), round(by[1] / 2)).move_by_offset(round(by[0] / 2), round(by[1] / 2))
    chain.release().perform()


def unproject(browser, x: float, y: float) -> list[float]:
    ll = browser.execute_script("const p = window.furrowMap.unproject([arguments[0], arguments[1]]); return [p.lng, p.lat];", x, y)
    return [float(ll[0]), float(ll[1])]


def project(browser, lon: float, lat: float) -> tuple[float, float]:
    p = browser.execute_script("const p = window.furrowMap.project([arguments[0], arguments[1]]); return [p.x, p.y];", lon, lat)
    return float(p[0]), float(p[1])


def assert_ring_near(ring, expected, tolerance_deg: float):
    assert len(ring) == len(expected), (ring, expected)
    for got, want in zip(ring, expected):
        assert abs(got[0] - want[0]) < tolerance_deg and abs(got[1] - want[1]) < tolerance_deg, (got, want)


def test_fields_page_draws_edits_imports_and_lists_operations(server, owner, browser, processed_file, tmp_path):
    from selenium.webdriver.common.by import By
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    user_id = owner.get(f"{OPS}/files/{processed_file}").json()["leafUserId"]
    fields_url = f"/services/fields/api/users/{user_id}/fields"
    sign_in_as(browser, server, owner, {"id": user_id, "name": "console fields"})

    # Draw: four clicks around the middle of the view (fitted to the file's coverage), then finish by
    # clicking the first vertex; the stored ring is where the clicks were.
    browser.get(f"{server.base_url}/#/field/new")
    wait_for(browser, lambda: element(browser, "#field-map[data-ready=true]"), 30, "the drawing map")
    canvas = browser.find_element(By.CSS_SELECTOR, "#field-map canvas")
    w, h = canvas.size["width"], canvas.size["height"]
    corners = [(0.3 * w, 0.3 * h), (0.7 * w, 0.3 * h), (0.7 * w, 0.7 * h), (0.3 * w, 0.7 * h)]
    for x, y in corners:
        click_at(browser, canvas, x, y)
    wait_for(browser, lambda: element(browser, "#field-map[data-vertices='4']"), 5, "four drawn vertices")
    expected = [unproject(browser, x, y) for x, y in corners]
    per_pixel = abs(unproject(browser, 1, 0)[0] - unproject(browser, 0, 0)[0])
    click_at(browser, canvas, *corners[0])  # closes the ring
    shown_ha = float(browser.find_element(By.ID, "field-area").get_attribute("data-hectares"))
    browser.find_element(By.ID, "field-name").send_keys("drawn in the console")
    browser.find_element(By.ID, "save-field").click()
    page = wait_for(browser, lambda: element(browser, "#field-page:not([data-field-id=''])"), 15, "the saved field's page")
    field_id = page.get_attribute("data-field-id")
    field = owner.get(f"{fields_url}/{field_id}").json()
    assert field["name"] == "drawn in the console"
    assert field["geometry"]["type"] == "MultiPolygon" and len(field["geometry"]["coordinates"]) == 1
    ring = open_ring(field["geometry"]["coordinates"][0][0])
    assert_ring_near(ring, expected, 2 * per_pixel)
    assert field["area"]["unit"] == "ha"
    assert field["area"]["value"] == pytest.approx(sphere_area_ha(ring), rel=0.01)
    assert shown_ha == pytest.approx(field["area"]["value"], rel=0.01)

    # The field's operations: the server matches the file to the new field; the page lists it.
    operations = poll(lambda: [o for o in owner.get(f"{OPS}/operations", params={"leafUserId": user_id, "fieldId": field_id}).json()
                               if o["status"] == "processed"], 60, 0.5, "the drawn field's operation")
    browser.refresh()
    listed = wait_for(browser, lambda: element(browser, "table[data-list=field-operations] a[data-operation-id]"), 15,
                      "the field's operations table")
    assert listed.get_attribute("data-operation-id") in {o["id"] for o in operations}
    wait_for(browser, lambda: element(browser, "#field-map[data-ready=true][data-vertices='4']"), 30, "the field's editor")
    time.sleep(0.5)  # the frame after fitBounds
    browser.save_screenshot(str(SCREENSHOTS / "console-field.png"))

    # Edit: drag the second vertex 40 px inwards, drag the first edge's middle dot 30 px down (a fifth vertex).
    canvas = browser.find_element(By.CSS_SELECTOR, "#field-map canvas")
    second = project(browser, *ring[1])
    drag(browser, canvas, second, (-40, 40))
    moved = unproject(browser, second[0] - 40, second[1] + 40)
    first = project(browser, *ring[0])
    middle = ((first[0] + project(browser, *moved)[0]) / 2, (first[1] + project(browser, *moved)[1]) / 2)
    drag(browser, canvas, middle, (0, 30))
    inserted = unproject(browser, middle[0], middle[1] + 30)
    wait_for(browser, lambda: element(browser, "#field-map[data-vertices='5']"), 5, "the inserted vertex")
    per_pixel = abs(unproject(browser, 1, 0)[0] - unproject(browser, 0, 0)[0])
    browser.find_element(By.ID, "save-field").click()
    poll(lambda: len(open_ring(owner.get(f"{fields_url}/{field_id}").json()["geometry"]["coordinates"][0][0])) == 5,
         15, 0.3, "the edited boundary")
    wait_for(browser, lambda: element(browser, "#field-map[data-ready=true][data-vertices='5']"), 30, "the saved field's page")
    edited = open_ring(owner.get(f"{fields_url}/{field_id}").json()["geometry"]["coordinates"][0][0])
    assert_ring_near(edited, [ring[0], inserted, moved, ring[2], ring[3]], 2 * per_pixel)
    assert len(owner.get(f"{fields_url}/{field_id}/boundaries").json()) == 2  # the old boundary is kept, inactive

    # Import: GeoJSON with two polygons (one a bow tie the server refuses) and a KML placemark.
    lon, lat = ring[0]
    square = [[lon, lat], [lon + 0.001, lat], [lon + 0.001, lat + 0.001], [lon, lat + 0.001], [lon, lat]]
    bowtie = [[lon, lat], [lon + 0.001, lat + 0.001], [lon + 0.001, lat], [lon, lat + 0.001], [lon, lat]]
    geojson = tmp_path / "boundaries.geojson"
    geojson.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "imported square"}, "geometry": {"type": "Polygon", "coordinates": [square]}},
        {"type": "Feature", "properties": {"name": "bow tie"}, "geometry": {"type": "Polygon", "coordinates": [bowtie]}},
        {"type": "Feature", "properties": {"name": "a point"}, "geometry": {"type": "Point", "coordinates": [lon, lat]}}]}))
    kml_ring = [[lon + 0.002, lat], [lon + 0.003, lat], [lon + 0.003, lat + 0.002], [lon + 0.002, lat]]
    kml = tmp_path / "boundary.kml"
    kml.write_text('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
                   '<Placemark><name>kml triangle</name><Polygon><outerBoundaryIs><LinearRing><coordinates>'
                   + " ".join(f"{x},{y},0" for x, y in kml_ring)
                   + '</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>')
    zipped_ring = [[lon, lat + 0.002], [lon + 0.001, lat + 0.002], [lon + 0.001, lat + 0.003], [lon, lat + 0.003], [lon, lat + 0.002]]
    shapefile_zip = zipped_shapefile(tmp_path, "zipped square", zipped_ring)
    browser.get(f"{server.base_url}/#/fields")
    wait_for(browser, lambda: element(browser, "#boundary-input"), 15, "the fields page")
    browser.find_element(By.ID, "boundary-input").send_keys(f"{geojson}\n{kml}\n{shapefile_zip}")
    wait_for(browser, lambda: len(browser.find_elements(By.CSS_SELECTOR, "#import-results li[data-state=done]")) == 3, 60,
             "the three imports")
    rows = {li.get_attribute("data-file"): li for li in browser.find_elements(By.CSS_SELECTOR, "#import-results li")}
    assert rows["boundaries.geojson"].get_attribute("data-created") == "1"
    assert "bow tie" in rows["boundaries.geojson"].text and "1 feature without a polygon skipped" in rows["boundaries.geojson"].text
    assert rows["boundary.kml"].get_attribute("data-created") == "1"
    assert rows["boundaries.zip"].get_attribute("data-created") == "1"  # through the boundary upload service
    by_name = {f["name"]: f for f in owner.get(fields_url, params={"size": 100}).json()}
    assert "bow tie" not in by_name
    assert by_name["imported square"]["area"]["value"] == pytest.approx(sphere_area_ha(square[:-1]), rel=0.01)
    assert by_name["kml triangle"]["area"]["value"] == pytest.approx(sphere_area_ha(kml_ring[:-1]), rel=0.01)
    assert by_name["zipped square"]["area"]["value"] == pytest.approx(sphere_area_ha(zipped_ring[:-1]), rel=0.01)
    table = wait_for(browser, lambda: element(browser, "table[data-list=fields][data-total='4']"), 15, "the four fields listed")
    assert {a.text for a in table.find_elements(By.CSS_SELECTOR, "a[data-field-id]")} == \
        {"drawn in the console", "imported square", "kml triangle", "zipped square"}

    # Delete (two clicks) from the field's page.
    browser.get(f"{server.base_url}/#/field/{by_name['kml triangle']['id']}")
    wait_for(browser, lambda: element(browser, "#field-map[data-ready=true]"), 30, "the KML field's page")
    browser.find_element(By.ID, "delete-field").click()
    browser.find_element(By.ID, "delete-field").click()
    wait_for(browser, lambda: element(browser, "#fields-page"), 15, "the fields list after the delete")
    assert owner.get(f"{fields_url}/{by_name['kml triangle']['id']}").status_code == 404
