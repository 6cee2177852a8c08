"""The web console (issue #20, docs/CONSOLE.md) in a real browser: Debian's headless Chromium, driven
by python3-selenium, signs in, creates a leaf user, uploads a real sample, waits for it, opens the
file page and the map, and checks what the map drew against the API itself: the drawn point count
against the summary's pointCount and the standardGeojson's features, the legend's class limits
against imagesV2, and canvas pixels that are not the background. Screenshots go to docs/images/.
Also the routes behind it: the asset serving (CSP, types, 404/503) and the binary points route
against the standardGeojson, owner-scoped."""
from __future__ import annotations

import math
import struct
import time
from pathlib import Path

import pytest
import requests

from conftest import DATA_DIR, OPS, USERS, Server, assert_status, create_user, new_owner, poll, single_only, \
    upload_ok, wait_batch

pytestmark = single_only

SAMPLE = DATA_DIR / "sms-case-wheat-yield-2018" / "FarmerI_YL18_YLD_2018_henrys.zip"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "images"
CONFIG = {"operationsImageCreation": True, "splitOperationsByField": True, "enableOutsideFieldGeojson": True}
PROPERTY = "wetMassPerArea"
BACKGROUND = (0xF3, 0xF1, 0xEA)  # console/src/views/map_page.js baseStyle


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
