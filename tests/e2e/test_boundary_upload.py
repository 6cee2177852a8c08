"""Boundary upload: /services/uploadservice/api/upload (Leaf's "Upload Field Boundary Endpoints";
docs/API.md "Boundary upload"). The boundary files are made here with GDAL/OGR (python3-gdal): a
shapefile in UTM with its .prj, GeoJSON and KML. Areas are checked against pyproj's geodesic area of
the same polygons (for the shapefile: reprojected by pyproj, not by GDAL), repairs against shapely's
make_valid."""
import io
import json
import os
import tempfile
import uuid
import zipfile

import pytest
from osgeo import ogr, osr
from pyproj import Geod, Transformer
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.polygon import orient
from shapely.validation import make_valid

from conftest import assert_problem, assert_status, create_user, is_uuid, new_owner, parse_iso, poll, total_count

UPLOADS = "/services/uploadservice/api/upload"
FIELDS = "/services/fields/api"
GEOD = Geod(ellps="WGS84")


def geodesic_ha(geom) -> float:
    polygons = geom.geoms if hasattr(geom, "geoms") else [geom]
    return sum(abs(GEOD.geometry_area_perimeter(orient(p, 1.0))[0]) for p in polygons) / 1e4


def square(lon, lat, side):
    return [(lon, lat), (lon + side, lat), (lon + side, lat + side), (lon, lat + side), (lon, lat)]


def ogr_files(driver: str, suffix: str, features, srs_epsg: int = 4326) -> dict[str, bytes]:
    """Writes features [(name, wkt)] with OGR's `driver`; returns {file name: bytes} of what it made."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "boundaries" + suffix)
        ds = ogr.GetDriverByName(driver).CreateDataSource(path)
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(srs_epsg)
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)  # x = longitude, as the WKT is written
        layer = ds.CreateLayer("boundaries", srs, ogr.wkbUnknown)
        layer.CreateField(ogr.FieldDefn("Name" if driver != "ESRI Shapefile" else "NAME", ogr.OFTString))
        for name, wkt in features:
            feature = ogr.Feature(layer.GetLayerDefn())
            feature.SetField(0, name)
            feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
            layer.CreateFeature(feature)
        ds = None  # flushes and closes
        return {name: open(os.path.join(tmp, name), "rb").read() for name in sorted(os.listdir(tmp))}


def geojson_bytes(features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": name} if name else {}, "geometry": geometry}
        for name, geometry in features]}).encode()


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buffer.getvalue()


def post_upload(api, data: bytes, params: dict, filename="boundaries.zip"):
    return api.post(UPLOADS, params=params, files={"file": (filename, data, "application/zip")})


def finished(api, upload_id: str) -> dict:
    def decided():
        r = api.get(f"{UPLOADS}/{upload_id}")
        assert_status(r, 200)
        return r.json() if r.json()["status"] != "RECEIVED" else None
    return poll(decided, 60, 0.2, f"upload {upload_id}")


def entries(api, upload_id: str) -> dict[str, dict]:
    r = api.get(f"{UPLOADS}/{upload_id}/entries")
    assert_status(r, 200)
    return {e["fileName"]: e for e in r.json()}


def field(api, uid, field_id) -> dict:
    r = api.get(f"{FIELDS}/users/{uid}/fields/{field_id}")
    assert_status(r, 200)
    return r.json()


@pytest.fixture(scope="module")
def owner(server):
    return new_owner(server, prefix="bupload")


UTM15 = Transformer.from_crs("EPSG:32615", "EPSG:4326", always_xy=True)


def test_shapefile_geojson_and_kml_become_fields(owner):
    uid = create_user(owner)["id"]
    farm = owner.post(f"{FIELDS}/users/{uid}/farms", json={"name": "upload farm"}).json()["id"]
    utm_square = [(446000 + dx, 4650000 + dy) for dx, dy in ((0, 0), (400, 0), (400, 300), (0, 300), (0, 0))]
    shp = ogr_files("ESRI Shapefile", ".shp", [("North", Polygon(utm_square).wkt)], srs_epsg=32615)
    assert {"boundaries.shp", "boundaries.shx", "boundaries.dbf", "boundaries.prj"} <= set(shp)
    kml = ogr_files("KML", ".kml", [("Creek", Polygon(square(-93.50, 42.00, 0.004)).wkt)])
    two = MultiPolygon([Polygon(square(-93.40, 42.0, 0.003)), Polygon(square(-93.39, 42.0, 0.002))])
    geojson = geojson_bytes([("East", {"type": "Polygon", "coordinates": [square(-93.45, 42.0, 0.005)]}),
                             ("Split", json.loads(json.dumps(two.__geo_interface__)))])
    files = {f"shapes/{name}": data for name, data in shp.items()}
    files.update({"deep/dir/fields.kml": kml["boundaries.kml"], "fields.geojson": geojson,
                  "README.txt": b"not a boundary", "__MACOSX/._fields.geojson": b"junk"})
    data = zip_of(files)

    r = post_upload(owner, data, {"leafUserId": uid, "farmId": farm})
    assert_status(r, 200)
    made = r.json()
    assert {"id", "leafUserId", "originalFileUrl", "fileName", "status", "createdTime"} <= set(made)
    assert is_uuid(made["id"]) and made["leafUserId"] == uid and made["fileName"] == "boundaries.zip"
    assert made["status"] == "RECEIVED"
    parse_iso(made["createdTime"])
    r = owner.get(made["originalFileUrl"])
    assert_status(r, 200)
    assert r.content == data

    done = finished(owner, made["id"])
    assert done["status"] == "PROCESSED", done
    by_file = entries(owner, made["id"])
    assert set(by_file) == {"shapes/boundaries.shp", "deep/dir/fields.kml", "fields.geojson"}
    assert [by_file[n]["converterFormat"] for n in ("shapes/boundaries.shp", "deep/dir/fields.kml", "fields.geojson")] \
        == ["SHAPEFILE", "KML", "GEOJSON"]
    for entry in by_file.values():
        assert entry["status"] == "FINISHED" and entry["createFieldErrorDetails"] == [], entry
        assert entry["uploadId"] == made["id"] and entry["leafUserId"] == uid and is_uuid(entry["id"])
        parse_iso(entry["processedTime"])

    north = field(owner, uid, by_file["shapes/boundaries.shp"]["fieldId"][0])
    lonlat = Polygon([UTM15.transform(x, y) for x, y in utm_square])
    assert north["name"] == "North" and north["farmId"] == farm
    assert north["area"]["value"] == pytest.approx(geodesic_ha(lonlat), rel=1e-6)
    assert north["area"]["value"] == pytest.approx(12.0, rel=0.01)  # 400 m x 300 m, UTM scale ~1
    creek = field(owner, uid, by_file["deep/dir/fields.kml"]["fieldId"][0])
    assert creek["name"] == "Creek"
    assert creek["area"]["value"] == pytest.approx(geodesic_ha(Polygon(square(-93.50, 42.00, 0.004))), rel=1e-9)
    east_id, split_id = by_file["fields.geojson"]["fieldId"]
    assert field(owner, uid, east_id)["name"] == "East"
    split = field(owner, uid, split_id)
    assert len(split["geometry"]["coordinates"]) == 2
    assert split["area"]["value"] == pytest.approx(geodesic_ha(two), rel=1e-9)
    r = owner.get(f"{FIELDS}/users/{uid}/farms/{farm}")
    assert sorted(r.json()["fieldIds"]) == sorted([north["id"], creek["id"], east_id, split_id])


BOWTIE = [(-93.30, 42.0), (-93.29, 42.01), (-93.29, 42.0), (-93.30, 42.01), (-93.30, 42.0)]


def invalid_geojson() -> bytes:
    return geojson_bytes([
        ("Good", {"type": "Polygon", "coordinates": [square(-93.20, 42.0, 0.004)]}),
        ("Bowtie", {"type": "Polygon", "coordinates": [BOWTIE]}),
        ("Unclosed", {"type": "Polygon", "coordinates": [square(-93.10, 42.0, 0.004)[:-1]]}),
        ("Road", {"type": "LineString", "coordinates": [[-93.0, 42.0], [-93.0, 42.01]]}),
        ("Sliver", {"type": "Polygon", "coordinates": [[[-92.9, 42.0], [-92.9, 42.01], [-92.9, 42.0], [-92.9, 42.0]]]}),
    ])


def errors_of(entry) -> list[dict]:
    problems = [json.loads(text) for text in entry["createFieldErrorDetails"]]
    for p in problems:
        assert p["status"] == 400 and p["title"] and p["detail"], p
    return problems


def test_invalid_geometries_are_reported_per_feature_and_repaired(owner):
    uid = create_user(owner)["id"]
    upload_id = post_upload(owner, zip_of({"mixed.geojson": invalid_geojson()}), {"leafUserId": uid}).json()["id"]
    assert finished(owner, upload_id)["status"] == "PROCESSED"
    entry = entries(owner, upload_id)["mixed.geojson"]
    assert entry["status"] == "PARTIALLY_FINISHED"
    details = [p["detail"] for p in errors_of(entry)]
    assert len(details) == 2 and len(entry["fieldId"]) == 3, (details, entry)
    assert "feature 3 ('Road')" in details[0] and "LINESTRING is not a polygon" in details[0]
    assert "feature 4 ('Sliver')" in details[1]
    made = {f["name"]: f for f in (field(owner, uid, i) for i in entry["fieldId"])}
    assert set(made) == {"Good", "Bowtie", "Unclosed"}
    # The bow-tie becomes its two triangles (shapely's make_valid of the same ring agrees).
    expected = make_valid(Polygon(BOWTIE))
    assert made["Bowtie"]["area"]["value"] == pytest.approx(geodesic_ha(expected), rel=1e-9)
    assert len(made["Bowtie"]["geometry"]["coordinates"]) == 2
    assert made["Unclosed"]["area"]["value"] == pytest.approx(geodesic_ha(Polygon(square(-93.10, 42.0, 0.004))), rel=1e-9)
    boundary = owner.get(f"{FIELDS}/users/{uid}/fields/{made['Bowtie']['id']}/boundary").json()
    assert boundary["fixStatus"] == "FIXED"
    assert "fixStatus" not in owner.get(f"{FIELDS}/users/{uid}/fields/{made['Good']['id']}/boundary").json()


def test_without_automatic_fix_the_invalid_ones_fail(owner):
    uid = create_user(owner)["id"]
    r = owner.request("PATCH", f"/services/config/api/configs/{uid}", json={"automaticFixBoundary": False})
    assert r.status_code in (200, 201), r.text
    upload_id = post_upload(owner, zip_of({"mixed.geojson": invalid_geojson()}), {"leafUserId": uid}).json()["id"]
    assert finished(owner, upload_id)["status"] == "PROCESSED"
    entry = entries(owner, upload_id)["mixed.geojson"]
    details = [p["detail"] for p in errors_of(entry)]
    assert len(entry["fieldId"]) == 1 and len(details) == 4, details
    assert "feature 1 ('Bowtie')" in details[0] and "self-intersection" in details[0].lower()
    assert "feature 2 ('Unclosed')" in details[1] and "not closed" in details[1]


def test_failures_of_the_whole_upload(owner):
    uid = create_user(owner)["id"]
    for data, reason in ((b"not a zip at all", "zip"),
                         (zip_of({"notes.txt": b"hello"}), "no shapefile"),
                         (zip_of({"x.geojson": geojson_bytes([("Road", {"type": "Point", "coordinates": [1, 2]})])}),
                          "no valid field boundary")):
        upload_id = post_upload(owner, data, {"leafUserId": uid}).json()["id"]
        done = finished(owner, upload_id)
        assert done["status"] == "FAILED" and reason in done["statusDetails"], done
    shp = ogr_files("ESRI Shapefile", ".shp", [("A", Polygon(square(-93.0, 42.0, 0.01)).wkt)])
    del shp["boundaries.dbf"]
    upload_id = post_upload(owner, zip_of(shp), {"leafUserId": uid}).json()["id"]
    assert finished(owner, upload_id)["status"] == "FAILED"
    entry = entries(owner, upload_id)["boundaries.shp"]
    assert entry["status"] == "FAILED" and ".dbf" in errors_of(entry)[0]["detail"]


def test_field_limit_per_upload(owner):
    uid = create_user(owner)["id"]
    many = geojson_bytes([(f"s{i}", {"type": "Polygon", "coordinates": [square(-95 + i * 0.01, 40.0, 0.005)]})
                          for i in range(101)])
    upload_id = post_upload(owner, zip_of({"many.geojson": many}), {"leafUserId": uid}).json()["id"]
    assert finished(owner, upload_id)["status"] == "PROCESSED"
    entry = entries(owner, upload_id)["many.geojson"]
    assert len(entry["fieldId"]) == 100 and entry["status"] == "PARTIALLY_FINISHED"
    assert "at most 100 fields" in errors_of(entry)[0]["detail"]
    assert total_count(owner.get(f"{FIELDS}/users/{uid}/fields")) == 100


def test_bad_requests_are_400(owner):
    uid, other_uid = create_user(owner)["id"], create_user(owner)["id"]
    others_farm = owner.post(f"{FIELDS}/users/{other_uid}/farms", json={}).json()["id"]
    data = zip_of({"a.geojson": invalid_geojson()})
    assert_problem(post_upload(owner, data, {}), 400, "leafUserId")
    assert_problem(post_upload(owner, data, {"leafUserId": str(uuid.uuid4())}), 400, "leafUserId")
    assert_problem(post_upload(owner, data, {"leafUserId": "nope"}), 400, "leafUserId")
    assert_problem(post_upload(owner, data, {"leafUserId": uid, "farmId": others_farm}), 400, "farmId")
    assert_problem(post_upload(owner, data, {"leafUserId": uid, "farmId": "x"}), 400, "farmId")
    assert_problem(owner.post(UPLOADS, params={"leafUserId": uid}, files={"other": ("a.zip", data)}), 400, "file")
    assert_problem(owner.get(UPLOADS, params={"status": "DONE"}), 400, "status")
    assert_problem(owner.get(f"{UPLOADS}/not-a-uuid"), 400, "id")


def test_lists_and_owner_scoping(owner, server):
    uid, uid2 = create_user(owner)["id"], create_user(owner)["id"]
    data = zip_of({"f.geojson": geojson_bytes([("F", {"type": "Polygon", "coordinates": [square(-94, 41, 0.003)]})])})
    ids = [post_upload(owner, data, {"leafUserId": u}).json()["id"] for u in (uid, uid, uid2)]
    for upload_id in ids:
        finished(owner, upload_id)
    r = owner.get(UPLOADS, params={"leafUserId": uid, "size": 1, "page": 1})
    assert_status(r, 200)
    assert total_count(r) == 2 and [u["id"] for u in r.json()] == [ids[1]]
    r = owner.get(UPLOADS, params={"leafUserId": uid2, "status": "PROCESSED"})
    assert [u["id"] for u in r.json()] == [ids[2]]
    other = new_owner(server, prefix="bupload-other")
    for suffix in ("", "/entries", "/originalFile"):
        assert_problem(other.get(f"{UPLOADS}/{ids[0]}{suffix}"), 404)
    assert other.get(UPLOADS).json() == []
    assert_problem(post_upload(other, data, {"leafUserId": uid}), 400, "leafUserId")
    assert_problem(owner.get(f"{UPLOADS}/{uuid.uuid4()}"), 404)


def test_kmz_and_a_zip_inside_the_zip(owner):
    uid = create_user(owner)["id"]
    kml = ogr_files("KML", ".kml", [("Pond field", Polygon(square(-93.70, 42.10, 0.003)).wkt)])["boundaries.kml"]
    kmz = zip_of({"doc.kml": kml})
    inner = zip_of({"more/east.geojson": geojson_bytes([("Inner", {"type": "Polygon",
                                                                    "coordinates": [square(-93.65, 42.1, 0.002)]})])})
    upload_id = post_upload(owner, zip_of({"pond.kmz": kmz, "nested.zip": inner}), {"leafUserId": uid}).json()["id"]
    assert finished(owner, upload_id)["status"] == "PROCESSED"
    by_file = entries(owner, upload_id)
    assert set(by_file) == {"pond.kmz", "nested.zip/more/east.geojson"}, by_file
    pond = by_file["pond.kmz"]
    assert pond["converterFormat"] == "KML" and pond["status"] == "FINISHED", pond
    made = field(owner, uid, pond["fieldId"][0])
    assert made["name"] == "Pond field"
    assert made["area"]["value"] == pytest.approx(geodesic_ha(Polygon(square(-93.70, 42.10, 0.003))), rel=1e-9)
    assert field(owner, uid, by_file["nested.zip/more/east.geojson"]["fieldId"][0])["name"] == "Inner"
