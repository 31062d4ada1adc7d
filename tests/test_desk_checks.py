"""The front desk's opening and closing checks (前台开档 / 收尾), built from the same checklists as a meeting
room's: each failed item raises one ticket to its team in one tap."""
import re

import pytest

from webapp.domain.places import CHECKLISTS, FRONT_DESK, MEETING_ROOM, ROOM_CHECK_ITEMS, check_groups, \
    failed_item_ticket
from webapp.models import RoomCheck, Staff, Ticket
from webapp.models.place import create_place
from webapp.models.staffing import add_team

CLOSING_ALL_IN_ORDER = {"stage": "closing", "rooms_closed": "y", "phones_keys": "y", "bins": "y",
                        "carpet_stains": "y"}


@pytest.fixture
def desk(estate, staff):
    return create_place(estate, name="大堂前台", kind=FRONT_DESK, floor=1)


def _tap(client, desk, check, item):
    page = client.get(f"/q/{desk.token}/staff").get_data(as_text=True)
    key = re.search(rf'name="item" value="{item}">\s*<input type="hidden" name="intake_key" value="(\w+)"', page)[1]
    return client.post(f"/q/{desk.token}/checks/{check.id}/tickets", data={"item": item, "intake_key": key})


def test_a_front_desk_place_lists_its_opening_and_closing_items(client, login, desk):
    login("desk")
    page = client.get(f"/q/{desk.token}/staff").get_data(as_text=True)
    for item in ("doors", "lights", "desk", "sofas", "phone_booth", "carpet", "rooms_closed", "phones_keys", "bins",
                 "carpet_stains"):
        assert f'name="{item}"' in page
    assert "公共电话亭" in page and "开档检查" in page and "收尾检查" in page


def test_a_closing_check_with_a_stained_carpet_raises_one_cleaning_ticket_in_one_tap(client, login, estate, desk):
    add_team(Staff.get(Staff.username == "admin"), estate, "cleaning", "保洁")
    login("desk")
    client.post(f"/q/{desk.token}/checks", data=dict(CLOSING_ALL_IN_ORDER, carpet_stains=""))
    check = RoomCheck.get()
    assert (check.stage, check.passed, check.failed) == ("closing", False, ["carpet_stains"])
    _tap(client, desk, check, "carpet_stains")
    page = client.get(f"/q/{desk.token}/staff").get_data(as_text=True)
    assert 'value="carpet_stains"' not in page  # the button became the ticket's link
    client.post(f"/q/{desk.token}/checks/{check.id}/tickets", data={"item": "carpet_stains", "intake_key": "again"})
    login("desk2")  # another clerk taps the same item: still the one ticket
    client.post(f"/q/{desk.token}/checks/{check.id}/tickets", data={"item": "carpet_stains", "intake_key": "other"})
    ticket = Ticket.get()
    assert Ticket.select().count() == 1
    assert (ticket.kind, ticket.team, ticket.place.id) == ("repair", "cleaning", desk.id)
    assert ticket.number in page and "地毯" in ticket.description


def test_without_a_cleaning_team_a_stain_goes_to_engineering(client, login, desk):
    login("desk")
    client.post(f"/q/{desk.token}/checks", data=dict(CLOSING_ALL_IN_ORDER, carpet_stains=""))
    _tap(client, desk, RoomCheck.get(), "carpet_stains")
    assert Ticket.get().team == "engineering"


def test_an_opening_door_fault_goes_to_engineering_and_only_failed_items_raise(client, login, desk):
    login("desk")
    opening = {"stage": "opening", "lights": "y", "desk": "y", "sofas": "y", "phone_booth": "y", "carpet": "y"}
    client.post(f"/q/{desk.token}/checks", data=opening)
    check = RoomCheck.get()
    assert check.failed == ["doors"]
    _tap(client, desk, check, "doors")
    assert (Ticket.get().team, Ticket.get().kind) == ("engineering", "repair")
    assert client.post(f"/q/{desk.token}/checks/{check.id}/tickets", data={"item": "lights"}).status_code == 404


def test_a_desk_check_takes_only_the_desks_stages(client, login, desk):
    login("desk")
    assert client.post(f"/q/{desk.token}/checks", data={"stage": "midday", "bins": "y"}).status_code == 422
    assert client.post(f"/q/{desk.token}/checks", data={"bins": "y"}).status_code == 422
    assert RoomCheck.select().count() == 0


def test_the_cs_head_sees_the_days_desk_and_room_checks(client, login, estate, desk):
    room = create_place(estate, name="会议室A", kind=MEETING_ROOM, floor=2)
    login("desk")
    client.post(f"/q/{desk.token}/checks", data=dict(CLOSING_ALL_IN_ORDER, bins=""))
    client.post(f"/q/{room.token}/checks", data={"stage": "opening", "lights": "y"})
    login("cshead")
    page = client.get("/checks").get_data(as_text=True)
    assert "大堂前台" in page and "会议室A" in page and "垃圾桶" in page


def test_meeting_room_checklists_are_unchanged():
    assert tuple(CHECKLISTS[MEETING_ROOM]["opening"]) == ROOM_CHECK_ITEMS
    assert check_groups(MEETING_ROOM) == [(("opening", "closing"), ROOM_CHECK_ITEMS)]
    assert all(failed_item_ticket(MEETING_ROOM, "closing", item, ["security", "engineering", "cleaning"])
               == ("repair", "engineering") for item in ROOM_CHECK_ITEMS)


def test_a_failed_items_team_is_the_checklists_when_the_estate_has_it():
    teams = ["security", "engineering"]
    assert failed_item_ticket(FRONT_DESK, "closing", "carpet_stains", teams) == ("repair", "engineering")
    assert failed_item_ticket(FRONT_DESK, "closing", "carpet_stains", teams + ["cleaning"]) == ("repair", "cleaning")
    assert failed_item_ticket(FRONT_DESK, "closing", "phones_keys", teams) == ("help", "security")
    assert [stages for stages, _ in check_groups(FRONT_DESK)] == [("opening",), ("closing",)]
