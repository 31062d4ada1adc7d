"""Swaps (换班): asked by one, accepted by the other, approved by the team lead (or, without one, a head); only an
approved swap changes who is on duty, and every step is recorded."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from webapp.models import AuditEntry, Duty, SwapRequest, Team

from .test_roster_week import cells_of, day_shift, rostered  # noqa: F401  (the fixture)

WEDNESDAY_TEN = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # guard's day by the rotation
THURSDAY_TEN = datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))   # guard2's


def ask(client, login, estate, **extra):
    """guard asks guard2 to take his day shift on Wednesday 25 November."""
    login("guard")
    data = {"shift": day_shift(estate).id, "day": "2026-11-25", "partner": ""} | extra
    return client.post("/roster/swaps/new", data=data)


def step(client, login, who, action):
    login(who)
    swap = SwapRequest.select().order_by(SwapRequest.id.desc()).first()
    client.post(f"/roster/swaps/{swap.id}", data={"action": action})
    return SwapRequest.get_by_id(swap.id).state


def on_duty(estate, moment):
    return Duty.leads_now(estate, moment)["security"]


def test_requested_accepted_then_approved_the_colleague_is_on_duty(client, login, rostered, staff):
    assert ask(client, login, rostered, partner=staff["guard2"].id).status_code == 302
    assert on_duty(rostered, WEDNESDAY_TEN) == staff["guard"].id
    assert step(client, login, "guard2", "accept") == "accepted"
    assert on_duty(rostered, WEDNESDAY_TEN) == staff["guard"].id  # not yet approved
    assert step(client, login, "cshead", "approve") == "approved"  # no team lead: a head approves
    assert on_duty(rostered, WEDNESDAY_TEN) == staff["guard2"].id
    page = client.get("/roster/?team=security&week=2026-W48").get_data(as_text=True)
    wednesday = cells_of(page, "白班")[2]
    assert wednesday.split()[0] == "guard2" and "已换班" in wednesday
    swap = SwapRequest.get()
    assert swap.answered_at and swap.decided_at and swap.decided_by_id == staff["cshead"].id
    assert [e.action for e in AuditEntry.select().where(AuditEntry.subject == "swap").order_by(AuditEntry.id)] \
        == ["create", "accept", "approve"]


def test_a_swap_with_a_shift_given_back_puts_each_on_the_others_day(client, login, rostered, staff):
    ask(client, login, rostered, partner=staff["guard2"].id, their_shift=day_shift(rostered).id,
        their_day="2026-11-26")
    step(client, login, "guard2", "accept")
    step(client, login, "head", "approve")
    assert on_duty(rostered, WEDNESDAY_TEN) == staff["guard2"].id
    assert on_duty(rostered, THURSDAY_TEN) == staff["guard"].id
    login("guard")
    mine = client.get("/roster/mine").get_data(as_text=True)
    assert "11/26" in mine and "已换班" in mine


def test_a_declined_swap_changes_nothing(client, login, rostered, staff):
    ask(client, login, rostered, partner=staff["guard2"].id)
    assert step(client, login, "guard2", "decline") == "declined"
    assert step(client, login, "cshead", "approve") == "declined"  # nothing left to approve
    assert on_duty(rostered, WEDNESDAY_TEN) == staff["guard"].id
    assert not Duty.select().where(Duty.shift.is_null(False)).exists()


def test_a_head_cannot_approve_before_the_colleague_accepts(client, login, rostered, staff):
    ask(client, login, rostered, partner=staff["guard2"].id)
    assert step(client, login, "cshead", "approve") == "requested"
    assert on_duty(rostered, WEDNESDAY_TEN) == staff["guard"].id


@pytest.mark.parametrize("stranger, action", [("eng", "accept"), ("guard", "accept"), ("desk", "accept"),
                                              ("eng", "approve"), ("guard2", "approve"), ("guard", "approve")])
def test_a_stranger_cannot_accept_or_approve(client, login, rostered, staff, stranger, action):
    ask(client, login, rostered, partner=staff["guard2"].id)
    if action == "approve":
        step(client, login, "guard2", "accept")
    before = SwapRequest.get().state
    assert step(client, login, stranger, action) == before
    assert on_duty(rostered, WEDNESDAY_TEN) == staff["guard"].id


def test_with_a_team_lead_the_lead_approves_and_the_heads_no_longer_do(client, login, rostered, staff):
    Team.update(lead=staff["guard2"]).where((Team.estate == rostered) & (Team.code == "security")).execute()
    login("guard")
    client.post("/roster/swaps/new", data={"shift": day_shift(rostered).id, "day": "2026-11-25",
                                           "partner": staff["guard2"].id})
    step(client, login, "guard2", "accept")
    assert step(client, login, "cshead", "approve") == "accepted"
    login("guard2")
    assert "待您处理的换班" in client.get("/roster/?team=security").get_data(as_text=True)
    assert step(client, login, "guard2", "approve") == "approved"


def test_the_requester_may_withdraw_a_pending_swap(client, login, rostered, staff):
    ask(client, login, rostered, partner=staff["guard2"].id)
    login("guard2")
    assert "待同事确认" in client.get("/roster/mine").get_data(as_text=True)
    assert step(client, login, "guard", "cancel") == "cancelled"
    assert "待同事确认" not in client.get("/roster/mine").get_data(as_text=True)


def test_one_cannot_give_away_a_shift_one_is_not_on(client, login, rostered, staff):
    response = ask(client, login, rostered, partner=staff["guard2"].id, day="2026-11-26")  # guard2's day
    assert response.status_code == 422 and "您当天不在此班次" in response.get_data(as_text=True)
    assert not SwapRequest.select().exists()


def test_a_swap_names_a_colleague_of_the_team_and_a_day_from_today(client, login, rostered, staff):
    assert ask(client, login, rostered).status_code == 422
    assert ask(client, login, rostered, partner=staff["eng"].id).status_code == 422
    assert ask(client, login, rostered, partner=staff["guard2"].id, day="2026-11-21").status_code == 422
    assert ask(client, login, rostered, partner=staff["guard2"].id, day="2026-13-01").status_code == 422
    assert not SwapRequest.select().exists()
