"""Response targets: how long a request may wait to be accepted, how late it is, and waits in words."""
import calendar
from collections import namedtuple
from datetime import timedelta

from . import N_
from .vocabulary import DISPATCHED, NEW

WAITING_STATES = (NEW, DISPATCHED)
MINUTES_A_DAY = 24 * 60

# A message (English, marked for translation) and its numbers; the view translates it with gettext.
Words = namedtuple("Words", "message params")


def lateness(kind, state, waited, targets):
    """'ok', 'amber' (past the target) or 'red' (past twice the target) for a request not yet accepted."""
    minutes = targets.get(kind)
    if minutes is None or state not in WAITING_STATES:
        return "ok"
    if waited > timedelta(minutes=2 * minutes):
        return "red"
    return "amber" if waited > timedelta(minutes=minutes) else "ok"


def late_moments(kind, state, created_at, targets):
    """(amber, red): the moments a request still waiting turns late and very late; None when it never will."""
    minutes = targets.get(kind)
    if minutes is None or state not in WAITING_STATES:
        return None
    return created_at + timedelta(minutes=minutes), created_at + timedelta(minutes=2 * minutes)


def late_by(kind, state, waited, targets):
    """How far past its target a waiting request is (a timedelta), or None while it is not late."""
    minutes = targets.get(kind)
    if minutes is None or state not in WAITING_STATES or waited <= timedelta(minutes=minutes):
        return None
    return waited - timedelta(minutes=minutes)


def overdue_cutoffs(now, targets):
    """{kind: the creation time before which a still-waiting request of that kind is past its target}."""
    return {kind: now - timedelta(minutes=minutes) for kind, minutes in targets.items()}


def duration_words(span):
    """A span as people say it: minutes under an hour, hours and minutes under a day, then whole days."""
    minutes = max(0, int(span.total_seconds() // 60))
    if minutes < 60:
        return Words(N_("%(minutes)s min"), {"minutes": minutes})
    if minutes < MINUTES_A_DAY:
        hours, rest = divmod(minutes, 60)
        if rest:
            return Words(N_("%(hours)s h %(minutes)s min"), {"hours": hours, "minutes": rest})
        return Words(N_("%(hours)s h"), {"hours": hours})
    return Words(N_("%(days)s d"), {"days": minutes // MINUTES_A_DAY})


def card_clock(kind, state, created_at, now, targets):
    """What a card says about time: the wait in words, how late and by how much, and the moments (ms since
    the epoch) it turns amber and red, so the page turns it on time between its minute-by-minute redraws."""
    waited = now - created_at
    over = late_by(kind, state, waited, targets)
    moments = late_moments(kind, state, created_at, targets)
    return dict(waited=duration_words(waited), lateness=lateness(kind, state, waited, targets),
                late=None if over is None else duration_words(_whole_minutes_up(over)),
                amber_at=epoch_ms(moments[0]) if moments else None,
                red_at=epoch_ms(moments[1]) if moments else None)


def _whole_minutes_up(span):
    # Half a minute late is "late by 1 min", never "late by 0 min".
    return timedelta(minutes=-(-span.total_seconds() // 60))


def epoch_ms(moment):
    """Milliseconds since the epoch of a naive UTC datetime."""
    return int(calendar.timegm(moment.timetuple()) * 1000 + moment.microsecond // 1000)


# Targets per kind and stage, in minutes, and the clock each counts on: "24h" (wall clock, round the year) or
# "working" (desk hours only, 08:00–17:30 by default). respond: dispatch → accept; arrive: → on site (help and
# repair only); resolve: taken → done; revisit: done → return visit.
CLOCK_24H, CLOCK_WORKING = "24h", "working"
STAGES = ("respond", "arrive", "resolve", "revisit")
STAGE_TARGETS = {
    "help": dict(clock=CLOCK_24H, respond=5, arrive=15, resolve=4 * 60, revisit=24 * 60),
    "repair": dict(clock=CLOCK_24H, respond=30, arrive=2 * 60, resolve=24 * 60, revisit=48 * 60),
    "complaint": dict(clock=CLOCK_WORKING, respond=60, resolve=2 * 570, revisit=570),
    "suggestion": dict(clock=CLOCK_WORKING, respond=570, resolve=5 * 570, revisit=2 * 570),
    "inquiry": dict(clock=CLOCK_WORKING, respond=60, resolve=570, revisit=570),
    "challenge": dict(clock=CLOCK_WORKING, respond=60, resolve=2 * 570, revisit=570),
}


def stage_targets(kind, respond_overrides=None):
    """{stage: minutes or None, 'clock': …} of a kind; the estate's response targets override 'respond'."""
    table = dict(STAGE_TARGETS.get(kind, dict(clock=CLOCK_24H)))
    if respond_overrides and respond_overrides.get(kind) is not None:
        table["respond"] = respond_overrides[kind]
    return {stage: table.get(stage) for stage in STAGES} | {"clock": table["clock"]}


def working_minutes(start, end, opens, closes, closed_days=()):
    """Minutes between two local moments that fall within desk hours (opens < closes), days in
    `closed_days` not counted; 0 when `end` is not later."""
    total, day = 0.0, start.date()
    while day <= end.date():
        if day not in closed_days:
            lo = max(start, start.replace(year=day.year, month=day.month, day=day.day, hour=opens.hour,
                                          minute=opens.minute, second=0, microsecond=0))
            hi = min(end, start.replace(year=day.year, month=day.month, day=day.day, hour=closes.hour,
                                        minute=closes.minute, second=0, microsecond=0))
            total += max(0.0, (hi - lo).total_seconds() / 60)
        day += timedelta(days=1)
    return total


def desk_minutes(start, end, opens, closes):
    """Minutes of desk hours (`opens`..`closes`, minutes after local midnight, every day) between two local
    moments given as minutes since the epoch: O(1), for reports over many tickets."""
    def since_epoch(moment):
        days, minute = divmod(moment, MINUTES_A_DAY)
        return days * (closes - opens) + min(max(minute - opens, 0), closes - opens)
    return max(0.0, since_epoch(end) - since_epoch(start))
