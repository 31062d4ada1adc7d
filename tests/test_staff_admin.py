"""Staff and teams administration: the center adds, changes and retires its people and teams."""
import re

import pytest

from webapp.domain import Refused
from webapp.domain.people import check_admins_left, temporary_password
from webapp.models import AuditEntry, Membership, Staff, Team
from webapp.models.staffing import deactivate

from . import factories

NEW_PERSON = dict(username="wangli", name="王丽", mobile="13911112222", role="front_desk", team="")


def create(client, estate, **fields):
    return client.post("/staff/new", data=NEW_PERSON | {"estates": [estate.id]} | fields)


def temporary_password_on(response):
    return re.search(r'class="masked temporary-password">([^<]+)<', response.get_data(as_text=True)).group(1)


def fresh(person):
    return Staff.get_by_id(person.id)


# ---- rules ----------------------------------------------------------------------------------------------------

def test_temporary_passwords_are_long_and_differ():
    first, second = temporary_password(), temporary_password()
    assert len(first) >= 12 and first != second


def test_the_last_active_admin_cannot_go():
    with pytest.raises(Refused):
        check_admins_left(True, False, 0)
    check_admins_left(True, False, 1)
    check_admins_left(False, False, 0)


# ---- the list and creating people ----------------------------------------------------------------------------

def test_staff_list_shows_the_estates_people_and_hides_deactivated_ones_unless_asked(client, login, staff):
    login("admin")
    Staff.update(active=False).where(Staff.id == staff["desk2"].id).execute()
    page = client.get("/staff/").get_data(as_text=True)
    assert "guard" in page and "13800000006" in page and "desk2" not in page
    assert "desk2" in client.get("/staff/?show=all").get_data(as_text=True)


def test_admin_creates_a_person_with_a_temporary_password_shown_once(client, login, estate):
    login("admin")
    response = create(client, estate)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    password = temporary_password_on(response)
    person = Staff.get(Staff.username == "wangli")
    assert person.must_change_password and person.check_password(password) and person.team is None
    assert [m.estate_id for m in person.memberships] == [estate.id]
    assert password not in client.get(f"/staff/{person.id}").get_data(as_text=True)


def test_a_security_person_works_in_the_security_team_by_default(client, login, estate):
    login("admin")
    create(client, estate, role="security")
    assert Staff.get(Staff.username == "wangli").team == "security"


def test_duplicate_username_or_mobile_is_refused_and_the_entries_are_kept(client, login, estate):
    login("admin")
    response = create(client, estate, username="guard", name="李四")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "is taken" in page or "已被" in page
    assert "李四" in page
    response = create(client, estate, mobile="13800000006", name="李四")
    assert response.status_code == 422 and "李四" in response.get_data(as_text=True)
    assert not Staff.select().where(Staff.name == "李四").exists()


def test_center_head_cannot_create_an_admin(client, login, estate):
    login("head")
    response = create(client, estate, role="admin")
    assert response.status_code == 422
    assert not Staff.select().where(Staff.username == "wangli").exists()


def test_center_head_cannot_manage_staff_of_an_estate_they_do_not_work_in(client, login, staff):
    other = factories.estate(code="LY", name="丽园")
    stranger = factories.person("ly_guard", "security", other)
    login("head")
    assert client.get(f"/staff/{stranger.id}/edit").status_code == 404
    assert client.post(f"/staff/{stranger.id}/deactivation", data={}).status_code == 404
    assert client.get(f"/staff/{staff['admin'].id}/edit").status_code == 403
    assert fresh(stranger).active


def test_only_admins_and_center_heads_manage_staff(client, login):
    login("desk")
    assert client.get("/staff/").status_code == 403
    assert client.get("/staff/teams").status_code == 403


# ---- signing in with a temporary password ---------------------------------------------------------------------

def test_temporary_password_works_once_and_forces_a_change_before_any_other_page(app, login, estate):
    admin = app.test_client()
    admin.post("/login", data={"login": "admin", "password": factories.PASSWORD})
    password = temporary_password_on(create(admin, estate))
    newcomer = app.test_client()
    assert newcomer.post("/login", data={"login": "wangli", "password": password}).status_code == 302
    response = newcomer.get("/desk/")
    assert response.status_code == 302 and "/account/password" in response.location
    assert newcomer.get("/tickets/").status_code == 302
    assert newcomer.get("/account/password").status_code == 200
    changed = newcomer.post("/account/password", data={"current": password, "new": "my-own-pass-9",
                                                       "repeat": "my-own-pass-9"})
    assert changed.status_code == 302
    assert newcomer.get("/tickets/").status_code == 200
    assert app.test_client().post("/login", data={"login": "wangli", "password": password}).status_code == 422


def test_reset_password_signs_the_person_out_and_gives_a_new_temporary_one(app, login, staff):
    guard = app.test_client()
    guard.post("/login", data={"login": "guard", "password": factories.PASSWORD})
    admin = app.test_client()
    admin.post("/login", data={"login": "admin", "password": factories.PASSWORD})
    response = admin.post(f"/staff/{staff['guard'].id}/password", data={})
    password = temporary_password_on(response)
    assert guard.get("/tickets/").status_code == 302  # signed out
    assert fresh(staff["guard"]).must_change_password
    assert app.test_client().post("/login", data={"login": "guard", "password": password}).status_code == 302
    entry = AuditEntry.get((AuditEntry.subject == "staff") & (AuditEntry.subject_id == staff["guard"].id))
    assert entry.action == "reset_password" and "pbkdf2" not in entry.before + entry.after \
        and "scrypt" not in entry.before + entry.after


# ---- changes and deactivation ---------------------------------------------------------------------------------

def test_change_history_shows_a_role_change_before_and_after(client, login, staff, estate):
    login("admin")
    response = client.post(f"/staff/{staff['desk2'].id}/edit", data={
        "name": "desk2", "mobile": "13800000001", "role": "area_manager", "team": "", "estates": [estate.id]})
    assert response.status_code == 302
    assert fresh(staff["desk2"]).role == "area_manager"
    page = client.get(f"/staff/{staff['desk2'].id}").get_data(as_text=True)
    assert re.search(r"(Front desk|前台)[^<]*→[^<]*(Area customer manager|区域客户主任)", page), page


def test_the_last_admin_can_be_neither_demoted_nor_deactivated(client, login, staff, estate):
    admin = login("admin")
    response = client.post(f"/staff/{admin.id}/edit", data={
        "name": "admin", "mobile": "13800000010", "role": "cs_head", "team": "", "estates": [estate.id]})
    assert response.status_code == 422
    assert "最后一位" in response.get_data(as_text=True)
    with pytest.raises(Refused, match="last active administrator"):
        deactivate(staff["head"], admin)  # only another admin could; this guards against a race between two
    assert fresh(admin).role == "admin" and fresh(admin).active


def test_nobody_deactivates_themselves_or_resets_their_own_password_here(client, login, staff):
    admin = login("admin")
    factories.person("admin2", "admin")
    assert client.post(f"/staff/{admin.id}/deactivation", data={}).status_code == 422
    assert client.post(f"/staff/{admin.id}/password", data={}).status_code == 302
    assert fresh(admin).active and not fresh(admin).must_change_password
    assert client.get("/staff/").status_code == 200  # still signed in


def test_with_two_admins_one_can_be_deactivated(client, login, estate):
    login("admin")
    second = factories.person("admin2", "admin")
    assert client.post(f"/staff/{second.id}/deactivation", data={"reason": "离职"}).status_code == 302
    assert not fresh(second).active


def test_deactivation_lists_open_tickets_and_refuses_the_persons_sessions(app, login, staff, estate):
    from webapp.models.handling import advance
    ticket = factories.ticket(estate, staff["desk"])
    advance(ticket.id, staff["eng"], "accept")
    eng = app.test_client()
    eng.post("/login", data={"login": "eng", "password": factories.PASSWORD})
    admin = app.test_client()
    admin.post("/login", data={"login": "admin", "password": factories.PASSWORD})
    confirm = admin.get(f"/staff/{staff['eng'].id}/deactivation").get_data(as_text=True)
    assert f"/tickets/{ticket.number}" in confirm
    response = admin.post(f"/staff/{staff['eng'].id}/deactivation", data={"reason": "离职"})
    assert response.status_code == 302
    assert f"/tickets/{ticket.number}" in admin.get(response.location).get_data(as_text=True)
    assert eng.get("/tickets/").status_code == 302
    assert app.test_client().post("/login", data={"login": "eng", "password": factories.PASSWORD}).status_code == 422
    assert admin.post(f"/staff/{staff['eng'].id}/reactivation", data={}).status_code == 302
    assert fresh(staff["eng"]).active


def test_center_head_keeps_memberships_in_estates_they_do_not_manage(client, login, staff, estate):
    other = factories.estate(code="LY", name="丽园")
    Membership.create(staff=staff["desk2"], estate=other)
    login("head")
    response = client.post(f"/staff/{staff['desk2'].id}/edit", data={
        "name": "小张", "mobile": "", "role": "front_desk", "team": "", "estates": [estate.id]})
    assert response.status_code == 302
    assert {m.estate_id for m in fresh(staff["desk2"]).memberships} == {estate.id, other.id}
    assert fresh(staff["desk2"]).mobile is None


# ---- teams ----------------------------------------------------------------------------------------------------

def test_adding_a_cleaning_team_then_a_field_member_in_it(client, login, estate):
    login("admin")
    assert client.post("/staff/teams", data={"code": "cleaning", "name": "保洁"}).status_code == 302
    assert "保洁" in client.get("/staff/teams").get_data(as_text=True)
    response = create(client, estate, role="field", team="cleaning")
    assert response.status_code == 200
    person = Staff.get(Staff.username == "wangli")
    assert person.role == "field" and person.team == "cleaning"
    assert "保洁" in client.get(f"/staff/{person.id}").get_data(as_text=True)


def test_field_staff_need_a_team(client, login, estate):
    login("admin")
    assert create(client, estate, role="field", team="").status_code == 422


def test_team_codes_are_checked_and_unique(client, login):
    login("admin")
    assert client.post("/staff/teams", data={"code": "Cleaning!", "name": "保洁"}).status_code == 422
    assert client.post("/staff/teams", data={"code": "security", "name": "保安"}).status_code == 422


def test_a_team_with_active_people_or_a_built_in_team_is_not_deactivated(client, login, estate):
    login("admin")
    client.post("/staff/teams", data={"code": "cleaning", "name": "保洁"})
    factories.person("cleaner", "field", estate, team="cleaning")
    assert client.post("/staff/teams/cleaning/deactivation", data={}).status_code == 409
    assert client.post("/staff/teams/security/deactivation", data={}).status_code == 409
    Staff.update(active=False).where(Staff.username == "cleaner").execute()
    assert client.post("/staff/teams/cleaning/deactivation", data={}).status_code == 302
    assert not Team.get((Team.estate == estate) & (Team.code == "cleaning")).active


def test_renaming_a_team_is_recorded(client, login, estate):
    login("head")
    client.post("/staff/teams", data={"code": "greening", "name": "绿化"})
    assert client.post("/staff/teams/greening/name", data={"name": "绿化养护"}).status_code == 302
    team = Team.get((Team.estate == estate) & (Team.code == "greening"))
    assert team.name == "绿化养护"
    entries = AuditEntry.select().where((AuditEntry.subject == "team") & (AuditEntry.subject_id == team.id))
    assert sorted(e.action for e in entries) == ["create", "update"]
