"""A resident borrows from the lending cabinet on their own phone, where the estate enables it."""
import re
import sqlite3
from datetime import timedelta

import pytest

from webapp import clock, create_app
from webapp.models import Estate, ItemType, Loan, LoanEvent
from webapp.models.items import create_item_type, lend_items
from webapp.models.place import create_place

from .conftest import DESK_HOURS_UTC


@pytest.fixture
def cabinet(estate, staff):
    Estate.update(self_service_lending=True).where(Estate.id == estate.id).execute()
    return create_place(estate, name="前台借用柜", kind="lending_cabinet", building=estate.buildings.first(), floor=1)


@pytest.fixture
def umbrellas(estate, cabinet):
    return create_item_type(estate, "雨伞", 3, cabinet=cabinet)


@pytest.fixture
def ladders(estate, cabinet):
    return create_item_type(estate, "折叠梯", 2, cabinet=cabinet, deposit=200)


def borrow(client, cabinet, item, environ_base=None, **fields):
    data = dict(unit="1-201", phone="13912345678", name="王女士", quantity="1", hours="4", intake_key="b1")
    data.update(fields)
    return client.post(f"/q/{cabinet.token}/borrow/{item.id}", data=data, environ_base=environ_base or {})


def test_the_cabinet_page_offers_deposit_free_items_and_sends_the_rest_to_the_desk(client, cabinet, umbrellas,
                                                                                  ladders):
    page = client.get(f"/q/{cabinet.token}").get_data(as_text=True)
    assert f"/q/{cabinet.token}/borrow/{umbrellas.id}" in page
    assert f"/borrow/{ladders.id}" not in page and "押金" in page
    refused = client.get(f"/q/{cabinet.token}/borrow/{ladders.id}")
    assert refused.status_code == 403 and "前台" in refused.get_data(as_text=True)


def test_an_estate_without_self_service_lends_only_at_the_desk(client, estate, cabinet, umbrellas):
    Estate.update(self_service_lending=False).where(Estate.id == estate.id).execute()
    assert "/borrow/" not in client.get(f"/q/{cabinet.token}").get_data(as_text=True)
    assert client.get(f"/q/{cabinet.token}/borrow/{umbrellas.id}").status_code == 403
    assert borrow(client, cabinet, umbrellas).status_code == 422 and Loan.select().count() == 0


def test_a_resident_borrows_with_unit_and_phone_and_follows_it_by_a_private_link(client, cabinet, umbrellas):
    response = borrow(client, cabinet, umbrellas, quantity="2", hours="24")
    assert response.status_code == 303 and re.search(r"/l/[\w-]{12}$", response.location)
    loan = Loan.get()
    assert (loan.holder_kind, loan.holder_unit.number, loan.holder_phone, loan.quantity) == (
        "resident", "1-201", "13912345678", 2)
    assert loan.out_by is None and loan.due_at == DESK_HOURS_UTC + timedelta(hours=24)
    assert ItemType.get_by_id(umbrellas.id).available == 1
    assert [(e.action, e.by) for e in LoanEvent.select()] == [("out", None)]
    page = client.get(response.location).get_data(as_text=True)
    assert "雨伞 ×2" in page and "我已放回" in page


def test_double_submit_makes_one_loan_and_gives_the_same_link(client, cabinet, umbrellas):
    first, second = borrow(client, cabinet, umbrellas), borrow(client, cabinet, umbrellas)
    assert first.location == second.location and Loan.select().count() == 1
    assert ItemType.get_by_id(umbrellas.id).available == 2


def test_an_unknown_unit_or_a_missing_phone_is_refused_in_chinese_keeping_the_entries(client, cabinet, umbrellas):
    response = borrow(client, cabinet, umbrellas, unit="9-999")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "没有" in page and 'value="13912345678"' in page
    response = borrow(client, cabinet, umbrellas, phone="")
    assert response.status_code == 422 and "电话" in response.get_data(as_text=True)
    assert Loan.select().count() == 0 and ItemType.get_by_id(umbrellas.id).available == 3


def test_a_resident_cannot_take_more_than_two_or_more_than_is_left(client, cabinet, umbrellas, staff):
    assert borrow(client, cabinet, umbrellas, quantity="3").status_code == 422
    lend_items(umbrellas.id, staff["desk"], 2, DESK_HOURS_UTC + timedelta(hours=1), holder_kind="staff",
               holder_staff=staff["guard"].id)
    response = borrow(client, cabinet, umbrellas, quantity="2")
    assert response.status_code == 422 and "1" in response.get_data(as_text=True)
    assert Loan.select().count() == 1 and ItemType.get_by_id(umbrellas.id).available == 1


def test_putting_it_back_frees_the_stock_and_the_desk_sees_who_did(client, login, cabinet, umbrellas):
    link = borrow(client, cabinet, umbrellas).location
    assert client.post(f"{link}/return").status_code == 303
    assert client.post(f"{link}/return").status_code == 303  # a second tap changes nothing
    loan = Loan.get()
    assert loan.returned_at == DESK_HOURS_UTC and loan.returned_by is None
    assert ItemType.get_by_id(umbrellas.id).available == 3
    assert [e.action for e in LoanEvent.select().order_by(LoanEvent.id)] == ["out", "back"]
    assert "我已放回" not in client.get(link).get_data(as_text=True)
    login("desk")
    history = client.get(f"/items/{umbrellas.id}").get_data(as_text=True)
    assert "住户自助" in history and "住户自行放回" in history
    csv = client.get("/loans/register/items.csv?from=2026-11-23&to=2026-11-23").get_data(as_text=True)
    assert "1-201 王女士" in csv and "住户自助" in csv


def test_an_overdue_self_service_loan_shows_on_the_board_with_the_residents_phone(client, login, cabinet,
                                                                                   umbrellas):
    link = borrow(client, cabinet, umbrellas, hours="2").location
    login("desk")
    with clock.frozen_at(DESK_HOURS_UTC + timedelta(hours=2, minutes=1)):
        board = client.get("/board/").get_data(as_text=True)
        assert "13912345678" in board.split('class="tickets overdue-loans"')[1].split("</ul>")[0]
        assert "逾期" in client.get(link).get_data(as_text=True)


def test_loan_links_are_private(client, cabinet, umbrellas):
    borrow(client, cabinet, umbrellas)
    assert client.get("/l/not-a-token").status_code == 404
    assert client.post("/l/not-a-token/return").status_code == 404
    assert client.get(f"/q/{cabinet.token}/borrow/999999").status_code == 404


def test_borrowing_is_rate_limited_per_client(app, cabinet, umbrellas):
    limited = create_app(dict(app.config, RESIDENT_LIMIT_PER_CLIENT="2 per minute")).test_client()
    for n in range(2):
        assert borrow(limited, cabinet, umbrellas, intake_key=f"k{n}").status_code == 303
    refused = borrow(limited, cabinet, umbrellas, intake_key="k3")
    assert refused.status_code == 429 and Loan.select().count() == 2


def test_the_center_head_turns_self_service_on_in_the_estate_settings(client, login, estate):
    login("head")
    form = dict(desk_opens="08:00", desk_closes="17:30", target_help_minutes=5, target_repair_minutes=30,
                self_service_lending="y")
    assert client.post("/settings/", data=form).status_code == 302
    assert Estate.get_by_id(estate.id).self_service_lending is True
    form.pop("self_service_lending")
    client.post("/settings/", data=form)
    assert Estate.get_by_id(estate.id).self_service_lending is False


def test_the_upgrade_keeps_existing_loans_and_their_history(tmp_path):
    """Making loan.out_by optional rebuilds the table on SQLite: no loan event may be lost on the way.
    (A SQLite file in both runs; on PostgreSQL the columns are altered in place by the same migration.)"""
    from playhouse.migrations import Runner

    from webapp.db import MIGRATIONS, open_database
    path = tmp_path / "old.sqlite3"
    old = open_database(f"sqlite:///{path}", tmp_path)
    Runner(old, MIGRATIONS).up(target="0005_composite_indexes_only")
    old.execute_sql("INSERT INTO estate (code, name, timezone, desk_opens, desk_closes, target_help_minutes, "
                    "target_repair_minutes) VALUES ('X', 'X', 'Asia/Shanghai', '08:00', '17:30', 5, 30)")
    old.execute_sql("INSERT INTO staff (username, name, role, password_hash, active, created_at) "
                    "VALUES ('d', 'd', 'front_desk', 'x', 1, '2026-11-01 00:00:00')")
    old.execute_sql("INSERT INTO item_type (estate_id, name, quantity, available, deposit, token, retired) "
                    "VALUES (1, '雨伞', 2, 1, 0, 't', 0)")
    old.execute_sql("INSERT INTO loan (estate_id, item_id, quantity, holder_kind, holder_name, holder_company, "
                    "holder_id_number, holder_phone, purpose, deposit_method, out_at, out_by_id, due_at, "
                    "return_condition, return_note, void_reason) VALUES (1, 1, 1, 'staff', '', '', '', '', '', "
                    "'none', '2026-11-23 02:00:00', 1, '2026-11-23 04:00:00', '', '', '')")
    old.execute_sql("INSERT INTO loan_event (loan_id, action, at, by_id, note) VALUES (1, 'out', "
                    "'2026-11-23 02:00:00', 1, '')")
    Runner(old, MIGRATIONS).up()
    old.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT out_by_id FROM loan").fetchall() == [(1,)]
        assert raw.execute("SELECT action, by_id FROM loan_event").fetchall() == [("out", 1)]
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
