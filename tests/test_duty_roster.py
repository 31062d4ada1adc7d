"""Who is on duty: shifts on the estate's wall clock (overnight ones across midnight), rotations that never run out,
hand-made overrides, and a board that says loudly when a team has nobody."""
from datetime import date, datetime, time

import pytest

from webapp import clock
from webapp.domain.duty import covering_start, rotation_person, unmanned
from webapp.models import Duty, Membership, Rotation, Shift, Ticket

from . import factories


def test_an_overnight_shift_is_on_duty_after_midnight_as_the_shift_that_began_yesterday():
    night = (time(22, 0), time(8, 0))
    assert covering_start(datetime(2026, 11, 24, 2, 0), *night) == date(2026, 11, 23)
    assert covering_start(datetime(2026, 11, 23, 23, 0), *night) == date(2026, 11, 23)
    assert covering_start(datetime(2026, 11, 24, 9, 0), *night) is None
    assert covering_start(datetime(2026, 11, 24, 8, 0), *night) is None  # the end is not included
    assert covering_start(datetime(2026, 11, 24, 12, 0), time(0, 0), time(0, 0)) == date(2026, 11, 24)


def test_a_rotation_takes_people_in_turn_before_and_after_its_anchor_and_never_runs_out():
    anchor = date(2026, 11, 1)
    days = [rotation_person(anchor, [1, 2, 3], 2, date(2026, 11, d)) for d in range(1, 9)]
    assert days == [1, 1, 2, 2, 3, 3, 1, 1]
    assert rotation_person(anchor, [1, 2], 1, date(2031, 6, 1)) in (1, 2)
    assert rotation_person(anchor, [1, 2], 1, date(2026, 10, 31)) == 2
    assert rotation_person(anchor, [], 1, anchor) is None


def test_nobody_leading_a_team_is_reported():
    assert unmanned(("security", "engineering"), {"security": 7}) == ["engineering"]


@pytest.fixture
def rostered(estate, staff):
    """No hand-made duty: security by day (guard, guard2 in turn) and by night (guard2), engineering by day (eng)."""
    Duty.delete().execute()
    anchor = date(2026, 11, 23)
    for team, name, starts, ends, people in (("security", "白班", "08:00", "20:00", ("guard", "guard2")),
                                             ("security", "夜班", "20:00", "08:00", ("guard2",)),
                                             ("engineering", "白班", "08:00", "17:30", ("eng",))):
        shift = Shift.create(estate=estate, team=team, name=name, starts=starts, ends=ends)
        Rotation.create(shift=shift, anchor=anchor, people=",".join(str(staff[p].id) for p in people))
    return estate


def help_request_at(estate, staff, utc):
    with clock.frozen_at(utc):
        return factories.ticket(estate, staff["desk"], "help", team="security")


def test_at_two_in_the_morning_the_night_guard_of_the_shift_begun_the_evening_before_is_on_duty(rostered, staff):
    from zoneinfo import ZoneInfo
    two_am = datetime(2026, 11, 24, 2, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert Duty.leads_now(rostered, two_am) == {"security": staff["guard2"].id}
    nine_am = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert Duty.leads_now(rostered, nine_am) == {"security": staff["guard2"].id, "engineering": staff["eng"].id}


def test_the_day_rotation_changes_person_from_one_day_to_the_next(rostered, staff):
    monday = help_request_at(rostered, staff, datetime(2026, 11, 23, 2, 0))   # 10:00 Shanghai
    tuesday = help_request_at(rostered, staff, datetime(2026, 11, 24, 2, 0))
    assert (monday.assignee.username, tuesday.assignee.username) == ("guard", "guard2")


def test_a_hand_made_duty_overrides_the_rotation_for_its_day(rostered, staff):
    factories.on_duty(rostered, staff["guard2"], "security")
    assert help_request_at(rostered, staff, datetime(2026, 11, 23, 2, 0)).assignee.username == "guard2"


def test_the_shift_is_read_on_the_estates_own_clock_not_the_servers(staff):
    far_west = factories.estate(code="KS", name="喀什小区", timezone="Asia/Urumqi")  # UTC+6, two hours behind Beijing
    for username in ("desk", "guard"):
        Membership.create(staff=staff[username], estate=far_west)
    shift = Shift.create(estate=far_west, team="security", name="白班", starts="08:00", ends="20:00")
    Rotation.create(shift=shift, anchor=date(2026, 11, 1), people=str(staff["guard"].id))
    at_seven_local = help_request_at(far_west, staff, datetime(2026, 11, 23, 1, 0))  # 09:00 Beijing, 07:00 Kashgar
    at_nine_local = help_request_at(far_west, staff, datetime(2026, 11, 23, 3, 0))
    assert at_seven_local.assignee is None and at_seven_local.team == "security"  # waits in the queue
    assert at_nine_local.assignee.username == "guard"


def test_with_nobody_on_duty_the_order_waits_in_the_queue_and_the_board_says_so_loudly(client, login, rostered,
                                                                                       staff):
    Shift.update(starts="14:00").where(Shift.team == "engineering").execute()  # nobody until 14:00
    with clock.frozen_at(datetime(2026, 11, 23, 2, 0)):  # 10:00 in Shanghai
        help_request = factories.ticket(rostered, staff["desk"], "help", team="engineering")
        login("desk")
        board = client.get("/board/").get_data(as_text=True)
    assert (help_request.state, help_request.team, help_request.assignee) == ("dispatched", "engineering", None)
    assert "工程当前无人值班" in board and "安防当前无人值班" not in board
