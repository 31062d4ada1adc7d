"""Small-item storage (小件物品寄存): a deposit with a claim slip, released once on its code to the depositor or
someone they named; items left too long listed; a void with a reason."""
import io
import re
import threading
from datetime import timedelta

import pytest
from PIL import Image

from webapp import clock
from webapp.domain import Refused
from webapp.domain.storage import check_collector, collector_names, storage_days
from webapp.models import Estate, StorageEvent, StoredItem
from webapp.models.storage import claim, deposit

from .conftest import DESK_HOURS_UTC

UMBRELLA = {"description": "黑色雨伞", "count": "2", "depositor_name": "张三", "depositor_phone": "13912345678",
            "unit": "1-101", "collectors": "李四、王五"}


def _deposited(client, **changes):
    response = client.post("/storage/", data=dict(UMBRELLA, **changes))
    assert response.status_code == 302, response.data
    return StoredItem.select().order_by(StoredItem.id.desc()).get()


def test_a_deposit_prints_a_claim_slip_with_its_code_and_a_masked_phone(client, login):
    login("desk")
    item = _deposited(client)
    assert re.fullmatch(r"\d{6}", item.claim_code)
    assert (item.count, item.depositor_unit.number, item.collector_list) == (2, "1-101", ["李四", "王五"])
    slip = client.get(f"/storage/{item.id}/slip").get_data(as_text=True)
    assert item.claim_code in slip and "黑色雨伞" in slip and "139****5678" in slip and "13912345678" not in slip
    assert "寄存凭条" in slip
    listing = client.get("/storage/").get_data(as_text=True)
    assert "黑色雨伞" in listing and "13912345678" not in listing


def test_a_deposit_without_what_or_whose_is_sent_back(client, login):
    login("desk")
    response = client.post("/storage/", data=dict(UMBRELLA, description="", unit="9-999"))
    assert response.status_code == 422 and StoredItem.select().count() == 0
    page = response.get_data(as_text=True)
    assert "张三" in page and "9-999" in page


def test_the_code_releases_the_item_once_to_a_named_collector(client, login):
    login("desk")
    item = _deposited(client)
    assert client.get(f"/storage/find?code={item.claim_code}").location.endswith(f"/storage/{item.id}")
    wrong = client.post(f"/storage/{item.id}/claim", data={"code": "000000" if item.claim_code != "000000" else "1",
                                                          "collector": "李四"})
    assert wrong.status_code == 422 and StoredItem.get().is_open
    stranger = client.post(f"/storage/{item.id}/claim", data={"code": item.claim_code, "collector": "赵六"})
    assert stranger.status_code == 422 and StoredItem.get().is_open
    client.post(f"/storage/{item.id}/claim", data={"code": item.claim_code, "collector": "李四"})
    item = StoredItem.get()
    assert (item.is_open, item.collected_by, item.returned_by.username) == (False, "李四", "desk")
    again = client.post(f"/storage/{item.id}/claim", data={"code": item.claim_code, "collector": "张三"})
    assert again.status_code == 422 and "已" in again.get_data(as_text=True)
    assert [e.action for e in StorageEvent.select().order_by(StorageEvent.id)] == ["out", "back"]
    assert client.get(f"/storage/find?code={item.claim_code}").location.endswith("/storage/")


def test_two_desks_releasing_at_once_release_it_once(app, estate, staff):
    item = deposit(estate, staff["desk"], description="钥匙", count=1, depositor_name="张三", collectors=["李四"])
    results = []

    def release(person, name):
        with app.app_context(), clock.frozen_at(DESK_HOURS_UTC):
            try:
                results.append(claim(StoredItem.get_by_id(item.id), staff[person], item.claim_code, name))
            except Refused as refused:
                results.append(refused)
    threads = [threading.Thread(target=release, args=args) for args in (("desk", "张三"), ("desk2", "李四"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(type(r).__name__ for r in results) == ["Refused", "StoredItem"]
    assert StorageEvent.select().where(StorageEvent.action == "back").count() == 1


def test_items_kept_longer_than_n_days_are_listed(client, login, estate, staff):
    with clock.frozen_at(DESK_HOURS_UTC - timedelta(days=40)):
        deposit(estate, staff["desk"], description="行李箱", count=1, depositor_name="陈七")
    with clock.frozen_at(DESK_HOURS_UTC - timedelta(days=10)):
        deposit(estate, staff["desk"], description="纸箱", count=1, depositor_name="周八")
    login("desk")
    page = client.get("/storage/left").get_data(as_text=True)
    assert "行李箱" in page and "纸箱" not in page
    page = client.get("/storage/left?days=7").get_data(as_text=True)
    assert "行李箱" in page and "纸箱" in page
    assert "行李箱" in client.get("/storage/left?days=abc").get_data(as_text=True)


def test_a_void_needs_a_reason_and_keeps_the_record(client, login):
    login("desk")
    item = _deposited(client)
    client.post(f"/storage/{item.id}/void", data={"reason": ""})
    assert StoredItem.get().is_open
    client.post(f"/storage/{item.id}/void", data={"reason": "超过30天，移交失物招领"})
    item = StoredItem.get()
    assert (item.is_open, item.void_reason) == (False, "超过30天，移交失物招领")
    refused = client.post(f"/storage/{item.id}/claim", data={"code": item.claim_code, "collector": "张三"})
    assert refused.status_code == 422


def test_a_photo_is_kept_and_shown_to_the_desk(app, client, login, tmp_path):
    app.config["PHOTO_FOLDER"] = str(tmp_path)
    login("desk")
    jpeg = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(jpeg, "JPEG")
    response = client.post("/storage/", content_type="multipart/form-data",
                           data=dict(UMBRELLA, photo=(io.BytesIO(jpeg.getvalue()), "bag.jpg")))
    assert response.status_code == 302
    item = StoredItem.get()
    assert client.get(f"/storage/{item.id}/photo").status_code == 200


def test_another_estates_items_and_residents_stay_out(client, login, estate, staff):
    from . import factories
    other = factories.estate("YQ", "云栖公寓")
    theirs = deposit(other, None, description="包裹", count=1, depositor_name="孙九")
    login("desk")
    assert client.get(f"/storage/{theirs.id}").status_code == 404
    assert client.post(f"/storage/{theirs.id}/claim", data={"code": theirs.claim_code,
                                                            "collector": "孙九"}).status_code == 404
    login("guard")
    assert client.get("/storage/").status_code in (302, 403)


@pytest.mark.parametrize("typed, names", [("李四、王五", ["李四", "王五"]),
                                          ("李四, 李四\n王五", ["李四", "王五"]), ("", [])])
def test_collectors_are_read_from_what_was_typed(typed, names):
    assert collector_names(typed) == names


def test_only_the_depositor_or_a_named_collector_may_collect():
    check_collector("张三", "张三", ["李四"])
    check_collector("李四", "张三", ["李四"])
    for chosen in ("赵六", "", None):
        with pytest.raises(Refused):
            check_collector(chosen, "张三", ["李四"])
    assert (storage_days(None), storage_days("7"), storage_days("0"), storage_days("9" * 30)) == (30, 7, 0, 30)


def test_a_code_that_is_not_digits_is_refused_plainly(client, login):
    login("desk")
    item = _deposited(client)
    response = client.post(f"/storage/{item.id}/claim", data={"code": "厨房水管", "collector": "张三"})
    assert response.status_code == 422 and StoredItem.get().is_open


SETTINGS = {"desk_opens": "08:00", "desk_closes": "17:30", "target_help_minutes": "5", "target_repair_minutes": "30"}


def test_the_center_sets_how_long_items_are_kept_and_the_desk_follows_it(client, login, estate, staff):
    with clock.frozen_at(DESK_HOURS_UTC - timedelta(days=10)):
        deposit(estate, staff["desk"], description="纸箱", count=1, depositor_name="周八")
    login("head")
    assert client.post("/settings/", data=dict(SETTINGS, storage_days="7")).status_code == 302
    login("desk")
    assert "纸箱" in client.get("/storage/left").get_data(as_text=True)      # 10 days > the center's 7
    item = _deposited(client)
    assert item.due_at - item.out_at == timedelta(days=7)
    assert "超过 7 天" in client.get(f"/storage/{item.id}/slip").get_data(as_text=True)


def test_the_storage_time_is_a_number_of_days_or_empty_for_30(client, login, estate):
    login("head")
    for wrong in ("0", "366", "三十", "7.5"):
        response = client.post("/settings/", data=dict(SETTINGS, storage_days=wrong))
        assert response.status_code == 422 and "请填写 1 至 365 之间的天数" in response.get_data(as_text=True)
    assert client.post("/settings/", data=dict(SETTINGS, storage_days="12")).status_code == 302
    assert client.post("/settings/", data=dict(SETTINGS, storage_days="")).status_code == 302
    assert Estate.get_by_id(estate.id).storage_days == 30
