"""The /files filters that need converted data (operationType, startTime, endTime, minArea,
standard, fileFormat) on real ISOXML files: each filter must select exactly the files whose own
values (as GET /files/{id} reports them) satisfy it."""
from __future__ import annotations

import pytest

from conftest import conversion_fidelity, create_user, files_of_batch, list_all, upload_ok, wait_batch
from isoxml_helpers import ms_of, real_sets

pytestmark = conversion_fidelity

FILES = "/services/operations/api/files"


@pytest.fixture(scope="module")
def uploaded(api):
    sets = real_sets()
    user = create_user(api)
    files = []
    for name in ("krone", "kverneland", "topcon"):
        batch = upload_ok(api, sets[name]["data"], user["id"], provider="Other", filename=sets[name]["filename"])
        wait_batch(api, batch["id"], timeout=120)
        listed, _ = files_of_batch(api, batch["id"])
        files += [api.get(f"{FILES}/{f['id']}").json() for f in listed]
    assert len(files) == 3, files
    return user["id"], {f["id"]: f for f in files}


def selected(api, user_id: str, **params) -> set[str]:
    items, total = list_all(api, FILES, {"leafUserId": user_id, **params})
    assert total == len(items)
    return {f["id"] for f in items}


def test_operation_type_filter_selects_by_the_derived_type(api, uploaded):
    user_id, files = uploaded
    for op in ("harvested", "planted", "applied", "tillage"):
        expected = {i for i, f in files.items() if f.get("operationType") == op}
        assert selected(api, user_id, operationType=op) == expected, op
    assert any(f.get("operationType") == "harvested" for f in files.values())
    assert any(f.get("operationType") == "planted" for f in files.values())


def test_standard_filter_tells_converted_from_failed(api, uploaded):
    user_id, files = uploaded
    converted = {i for i, f in files.items() if f["status"] == "processed"}
    assert len(converted) == 2 and len(files) - len(converted) == 1
    assert selected(api, user_id, standard="true") == converted
    assert selected(api, user_id, standard="false") == set(files) - converted


def test_min_area_filter_compares_with_the_file_area(api, uploaded):
    user_id, files = uploaded
    areas = sorted(f["area"]["value"] for f in files.values() if "area" in f)
    assert len(areas) == 2 and areas[0] < areas[1]
    threshold = (areas[0] + areas[1]) / 2
    expected = {i for i, f in files.items() if "area" in f and f["area"]["value"] >= threshold}
    assert len(expected) == 1
    assert selected(api, user_id, minArea=str(threshold)) == expected
    assert selected(api, user_id, minArea="0") == {i for i, f in files.items() if "area" in f}


def test_time_filters_bound_the_operation_span(api, uploaded):
    user_id, files = uploaded
    timed = {i: f for i, f in files.items() if "startTime" in f}
    assert len(timed) == 2
    later = max(timed.values(), key=lambda f: ms_of(f["startTime"]))
    earlier = min(timed.values(), key=lambda f: ms_of(f["startTime"]))
    assert ms_of(earlier["endTime"]) < ms_of(later["startTime"]), "the two sets' spans should not overlap"
    for name in ("startTime", "operationStartTime"):
        assert selected(api, user_id, **{name: later["startTime"]}) == {later["id"]}
    for name in ("endTime", "operationEndTime"):
        assert selected(api, user_id, **{name: earlier["endTime"]}) == {earlier["id"]}


def test_file_format_filter(api, uploaded):
    user_id, files = uploaded
    assert selected(api, user_id, fileFormat="ISO11783") == set(files)
    assert selected(api, user_id, fileFormat="CN1") == set()
