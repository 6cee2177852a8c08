#!/usr/bin/python3
"""The console's map with a million points (issue #20 point 4), in Debian's headless Chromium.

Makes a harvest CSV of N points (a combine going up and down a field at 1 Hz, 1.6 m apart, passes 9 m
apart, Ag Leader headers), uploads it to a furrow server (release build by default), waits for it, opens
the file's map in the console and measures:
  - the points answer (`GET .../points?property=`): bytes and seconds;
  - time from opening the map page to the first frame that drew every point (`data-rendered-points`);
  - frame times while the map pans and zooms for 3 s (requestAnimationFrame intervals: median, p95);
  - the page's JavaScript heap.
Headless Chromium draws with SwiftShader (WebGL on the CPU), so frame times are an upper bound of what
a browser with a GPU does. Prints one JSON line; docs/BENCHMARKS.md keeps the figures.

Usage: bench/console_million.py [--points N] [--bin build/release/furrow]
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FRAME_TIMES_JS = """
const done = arguments[arguments.length - 1];
const map = window.furrowMap;
const frames = [];
let last = performance.now();
const start = last;
function tick(now) {
  frames.push(now - last); last = now;
  if (now - start < 3000) requestAnimationFrame(tick); else done(frames);
}
map.panBy([300, 150], { duration: 1500 });
setTimeout(() => map.zoomTo(map.getZoom() + 1.5, { duration: 1400 }), 1550);
requestAnimationFrame(tick);
"""


def harvest_csv(points: int) -> bytes:
    """A serpentine harvest: passes 9 m apart, 1.6 m between points, yield varying smoothly over the field."""
    per_pass = 500
    lat0, lon0 = 41.5, -93.6
    m_per_deg_lat = 111_132.0
    m_per_deg_lon = 111_320.0 * math.cos(math.radians(lat0))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Longitude", "Latitude", "Time", "Yld Mass(Wet)(kg/ha)", "Moisture(%)", "Swth Wdth(m)",
                     "Distance(m)", "Crop"])
    t0 = 1_690_000_000
    for i in range(points):
        p, k = divmod(i, per_pass)
        along = (k if p % 2 == 0 else per_pass - 1 - k) * 1.6
        across = p * 9.0
        value = 9000 + 2500 * math.sin(along / 120.0) * math.cos(across / 200.0) + (i * 7919 % 600)
        writer.writerow([f"{lon0 + across / m_per_deg_lon:.8f}", f"{lat0 + along / m_per_deg_lat:.8f}",
                         time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t0 + i)),
                         f"{value:.1f}", "18.5", "9.0", "1.6", "CORN"])
    return out.getvalue().encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--bin", default=str(ROOT / "build" / "release" / "furrow"))
    args = parser.parse_args()
    os.environ["FURROW_BIN"] = str(Path(args.bin).resolve())
    sys.path.insert(0, str(ROOT / "tests" / "e2e"))
    from conftest import OPS, Server, create_user, new_owner, upload_ok, wait_batch  # the e2e suite's server handling
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    work = Path(tempfile.mkdtemp(prefix="furrow-console-bench-"))
    made = time.perf_counter()
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("harvest.csv", harvest_csv(args.points))
    result = {"points": args.points, "zipBytes": len(data.getvalue()), "makeSeconds": round(time.perf_counter() - made, 1)}

    server = Server(work / "data", name="console-bench")
    server.start()
    driver = None
    try:
        owner = new_owner(server, prefix="bench")
        user = create_user(owner)
        started = time.perf_counter()
        batch = wait_batch(owner, upload_ok(owner, data.getvalue(), user["id"], filename="harvest.zip")["id"], timeout=1800)
        assert batch["status"] == "PROCESSED", batch
        file_id = batch["leafFiles"][0]
        result["processSeconds"] = round(time.perf_counter() - started, 1)
        drawn = owner.get(f"{OPS}/files/{file_id}/summary").json()["properties"]["pointCount"]
        result["standardPoints"] = drawn

        started = time.perf_counter()
        answer = owner.get(f"{OPS}/files/{file_id}/points", params={"property": "wetMassPerArea"})
        result["pointsAnswerBytes"] = len(answer.content)
        result["pointsAnswerSeconds"] = round(time.perf_counter() - started, 2)

        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                    "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--use-gl=angle", "--ignore-gpu-blocklist",
                    "--enable-precise-memory-info"):
            options.add_argument(arg)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        driver.set_script_timeout(60)
        driver.get(server.base_url + "/#/files")
        driver.execute_script("sessionStorage.setItem('furrow.token', arguments[0]);"
                              "sessionStorage.setItem('furrow.leafUser', JSON.stringify(arguments[1]));",
                              owner.token, {"id": user["id"], "name": user.get("name")})
        started = time.perf_counter()
        driver.get(f"{server.base_url}/#/map/{file_id}")
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            shown = driver.execute_script("const m = document.getElementById('map'); return m && m.dataset.renderedPoints;")
            if shown and int(shown) == drawn:
                break
            time.sleep(0.05)
        else:
            raise SystemExit(f"the map did not draw {drawn} points within 300 s")
        result["firstFullFrameSeconds"] = round(time.perf_counter() - started, 2)
        frames = sorted(driver.execute_async_script(FRAME_TIMES_JS))
        result["frames"] = len(frames)
        result["frameMsMedian"] = round(frames[len(frames) // 2], 1)
        result["frameMsP95"] = round(frames[int(0.95 * (len(frames) - 1))], 1)
        result["jsHeapMB"] = round(driver.execute_script("return performance.memory.usedJSHeapSize") / 2**20, 1)
        result["loadAverage"] = os.getloadavg()[0]
    finally:
        if driver is not None:
            driver.quit()
        server.stop()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
