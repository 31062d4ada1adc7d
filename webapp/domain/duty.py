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
