"""The same tracking number twice at the counter (a scanner gun reading a label twice): the second arrival is shown
the first one and saved only when the clerk ticks "仍然登记"; mail without a number, another estate's parcels and
parcels older than 30 days never warn."""
import re
from datetime import timedelta

import pytest

from webapp import clock
from webapp.db import db
from webapp.domain.parcels import duplicate_since, tracking_key
from webapp.models import Parcel, ParcelEvent, Unit
from webapp.models.parcels import earlier_arrival, hand_over, receive

from . import factories
from .conftest import DESK_HOURS_UTC

ARRIVAL = {"kind": "parcel", "carrier": "sf", "tracking": "SF1234567890", "unit": "1-102", "recipient_name": "李四",
           "recipient_phone": "13912345678", "size": "medium", "shelf": "B2"}


def test_tracking_numbers_compare_trimmed_in_any_case_and_an_empty_one_matches_nothing():
    assert tracking_key(" SF12ab \t") == tracking_key("sf12AB") == "sf12ab"
    assert tracking_key("") == tracking_key("   ") == tracking_key(None) == ""
    assert DESK_HOURS_UTC - duplicate_since(DESK_HOURS_UTC) == timedelta(days=30)


def first_arrival(estate, staff, tracking="SF1234567890", **fields):
    values = dict(kind="parcel", carrier="sf", tracking=tracking, unit=Unit.find(estate, "1-101"),
                  recipient_name="王小明", size="small", shelf="A1")
    return receive(estate, staff["desk"], **dict(values, **fields))


def test_the_same_number_again_is_not_saved_and_the_first_parcel_is_shown(client, login, estate, staff):
    first = first_arrival(estate, staff)
    login("desk")
    response = client.post("/parcels/", data=ARRIVAL)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and Parcel.select().count() == 1
    assert "此单号已登记过" in page and "仍然登记" in page
    warning = page[page.index("parcel-duplicate"):]
    assert f'href="/parcels/{first.id}"' in warning and "1-101" in warning and "待领取" in warning
    assert re.search(r'<input[^>]*autofocus[^>]*name="confirmed"', page)


def test_everything_typed_is_kept_in_the_htmx_counter_with_the_confirm_box_focused(client, login, estate, staff):
    first_arrival(estate, staff)
    login("desk")
    response = client.post("/parcels/", data=dict(ARRIVAL, carrier="zto", size="large"), headers={"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="parcel-counter"' in page and "<html" not in page
    assert 'value="SF1234567890"' in page and 'value="1-102"' in page and 'value="李四"' in page
    assert 'value="13912345678"' in page and 'value="B2"' in page
    assert re.search(r'<input checked[^>]*value="zto"', page) and re.search(r'<input checked[^>]*value="large"', page)
    assert re.search(r'<input[^>]*autofocus[^>]*name="confirmed"', page)
    assert not re.search(r'<input[^>]*autofocus[^>]*name="tracking"', page)


def test_with_the_box_ticked_a_second_parcel_is_made_and_its_arrival_says_the_warning_was_passed(
        client, login, estate, staff):
    first = first_arrival(estate, staff)
    login("desk")
    response = client.post("/parcels/", data=dict(ARRIVAL, confirmed="y"))
    assert response.status_code == 303 and Parcel.select().count() == 2
    second = Parcel.get(Parcel.id != first.id)
    (event,) = ParcelEvent.select().where((ParcelEvent.parcel == second) & (ParcelEvent.action == "out"))
    page = client.get(f"/parcels/{second.id}").get_data(as_text=True)
    assert "重复单号提示已确认，仍然登记" in page and f'href="/parcels/{first.id}"' in page
    client.get("/lang/en")   # kept as data, said in the reader's language
    assert "registered despite the warning" in client.get(f"/parcels/{second.id}").get_data(as_text=True)
    first_event = ParcelEvent.get((ParcelEvent.parcel == first) & (ParcelEvent.action == "out"))
    assert first_event.note == ""


def test_a_picked_up_parcel_with_the_same_number_still_warns_and_says_it_was_picked_up(client, login, estate, staff):
    first = first_arrival(estate, staff)
    hand_over(first.id, staff["desk"], code=first.code, signer_name="王小明")
    login("desk")
    page = client.post("/parcels/", data=ARRIVAL).get_data(as_text=True)
    assert "已领取" in page[page.index("parcel-duplicate"):]


def test_mail_without_a_tracking_number_twice_is_never_warned_about(client, login, estate, staff):
    login("desk")
    letter = {"kind": "mail", "recipient_name": "李雷", "unit": "1-101", "size": "small", "carrier": "sf"}
    for _ in range(2):
        assert client.post("/parcels/", data=letter).status_code == 303
    assert Parcel.select().count() == 2


def test_the_same_number_in_another_estate_is_not_a_duplicate(client, login, estate, staff):
    other = factories.estate(code="LY", name="丽园")
    receive(other, None, kind="parcel", carrier="sf", tracking="SF1234567890", recipient_name="赵六")
    login("desk")
    assert client.post("/parcels/", data=ARRIVAL).status_code == 303
    assert Parcel.select().where(Parcel.estate == estate).count() == 1


@pytest.mark.parametrize("typed", ["sf1234567890", "  SF1234567890 ", "Sf1234567890\t"])
def test_case_and_surrounding_spaces_do_not_hide_a_duplicate(client, login, estate, staff, typed):
    first_arrival(estate, staff)
    login("desk")
    response = client.post("/parcels/", data=dict(ARRIVAL, tracking=typed))
    assert response.status_code == 422 and Parcel.select().count() == 1


def test_a_number_first_seen_over_30_days_ago_is_not_warned_about(client, login, estate, staff):
    with clock.frozen_at(DESK_HOURS_UTC - timedelta(days=30, minutes=1)):
        first_arrival(estate, staff)
    with clock.frozen_at(DESK_HOURS_UTC - timedelta(days=29, hours=23)):
        assert earlier_arrival(estate, "SF1234567890") is not None
    login("desk")
    assert client.post("/parcels/", data=ARRIVAL).status_code == 303
    assert Parcel.select().count() == 2


def test_the_lookup_reads_the_tracking_index(estate, monkeypatch):
    """On PostgreSQL an empty table is read whole anyway: there the plan is asked with sequential scans off."""
    plans, execute = [], db.obj.execute_sql
    explain = "EXPLAIN QUERY PLAN " if type(db.obj).__name__ == "SqliteDatabase" else "EXPLAIN "

    def explained(sql, params=None, *args, **kwargs):
        if 'LOWER("t1"."tracking")' in sql:
            if explain == "EXPLAIN ":
                execute("SET LOCAL enable_seqscan = off")
            plans.extend(str(row[-1]) for row in execute(explain + sql, params))
        return execute(sql, params, *args, **kwargs)

    monkeypatch.setattr(db.obj, "execute_sql", explained)
    with db.atomic():
        earlier_arrival(estate, "SF1")
    assert any("parcel_estate_lower_tracking_out_at" in step for step in plans), plans
