"""Teams are data per estate: a center adds cleaning (保洁) beside security and engineering, and dispatch,
queues, categories and the board follow."""
import re
import sqlite3

import pytest

from webapp.models import Shift, Team, Ticket
from webapp.models.place import create_place

from . import factories


@pytest.fixture
def cleaning(estate, staff):
    team = Team.create(estate=estate, code="cleaning", name="保洁")
    staff["cleaner"] = factories.person("cleaner", "field", estate, team="cleaning", name="赵阿姨")
    return team


def test_every_new_estate_has_security_and_engineering_teams(estate):
    assert [t.code for t in estate.teams.order_by(Team.id)] == ["security", "engineering"]


def test_a_report_from_a_place_of_the_cleaning_team_waits_in_its_queue_and_its_member_takes_it(
        client, login, estate, cleaning):
    place = create_place(estate, name="1号楼垃圾房", kind="public_area", building=estate.buildings.first(),
                         floor=1, team="cleaning")
    client.post(f"/q/{place.token}", data={"choice": "repair", "description": "垃圾满了", "intake_key": "k1"},
                content_type="multipart/form-data")
    ticket = Ticket.get()
    assert ticket.team == "cleaning"
    login("cleaner")
    queue = client.get("/queue/cleaning").get_data(as_text=True)
    assert "保洁" in queue and ticket.number in queue
    assert client.post(f"/tickets/{ticket.number}/accept").status_code == 302
    assert Ticket.get_by_id(ticket.id).assignee.username == "cleaner"


def test_a_guard_cannot_open_the_cleaning_queue_and_no_one_a_queue_the_estate_does_not_have(client, login, cleaning):
    login("guard")
    assert client.get("/queue/cleaning").status_code == 403
    assert client.get("/queue/greening").status_code == 403  # another team's queue, whichever
    login("desk")
    assert client.get("/queue/greening").status_code == 404  # the estate has no such team


def test_the_desk_can_ask_the_cleaning_team_for_help(client, login, cleaning):
    login("desk")
    form = client.get("/desk").get_data(as_text=True)
    assert 'value="cleaning"' in form and "保洁" in form
    client.post("/tickets", data={"kind": "help", "team": "cleaning", "channel": "phone", "unit": "1-101",
                                  "contact_name": "王先生", "description": "楼道有积水", "intake_key": "f1"})
    assert Ticket.get().team == "cleaning"
    refused = client.post("/tickets", data={"kind": "help", "team": "greening", "channel": "phone",
                                            "unit": "1-101", "contact_name": "王", "description": "x",
                                            "intake_key": "f2"})
    assert refused.status_code == 422 and "请选择需要哪个班组协助" in refused.get_data(as_text=True)


def test_a_repair_category_the_estate_gives_to_cleaning_goes_to_its_queue(client, login, estate, cleaning):
    login("head")
    page = client.get("/settings/").get_data(as_text=True)
    assert 'name="team-repair-public_facilities"' in page
    saved = client.post("/settings/", data={"desk_opens": "08:00", "desk_closes": "17:30", "target_help_minutes": 5,
                                            "target_repair_minutes": 30, "team-repair-public_facilities": "cleaning"})
    assert saved.status_code == 302
    login("desk")
    client.post("/tickets", data={"kind": "repair", "category": "public_facilities", "channel": "phone",
                                  "location": "3号楼大堂", "contact_name": "王", "description": "大堂地面破损",
                                  "intake_key": "f1"})
    client.post("/tickets", data={"kind": "repair", "category": "plumbing", "channel": "phone", "unit": "1-101",
                                  "contact_name": "王", "description": "漏水", "intake_key": "f2"})
    assert [t.team for t in Ticket.select().order_by(Ticket.id)] == ["cleaning", "engineering"]


def test_the_settings_change_is_recorded_with_who_and_before_and_after(client, login, estate, cleaning):
    from webapp.models import AuditEntry
    login("head")
    client.post("/settings/", data={"desk_opens": "08:30", "desk_closes": "17:30", "target_help_minutes": 5,
                                    "target_repair_minutes": 30, "team-repair-public_facilities": "cleaning"})
    entry = AuditEntry.get((AuditEntry.subject == "estate") & (AuditEntry.subject_id == estate.id))
    changes = {name: (before, after) for name, before, after in entry.changes}
    assert entry.staff.username == "head" and changes["desk_opens"] == ("08:00", "08:30")
    assert "cleaning" in changes["dispatch"][1]


def test_the_board_says_when_nobody_is_on_duty_for_a_rostered_cleaning_team(client, login, estate, cleaning):
    Shift.create(estate=estate, team="cleaning", name="白班", starts="07:00", ends="19:00")
    login("desk")
    banners = re.findall(r'class="flash error unmanned"[^>]*>([^<]*)<', client.get("/board/").get_data(as_text=True))
    assert len(banners) == 1 and "保洁" in banners[0]


def test_a_team_without_a_lead_shift_gets_no_banner_nothing_is_dispatched_to_it_by_duty(client, login, cleaning):
    login("desk")
    assert re.findall(r'class="flash error unmanned"', client.get("/board/").get_data(as_text=True)) == []


def test_upgrading_gives_existing_estates_their_teams_staff_their_team_and_units_their_owner_rows(tmp_path):
    from playhouse.migrations import Runner

    from webapp.db import MIGRATIONS, open_database
    path = tmp_path / "old.sqlite3"
    old = open_database(f"sqlite:///{path}", tmp_path)
    Runner(old, MIGRATIONS).up(target="0010_shifts_and_rotations")
    old.execute_sql("INSERT INTO estate (code, name, timezone, desk_opens, desk_closes, target_help_minutes, "
                    "target_repair_minutes, self_service_lending) VALUES ('X', 'X', 'Asia/Shanghai', '08:00', "
                    "'17:30', 5, 30, 0)")
    old.execute_sql("INSERT INTO staff (username, name, role, password_hash, active, created_at, session_version) "
                    "VALUES ('g', 'g', 'security', 'x', 1, '2026-11-01 00:00:00', 0), "
                    "('d', 'd', 'front_desk', 'x', 1, '2026-11-01 00:00:00', 0)")
    old.execute_sql("INSERT INTO building (estate_id, number, name) VALUES (1, 1, '1号楼')")
    old.execute_sql("INSERT INTO unit (estate_id, building_id, number, floor, owner_name, owner_phone, important) "
                    "VALUES (1, 1, '1-101', 1, '王先生', '13900000001', 0), (1, 1, '1-102', 1, '', '', 0)")
    Runner(old, MIGRATIONS).up()
    old.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT code FROM team ORDER BY id").fetchall() == [("security",), ("engineering",)]
        assert raw.execute("SELECT username, team FROM staff ORDER BY id").fetchall() == [("g", "security"),
                                                                                          ("d", None)]
        assert raw.execute("SELECT unit_id, name, phone FROM owner").fetchall() == [(1, "王先生", "13900000001")]
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_demo_center_has_a_cleaning_team_on_a_rotation_that_takes_public_facility_repairs(app):
    from webapp.domain.hours import local_time
    from webapp import clock
    from webapp.models import Duty, Estate, Staff
    app.test_cli_runner().invoke(args=["demo"])
    estate = Estate.get(Estate.code == "CH")
    on_duty = Duty.leads_now(estate, local_time(clock.utcnow(), estate.timezone))
    assert Staff.get_by_id(on_duty["cleaning"]).team == "cleaning"
    assert estate.dispatch_teams() == {("repair", "public_facilities"): "cleaning"}
