"""Keeping the key and item registers: adding, changing and retiring entries, and printing their QR tags."""
import threading
from datetime import timedelta

import pytest

from webapp.media import qr
from webapp.domain import Refused
from webapp.models import ItemType, Key, Loan
from webapp.models.items import create_item_type, lend_items, update_item_type
from webapp.models.keys import create_key, lend_key
from webapp.models.place import create_place

from .conftest import DESK_HOURS_UTC

DUE = DESK_HOURS_UTC + timedelta(hours=2)
BASE = "http://127.0.0.1:5000"  # the test configuration's PUBLIC_BASE_URL


@pytest.fixture
def key_cabinet(estate):
    return create_place(estate, name="前台钥匙柜", kind="key_cabinet")


@pytest.fixture
def lending_cabinet(estate):
    return create_place(estate, name="前台借用柜", kind="lending_cabinet")


def test_the_desk_adds_a_staff_only_key_to_a_cabinet_hook(client, login, key_cabinet):
    login("desk")
    response = client.post("/keys/new", data=dict(label="消防控制室", opens="监控中心旁", cabinet=key_cabinet.id,
                                                  hook="B3", copies=2))
    key = Key.get()
    assert response.status_code == 302 and response.location.endswith(f"/keys/{key.id}")
    assert (key.cabinet.id, key.hook, key.copies, key.contractors_allowed) == (key_cabinet.id, "B3", 2, False)
    assert len(key.token) == 12
    page = client.get("/keys/").get_data(as_text=True)
    assert "消防控制室" in page and "仅限员工" in page and "2 把" in page


def test_a_key_without_a_label_is_refused_in_chinese_keeping_the_entries(client, login, key_cabinet):
    login("desk")
    response = client.post("/keys/new", data=dict(label=" ", opens="2号楼配电室", cabinet="", hook="A2", copies=1))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "请给钥匙写上标签" in page and 'value="2号楼配电室"' in page
    assert Key.select().count() == 0


def test_editing_a_key_keeps_its_tag(client, login, estate, key_cabinet):
    key = create_key(estate, "会议室A", cabinet=key_cabinet, hook="A3")
    login("desk")
    form = client.get(f"/keys/{key.id}/edit").get_data(as_text=True)
    assert 'value="会议室A"' in form and f'<option selected value="{key_cabinet.id}">' in form
    client.post(f"/keys/{key.id}/edit", data=dict(label="会议室A（2楼）", cabinet=key_cabinet.id, hook="A4",
                                                  copies=1, contractors_allowed="y"))
    changed = Key.get_by_id(key.id)
    assert (changed.label, changed.hook, changed.token) == ("会议室A（2楼）", "A4", key.token)


def test_security_lends_keys_but_does_not_change_the_register(client, login, estate):
    key = create_key(estate, "垃圾房")
    login("guard")
    assert client.get(f"/keys/{key.id}").status_code == 200
    assert "添加钥匙" not in client.get("/keys/").get_data(as_text=True)
    assert client.post("/keys/new", data=dict(label="x", copies=1)).status_code == 403
    assert client.post(f"/keys/{key.id}/retirement").status_code == 403
    assert client.get("/keys/tags").status_code == 403


def test_a_key_that_is_out_cannot_be_retired_and_a_retired_key_is_not_lent(client, login, estate, staff):
    key = create_key(estate, "天台门")
    loan = lend_key(key.id, staff["desk"], DUE, holder_kind="staff", holder_staff=staff["eng"].id, purpose="检修")
    login("desk")
    client.post(f"/keys/{key.id}/retirement")
    assert Key.get_by_id(key.id).retired is False
    assert "未归还" in client.get(f"/keys/{key.id}").get_data(as_text=True)
    client.post(f"/loans/{loan.id}/return", data=dict(condition="good"))
    client.post(f"/keys/{key.id}/retirement")
    assert Key.get_by_id(key.id).retired is True
    assert f'id="key-{key.id}"' not in client.get("/keys/").get_data(as_text=True)
    page = client.get(f"/keys/{key.id}").get_data(as_text=True)
    assert "不在登记中" in page and "检修" in page  # the history stays
    response = client.post(f"/keys/{key.id}/loans", data=dict(holder_kind="staff", holder_staff=staff["eng"].id,
                                                               purpose="x", due_at="2026-11-23T12:00"))
    assert response.status_code == 422 and Loan.select().count() == 1


def test_the_desk_adds_an_item_with_a_deposit(client, login, lending_cabinet):
    login("desk")
    response = client.post("/items/new", data=dict(name="充电宝", cabinet=lending_cabinet.id, quantity=10,
                                                   deposit="50"))
    item = ItemType.get()
    assert response.status_code == 302 and (item.quantity, item.available, item.deposit) == (10, 10, 50)
    assert item.cabinet.id == lending_cabinet.id


def test_a_new_quantity_moves_the_stock_but_never_below_what_is_lent_out(client, login, estate, staff):
    item = create_item_type(estate, "雨伞", 5)
    lend_items(item.id, staff["desk"], 3, DUE, holder_kind="staff", holder_staff=staff["guard"].id)
    login("desk")
    response = client.post(f"/items/{item.id}/edit", data=dict(name="雨伞", cabinet="", quantity=2, deposit="0"))
    assert response.status_code == 422 and "目前借出 3 件，总数不能少于此数" in response.get_data(as_text=True)
    assert (ItemType.get_by_id(item.id).quantity, ItemType.get_by_id(item.id).available) == (5, 2)
    client.post(f"/items/{item.id}/edit", data=dict(name="雨伞", cabinet="", quantity=8, deposit="0"))
    assert (ItemType.get_by_id(item.id).quantity, ItemType.get_by_id(item.id).available) == (8, 5)
    client.post(f"/items/{item.id}/edit", data=dict(name="雨伞", cabinet="", quantity=3, deposit="0"))
    assert (ItemType.get_by_id(item.id).quantity, ItemType.get_by_id(item.id).available) == (3, 0)


def test_shrinking_the_stock_while_the_last_units_are_lent_never_leaves_it_negative(estate, staff):
    item = create_item_type(estate, "手推车", 4)
    lend_items(item.id, staff["desk"], 2, DUE, holder_kind="staff", holder_staff=staff["guard"].id)
    outcome, start = [], threading.Barrier(2)

    def shrink():
        start.wait()
        try:
            update_item_type(item, 2, name="手推车")
            outcome.append("shrunk")
        except Refused:
            outcome.append("refused")

    def lend():
        start.wait()
        try:
            lend_items(item.id, staff["desk"], 1, DUE, holder_kind="staff", holder_staff=staff["eng"].id)
            outcome.append("lent")
        except Refused:
            outcome.append("refused")
    threads = [threading.Thread(target=shrink), threading.Thread(target=lend)]
    [t.start() for t in threads]
    [t.join(30) for t in threads]
    fresh = ItemType.get_by_id(item.id)
    lent_out = sum(loan.quantity for loan in Loan.select().where(Loan.item == item))
    assert fresh.available >= 0 and fresh.quantity - fresh.available == lent_out
    assert sorted(outcome) in (["refused", "shrunk"], ["lent", "refused"])


def test_an_item_with_units_out_stays_in_the_register(client, login, estate, staff):
    item = create_item_type(estate, "折叠梯", 2)
    lend_items(item.id, staff["desk"], 1, DUE, holder_kind="staff", holder_staff=staff["eng"].id)
    login("desk")
    client.post(f"/items/{item.id}/retirement")
    assert ItemType.get_by_id(item.id).retired is False


def test_the_tag_sheet_carries_each_chosen_keys_own_code(client, login, estate, key_cabinet):
    first = create_key(estate, "1号楼水泵房", cabinet=key_cabinet, hook="A1")
    second = create_key(estate, "2号楼配电室", cabinet=key_cabinet, hook="A2")
    login("desk")
    sheet = client.get(f"/keys/tags?ids={first.id}").get_data(as_text=True)
    assert qr.label_svg(qr.scan_url(BASE, first.token, "k")) in sheet and "1号楼水泵房" in sheet
    assert second.token not in sheet and "2号楼配电室" not in sheet
    everything = client.get("/keys/tags").get_data(as_text=True)
    assert everything.count('class="tag"') == 2


def test_item_tags_open_the_item_for_staff_and_ask_others_to_bring_it_back(client, login, estate,
                                                                           lending_cabinet):
    item = create_item_type(estate, "工具箱", 3, cabinet=lending_cabinet)
    anonymous = client.get(f"/i/{item.token}")
    assert anonymous.status_code == 200 and "借用柜" in anonymous.get_data(as_text=True)
    login("desk")
    assert qr.label_svg(qr.scan_url(BASE, item.token, "i")) in client.get("/items/tags").get_data(as_text=True)
    assert client.get(f"/i/{item.token}").location.endswith(f"/items/{item.id}")
    assert client.get("/i/unknown").status_code == 404


def test_the_ledger_shows_how_a_key_came_back_in_words_not_codes(client, login, estate, staff):
    from datetime import timedelta

    from webapp import clock
    from webapp.models.keys import create_key, lend_key
    key = create_key(estate, "1号楼电梯机房")
    loan = lend_key(key.id, staff["desk"], clock.utcnow() + timedelta(hours=2), holder_kind="staff",
                    holder_staff=staff["eng"].id, purpose="维修")
    login("desk")
    assert client.post(f"/loans/{loan.id}/return", data={"condition": "damaged"}).status_code == 302
    page = client.get("/loans/register/keys").get_data(as_text=True)
    assert "损坏" in page and ">damaged<" not in page
    odd = client.post(f"/loans/{loan.id}/return", data={"condition": "burnt"})
    assert odd.status_code == 302
