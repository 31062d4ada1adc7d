"""Staff scanning a sticker get the place's own actions: its open tickets, a finding, room checks."""
import re

import pytest

from webapp.models import RoomCheck, Ticket
from webapp.models.place import create_place

from . import factories

ALL_IN_ORDER = {"stage": "opening", "lights": "y", "doors": "y", "cleanliness": "y", "equipment": "y",
                "furniture": "y"}


@pytest.fixture
def room(estate, staff):
    return create_place(estate, name="会议室A", kind="meeting_room", floor=2)


def test_signed_in_staff_scanning_a_sticker_get_the_places_actions(client, login, room):
    login("guard")
    response = client.get(f"/q/{room.token}")
    assert response.status_code == 302 and response.location.endswith(f"/q/{room.token}/staff")
    page = client.get(response.location).get_data(as_text=True)
    assert "会议室A" in page and 'name="description"' in page and 'name="lights"' in page


def test_a_finding_logged_at_the_place_becomes_a_patrol_ticket_there(client, login, room):
    login("guard")
    client.post(f"/q/{room.token}/findings", data={"kind": "repair", "channel": "patrol",
                                                   "description": "投影仪不亮"})
    ticket = Ticket.get()
    assert (ticket.channel, ticket.place.id, ticket.team, ticket.taken_by.username) == \
        ("patrol", room.id, "engineering", "guard")
    assert ticket.number in client.get(f"/q/{room.token}/staff").get_data(as_text=True)


def test_a_failed_room_check_raises_an_engineering_ticket_in_one_tap(client, login, room):
    login("desk")
    client.post(f"/q/{room.token}/checks", data=dict(ALL_IN_ORDER, equipment=""))
    check = RoomCheck.get()
    assert (check.passed, check.failed, check.by.username) == (False, ["equipment"], "desk")
    page = client.get(f"/q/{room.token}/staff").get_data(as_text=True)
    key = re.search(r'name="item" value="equipment">\s*<input type="hidden" name="intake_key" value="(\w+)"', page)[1]
    tap = {"item": "equipment", "intake_key": key}
    client.post(f"/q/{room.token}/checks/{check.id}/tickets", data=tap)
    client.post(f"/q/{room.token}/checks/{check.id}/tickets", data=tap)  # a double tap
    ticket = Ticket.get()
    assert Ticket.select().count() == 1 and (ticket.kind, ticket.team, ticket.place.id) == \
        ("repair", "engineering", room.id)
    assert client.post(f"/q/{room.token}/checks/{check.id}/tickets", data={"item": "lights"}).status_code == 404


def test_the_desk_sees_todays_checks_per_room(client, login, room):
    login("desk")
    client.post(f"/q/{room.token}/checks", data=ALL_IN_ORDER)
    client.post(f"/q/{room.token}/checks", data=dict(ALL_IN_ORDER, stage="closing", cleanliness=""))
    page = client.get("/checks").get_data(as_text=True)
    assert page.count("会议室A") == 2


def test_checks_need_a_stage_and_exist_only_for_meeting_rooms(client, login, estate, room):
    login("desk")
    assert client.post(f"/q/{room.token}/checks", data={"lights": "y"}).status_code == 422
    lobby = create_place(estate, name="电梯厅", kind="lift_lobby")
    assert client.post(f"/q/{lobby.token}/checks", data=ALL_IN_ORDER).status_code == 404


def test_staff_of_another_estate_get_no_actions_there(client, room):
    other = factories.estate("YQ", "云栖公寓")
    factories.person("yqguard", "security", other)
    client.post("/login", data={"login": "yqguard", "password": factories.PASSWORD})
    assert client.get(f"/q/{room.token}/staff").status_code == 404
    assert client.post(f"/q/{room.token}/findings", data={"kind": "repair", "channel": "patrol",
                                                          "description": "x"}).status_code == 404
