"""Targets: how long each stage of a kind may take and on which clock, and spans of time in words."""
import calendar
from collections import namedtuple

from . import N_
from .vocabulary import DISPATCHED, NEW

WAITING_STATES = (NEW, DISPATCHED)
MINUTES_A_DAY = 24 * 60

# A message (English, marked for translation) and its numbers; the view translates it with gettext.
Words = namedtuple("Words", "message params")


def duration_words(span, days=True):
    """A span as people say it: minutes under an hour, hours and minutes under a day, then whole days (without
    `days`, hours however many: a day of working time is not 24 hours)."""
    minutes = max(0, int(span.total_seconds() // 60))
    if minutes < 60:
        return Words(N_("%(minutes)s min"), {"minutes": minutes})
    if minutes < MINUTES_A_DAY or not days:
        hours, rest = divmod(minutes, 60)
        if rest:
            return Words(N_("%(hours)s h %(minutes)s min"), {"hours": hours, "minutes": rest})
        return Words(N_("%(hours)s h"), {"hours": hours})
    return Words(N_("%(days)s d"), {"days": minutes // MINUTES_A_DAY})


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


# Urgent work of a kind, where it differs (紧急维修: a burst pipe, a lift with someone inside). Help is urgent by
# nature: its targets are already the fastest.
URGENT_TARGETS = {"repair": dict(respond=10, arrive=30, resolve=4 * 60)}


def stage_targets(kind, respond_overrides=None, urgent=False, overrides=None):
    """{stage: minutes or None, 'clock': …} of a kind, urgent or not. Over the defaults: the estate's response
    targets ({kind: minutes}) for the kind's ordinary work, then the estate's own cells
    ({(kind, urgent, stage): minutes}, 0 meaning no target)."""
    table = dict(STAGE_TARGETS.get(kind, dict(clock=CLOCK_24H)))
    if urgent and kind in URGENT_TARGETS:
        table.update(URGENT_TARGETS[kind])
    elif respond_overrides and respond_overrides.get(kind) is not None:
        table["respond"] = respond_overrides[kind]
    for stage in STAGES:
        minutes = (overrides or {}).get((kind, bool(urgent), stage))
        if minutes is not None:
            table[stage] = minutes or None
    return {stage: table.get(stage) for stage in STAGES} | {"clock": table["clock"]}
