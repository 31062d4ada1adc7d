"""The week grid of a team (view, edit a cell, print), shifts and rotations edited by the heads or the team's
lead, and each person's own shifts for the next 14 days."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from webapp import clock
from webapp.models import AuditEntry, Duty, Membership, Rotation, Shift, Team

from . import factories

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def rostered(estate, staff):
    """No hand-made duty: security by day (guard, guard2 in turn from Monday 23 Nov) and by night (guard2)."""
    Duty.delete().execute()
    for name, starts, ends, people in (("白班", "08:00", "20:00", ("guard", "guard2")),
                                       ("夜班", "20:00", "08:00", ("guard2",))):
        shift = Shift.create(estate=estate, team="security", name=name, starts=starts, ends=ends)
        Rotation.create(shift=shift, anchor=date(2026, 11, 23), people=",".join(str(staff[p].id) for p in people))
    return estate


def day_shift(estate):
    return Shift.get((Shift.estate == estate) & (Shift.name == "白班"))


def cells_of(page, row_name):
    """The text of a grid row's cells, after the shift's own cell."""
    row = page.split(row_name, 1)[1].split("</tr>", 1)[0]
    return [cell.split(">", 1)[1].strip() for cell in row.split("<td")[1:]]


def test_the_week_grid_shows_who_the_rotation_puts_on_each_day(client, login, rostered):
    login("guard")
    page = client.get("/roster/?team=security&week=2026-W48").get_data(as_text=True)
    days = cells_of(page, "白班")
    assert [d.split()[0] for d in days] == ["guard", "guard2"] * 3 + ["guard"]
    assert all(d.startswith("guard2") for d in cells_of(page, "夜班"))
    assert "2026-W47" in page and "2026-W49" in page  # previous and next week


def test_a_week_can_be_named_by_any_day_in_it(client, login, rostered):
    login("guard")
    by_day = client.get("/roster/?team=security&week=2026-11-26").get_data(as_text=True)
    assert "2026-W48" in by_day and cells_of(by_day, "白班")[0].startswith("guard")


def test_putting_someone_else_on_a_cell_overrides_the_rotation_and_is_marked_and_recorded(client, login, rostered,
                                                                                          staff):
    login("cshead")
    shift = day_shift(rostered)
    response = client.post(f"/roster/shifts/{shift.id}/override", data={"day": "2026-11-24",
                                                                        "staff": staff["guard"].id})
    assert response.status_code == 302
    page = client.get("/roster/?team=security&week=2026-W48").get_data(as_text=True)
    tuesday, thursday = cells_of(page, "白班")[1], cells_of(page, "白班")[3]
    assert tuesday.split()[0] == "guard" and "已调整" in tuesday
    assert thursday.split()[0] == "guard2" and "已调整" not in thursday
    assert AuditEntry.select().where(AuditEntry.subject == "duty").count() == 1
    tuesday_ten = datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)
    assert Duty.leads_now(rostered, tuesday_ten) == {"security": staff["guard"].id}


def test_giving_the_cell_back_to_the_rotation_removes_the_override(client, login, rostered, staff):
    login("cshead")
    shift = day_shift(rostered)
    client.post(f"/roster/shifts/{shift.id}/override", data={"day": "2026-11-24", "staff": staff["guard"].id})
    client.post(f"/roster/shifts/{shift.id}/override", data={"day": "2026-11-24", "staff": ""})
    page = client.get("/roster/?team=security&week=2026-W48").get_data(as_text=True)
    assert cells_of(page, "白班")[1].split()[0] == "guard2"


def test_only_someone_of_the_team_can_be_put_on_its_shift(client, login, rostered, staff):
    login("cshead")
    shift = day_shift(rostered)
    response = client.post(f"/roster/shifts/{shift.id}/override", data={"day": "2026-11-24",
                                                                        "staff": staff["eng"].id})
    assert response.status_code == 422 and 'value="2026-11-24"' in response.get_data(as_text=True)
    assert not Duty.select().exists()


def test_a_guard_may_view_but_not_edit_the_roster_until_made_the_teams_lead(client, login, rostered, staff):
    shift = day_shift(rostered)
    login("guard")
    assert client.get(f"/roster/shifts/{shift.id}/override?day=2026-11-24").status_code == 403
    assert "✎" not in client.get("/roster/?team=security").get_data(as_text=True)
    Team.update(lead=staff["guard"]).where((Team.estate == rostered) & (Team.code == "security")).execute()
    assert client.get(f"/roster/shifts/{shift.id}/override?day=2026-11-24").status_code == 200
    assert client.get("/roster/?team=security").get_data(as_text=True).count("✎") == 14


def test_the_center_head_chooses_the_team_lead_on_the_roster_page(client, login, rostered, staff):
    login("head")
    response = client.post("/roster/teams/security/lead", data={"lead": staff["guard2"].id})
    assert response.status_code == 302
    assert Team.get((Team.estate == rostered) & (Team.code == "security")).lead_id == staff["guard2"].id
    login("cshead")
    assert client.post("/roster/teams/security/lead", data={"lead": staff["guard"].id}).status_code == 403


def test_a_shift_and_its_rotation_are_made_through_the_forms_and_recorded(client, login, estate, staff):
    login("cshead")
    response = client.post("/roster/shifts/new?team=engineering",
                           data={"name": "夜间值班", "starts": "22:00", "ends": "08:00", "lead": "y"})
    assert response.status_code == 302
    shift = Shift.get(Shift.name == "夜间值班")
    assert (shift.team, shift.overnight, shift.lead) == ("engineering", True, True)
    response = client.post(f"/roster/shifts/{shift.id}/rotation", data={
        "anchor": "2026-11-23", "people": [str(staff["eng2"].id), "", str(staff["eng"].id)], "days_each": "2"})
    assert response.status_code == 302
    assert shift.rotation.people_ids == [staff["eng2"].id, staff["eng"].id]
    assert {e.subject for e in AuditEntry.select()} >= {"shift", "rotation"}
    page = client.get("/roster/?team=engineering&week=2026-W48").get_data(as_text=True)
    assert [c.split()[0] for c in cells_of(page, "夜间值班")] == ["eng2", "eng2", "eng", "eng", "eng2", "eng2", "eng"]


def test_a_malformed_shift_is_refused_with_the_entries_kept(client, login, estate):
    login("cshead")
    response = client.post("/roster/shifts/new?team=security", data={"name": "早班", "starts": "25:00", "ends": "8"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'value="早班"' in page and 'value="25:00"' in page
    assert Shift.select().count() == 0


def test_a_rotation_needs_someone_of_the_team_in_it(client, login, rostered, staff):
    login("cshead")
    shift = day_shift(rostered)
    empty = client.post(f"/roster/shifts/{shift.id}/rotation", data={"anchor": "2026-11-23", "people": ["", ""],
                                                                      "days_each": "1"})
    outsider = client.post(f"/roster/shifts/{shift.id}/rotation", data={
        "anchor": "2026-11-23", "people": [str(staff["eng"].id)], "days_each": "1"})
    assert (empty.status_code, outsider.status_code) == (422, 422)
    assert shift.rotation.people_ids == [staff["guard"].id, staff["guard2"].id]


def test_removing_a_shift_takes_its_rotation_and_overrides_with_it(client, login, rostered, staff):
    login("admin")
    shift = day_shift(rostered)
    client.post(f"/roster/shifts/{shift.id}/override", data={"day": "2026-11-24", "staff": staff["guard"].id})
    assert client.post(f"/roster/shifts/{shift.id}/deletion", data={"confirm": "y"}).status_code == 302
    assert not Shift.select().where(Shift.id == shift.id).exists()
    assert not Duty.select().where(Duty.shift == shift.id).exists()


def test_the_print_view_has_the_week_and_a_print_button_without_edit_links(client, login, rostered):
    login("cshead")
    page = client.get("/roster/print?team=security&week=2026-W48").get_data(as_text=True)
    assert "data-print" in page and "roster-sheet" in page and "✎" not in page
    assert "2026-11-23 – 2026-11-29" in page


def test_my_shifts_lists_the_next_14_days_including_the_overnight_shift(client, login, rostered):
    login("guard2")
    page = client.get("/roster/mine").get_data(as_text=True)
    rows = page.split('class="tickets my-shifts"', 1)[1].split("</ul>", 1)[0].split("<li>")[1:]
    assert len(rows) == 14 + 7  # every night, and every other day (Tuesdays, Thursdays…)
    assert rows[0].count("夜班") == 1 and "11/23" in rows[0] and "次日" in rows[0]
    assert "12/6" in rows[-1] and "12/7" not in page


def test_my_shifts_and_the_grid_count_days_on_the_estates_own_clock(client, login, staff):
    far_west = factories.estate(code="KS", name="喀什小区", timezone="Asia/Urumqi")  # two hours behind Beijing
    Membership.create(staff=staff["guard"], estate=far_west)
    Membership.delete().where(Membership.staff == staff["guard"]).where(Membership.estate != far_west).execute()
    shift = Shift.create(estate=far_west, team="security", name="夜班", starts="22:00", ends="08:00")
    Rotation.create(shift=shift, anchor=date(2026, 11, 1), people=str(staff["guard"].id))
    with clock.frozen_at(datetime(2026, 11, 23, 17, 30)):  # 01:30 on the 24th in Beijing, 23:30 on the 23rd here
        login("guard")
        page = client.get("/roster/mine").get_data(as_text=True)
        now_here = datetime(2026, 11, 23, 23, 30, tzinfo=ZoneInfo("Asia/Urumqi"))
        assert Duty.leads_now(far_west, now_here) == {"security": staff["guard"].id}
    assert "11/23" in page and "12/6" in page and "12/7" not in page


def test_the_roster_of_a_team_of_another_estate_or_no_team_is_not_found(client, login, rostered):
    login("guard")
    assert client.get("/roster/?team=cleaning").status_code == 404
    assert client.get("/roster/?team=security&week=9999-W52").status_code == 200


@pytest.mark.parametrize("path, data", [
    ("rotation", {"anchor": "9999-12-31", "people": ["x", "²"], "days_each": "9" * 30}),
    ("rotation", {"anchor": "0001-01-01", "people": [""], "days_each": "0"}),
    ("override", {"day": "2026-02-30", "staff": "9" * 30}),
    ("override", {"day": "9999-12-31", "staff": ""}),
    ("", {"name": "长" * 300, "starts": "99:99", "ends": "24:00"}),
])
def test_malformed_roster_entries_are_refused_not_crashed(client, login, rostered, path, data):
    login("admin")
    shift = day_shift(rostered)
    assert client.post(f"/roster/shifts/{shift.id}/{path}".rstrip("/"), data=data).status_code == 422
    for week in ("2026-W99", "²", "0001-01-01", "9999-12-31"):
        assert client.get(f"/roster/?team=security&week={week}").status_code == 200
    assert client.post("/roster/swaps/new", data={"shift": "9" * 30, "day": "x", "their_shift": "²"}
                       ).status_code == 422
