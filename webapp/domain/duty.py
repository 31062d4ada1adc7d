"""Duty (值班): shifts on the wall clock, rotations that never run out, and who is on duty at a moment.

A shift that ends at or before it starts runs overnight and belongs to the day it starts, so at 02:00 the night
shift on duty is the one that began yesterday evening.
"""
from datetime import datetime, timedelta

from . import N_, Refused


def covering_start(local_now, starts, ends):
    """The day on which a shift (wall-clock `starts`–`ends`) that covers `local_now` began, or None.

    `local_now` is naive or aware local time; today's shift and yesterday's overnight one are both considered.
    """
    now = local_now.replace(tzinfo=None)
    for day in (now.date(), now.date() - timedelta(days=1)):
        begin = datetime.combine(day, starts)
        end = datetime.combine(day + timedelta(days=1) if ends <= starts else day, ends)
        if begin <= now < end:
            return day
    return None


def rotation_person(anchor, people, days_each, day):
    """Who a rotation puts on a day: the people in turn, `days_each` days each, counted from `anchor`
    (before the anchor it counts backwards, so a rotation has no end either way)."""
    if not people:
        return None
    return people[((day - anchor).days // max(1, days_each)) % len(people)]


def check_rotation(people, days_each):
    """A rotation needs someone in it and a whole number of days per person."""
    if not people:
        raise Refused(N_("Put at least one person in the rotation."))
    if not 1 <= days_each <= 31:
        raise Refused(N_("Give each person from 1 to 31 days in a row."))


def unmanned(teams, on_duty):
    """The teams nobody leads now: their orders wait in the team queue, and the board must say so."""
    return [team for team in teams if not on_duty.get(team)]


def is_overnight(starts, ends):
    """A shift that ends at or before it starts runs past midnight."""
    return ends <= starts


def week_start(text, today):
    """The Monday of the week named by '2026-W48' or by a day in it ('2026-11-25'); this week otherwise."""
    from datetime import date
    text = (text or "").strip()
    try:
        day = date.fromisoformat(text + "-1" if "W" in text else text)
    except ValueError:
        day = today
    if not 1971 <= day.year <= 2998:  # a week of the far past or future is a probe, and would overflow
        day = today
    return day - timedelta(days=day.weekday())


def week_name(monday):
    """'2026-W48' for the week starting on `monday`."""
    year, week, _weekday = monday.isocalendar()
    return f"{year}-W{week:02d}"


# A swap (换班): one person asks, the other accepts, the team lead approves; only then does duty change.
REQUESTED, ACCEPTED, APPROVED = "requested", "accepted", "approved"
DECLINED, REJECTED, CANCELLED = "declined", "rejected", "cancelled"
PENDING_SWAPS = (REQUESTED, ACCEPTED)
# action: (the states it moves from, the state it moves to, who takes it)
SWAP_STEPS = {"accept": ((REQUESTED,), ACCEPTED, "partner"), "decline": ((REQUESTED,), DECLINED, "partner"),
              "approve": ((ACCEPTED,), APPROVED, "approver"), "reject": ((ACCEPTED,), REJECTED, "approver"),
              "cancel": (PENDING_SWAPS, CANCELLED, "requester")}


def swap_step(state, action, actor, requester, partner, approvers):
    """The state a swap moves to when `actor` takes `action`; refuses a stranger or a step out of turn."""
    sources, target, who = SWAP_STEPS[action]
    allowed = {"partner": {partner}, "approver": set(approvers), "requester": {requester}}[who]
    if actor not in allowed:
        raise Refused(N_("This swap is not yours to answer."))
    if state not in sources:
        raise Refused(N_("This swap has already moved on."))
    return target


def check_swap(requester, partner, day, today, their_day=None):
    """A swap is between two people and moves shifts from today on."""
    if partner is None or partner == requester:
        raise Refused(N_("Choose a colleague of your team to swap with."))
    if day < today or (their_day is not None and their_day < today):
        raise Refused(N_("Only shifts from today on can be swapped."))


def swap_overrides(shift, day, requester, partner, their_shift=None, their_day=None):
    """[(shift, day, person)] an approved swap puts on duty: the partner takes the requester's shift and, when
    the requester takes one back, the requester takes the partner's."""
    taken = [(shift, day, partner)]
    if their_shift is not None and their_day is not None:
        taken.append((their_shift, their_day, requester))
    return taken
