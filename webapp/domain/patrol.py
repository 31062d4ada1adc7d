"""Patrol rounds (巡查): when a plan's rounds fall due, how each checkpoint visit and each round is judged, and which
scans a supervisor should look at again. Times here are naive local wall-clock times of the estate, or naive UTC
moments, as each function says; nothing here asks a clock."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from . import N_, Refused
from .alerts import PLACE_LENGTH

STRICT, FREE = "strict", "free"                   # a route's order of checkpoints
ON_TIME, EARLY, LATE, MISSED = "on_time", "early", "late", "missed"   # one checkpoint's visit
COUNTED = (ON_TIME, LATE)                          # a visit that covers its checkpoint
WAITING, UNDERWAY = "waiting", "underway"         # a round not yet judged
DONE, INCOMPLETE, CANCELLED = "done", "incomplete", "cancelled"  # … and once judged (MISSED too)
OPEN_ROUNDS = (WAITING, UNDERWAY)
ROUND_STATES = (WAITING, UNDERWAY, DONE, INCOMPLETE, MISSED, CANCELLED)

# What makes a scan worth a supervisor's second look; it is recorded, never refused for these.
IMPOSSIBLE_WALK, REPEATED, CLOCK_SKEW, OFFLINE, OUT_OF_ORDER, TYPED = (
    "impossible_walk", "repeated", "clock_skew", "offline", "out_of_order", "typed")
FLAGS = (IMPOSSIBLE_WALK, REPEATED, CLOCK_SKEW, OFFLINE, OUT_OF_ORDER, TYPED)

DEFAULT_WINDOW, DEFAULT_GRACE = 60, 15  # minutes
START_EARLY = timedelta(minutes=10)       # a guard may set off this long before the round's time
REPEAT_WITHIN = timedelta(seconds=60)     # the same sticker again this soon is a repeat, not a visit
SKEW_LIMIT = timedelta(minutes=2)         # a phone clock further off than this is suspicious
OFFLINE_AFTER = timedelta(seconds=90)     # a scan that reached us this late waited in the phone's outbox
WALK_SHARE = 1 / 3                        # faster than a third of the expected walk is not walking
VIAS = ("camera", "typed", "link")        # the in-app scanner, the code typed by hand, the camera app's link


@dataclass(frozen=True)
class Schedule:
    """When a plan's rounds start on the days it runs: `first` (and every `every` minutes up to `last`, which may
    be after midnight), on `weekdays` (0 = Monday; empty = daily). Overnight series belong to the day they start."""
    first: object
    last: object = None
    every: int = None
    weekdays: frozenset = frozenset()


@dataclass(frozen=True)
class Window:
    """A round's times in naive UTC: it may start from `starts` - START_EARLY, should be walked by `ends`, and
    closes for good at `closes` (ends + grace)."""
    starts: datetime
    ends: datetime
    closes: datetime


def starts_on(schedule, day):
    """The local start times of a plan's rounds on one day, in order (a series past midnight runs into the next
    day but belongs to this one)."""
    if schedule.weekdays and day.weekday() not in schedule.weekdays:
        return []
    first = datetime.combine(day, schedule.first)
    if not schedule.every or schedule.last is None:
        return [first]
    last = datetime.combine(day, schedule.last)
    if last < first:
        last += timedelta(days=1)
    step = timedelta(minutes=schedule.every)
    times, moment = [], first
    while moment <= last:
        times.append(moment)
        moment += step
    return times


def window_of(starts, window_minutes, grace_minutes):
    """The window of a round starting at `starts`."""
    ends = starts + timedelta(minutes=window_minutes)
    return Window(starts, ends, ends + timedelta(minutes=grace_minutes))


def check_plan(schedule, window_minutes, grace_minutes):
    """A plan must leave each round its window before the next one starts."""
    if not 5 <= window_minutes <= 24 * 60:
        raise Refused(N_("A round's window is from 5 minutes to 24 hours."))
    if not 0 <= grace_minutes <= 120:
        raise Refused(N_("The grace period is from 0 to 120 minutes."))
    if schedule.every is not None and schedule.every < window_minutes + grace_minutes:
        raise Refused(N_("Rounds would overlap: make them start at least the window plus the grace period apart."))


def expected_offsets(walk_minutes):
    """Minutes from a round's start at which each checkpoint is expected, from the walks between them."""
    offsets, total = [], 0
    for index, minutes in enumerate(walk_minutes):
        total += minutes if index else 0
        offsets.append(total)
    return offsets


def visit_verdict(at, window, not_before=None):
    """How a scan at `at` (naive UTC) counts for its checkpoint: early before the round's time or the
    checkpoint's not-before, on time within the window, late within the grace, and None after the round closed."""
    if at < window.starts or (not_before is not None and at < not_before):
        return EARLY
    if at <= window.ends:
        return ON_TIME
    if at <= window.closes:
        return LATE
    return None


def round_outcome(stops, covered):
    """A round judged from how many of its checkpoints were covered: done, incomplete or missed."""
    if covered >= stops:
        return DONE
    return INCOMPLETE if covered else MISSED


def round_alert(route_name, outcome, covered, stops, url):
    """What the lead's alert of a missed or incomplete round says: the route, how much was covered, and the
    supervisors' page of the round; never a sticker's check-in link."""
    return {"kind": "patrol", "number": f"{covered}/{stops}", "place": (route_name or "")[:PLACE_LENGTH],
            "outcome": outcome, "urgent": False, "url": url}


def round_alert_key(round_id):
    """A round's lead hears of it once, however it ended up short (the clock, the guard, a late scan)."""
    return f"round:{round_id}"


def check_start(state, window, now, assignee, starter):
    """A round starts once, by its assignee (or anyone of the team while it has none), from START_EARLY before
    its time until it closes."""
    if state != WAITING:
        raise Refused(N_("This round has already started or is over."))
    if now < window.starts - START_EARLY:
        raise Refused(N_("This round starts at its time; you can set off ten minutes before."))
    if now > window.closes:
        raise Refused(N_("This round is closed."))
    check_walker(assignee, starter)


def check_walker(assignee, person):
    """Only the round's assignee walks it once it has one; anyone else takes it over with a reason first."""
    if assignee is not None and assignee != person:
        raise Refused(N_("This round is someone else's: take it over with a reason first."))


def check_scan(state, window, at):
    """A scan counts for a round that is open, or for a closed one when it was made (offline) before it closed."""
    if state == CANCELLED:
        raise Refused(N_("This round was cancelled."))
    if at > window.closes:
        raise Refused(N_("This round closed before this scan; it was not counted."))


def check_handover(state, to_person, from_person, reason):
    """A round not yet over can be handed to another member of the team, with a reason."""
    if state not in OPEN_ROUNDS:
        raise Refused(N_("This round is over."))
    if to_person is None or to_person == from_person:
        raise Refused(N_("Choose whom to hand the round to."))
    if not (reason or "").strip():
        raise Refused(N_("Say why the round is handed over."))


def reckoned_time(received, device_at=None, device_sent=None):
    """(when the scan happened in server time, the phone clock's difference) from the moment we received it,
    the phone's clock at the scan and its clock when it sent it. Without the phone's times, it happened now."""
    if device_sent is None:
        return received, None
    skew = received - device_sent
    at = (device_at or device_sent) + skew
    return min(at, received), skew


def scan_flags(at, received, skew, via, previous=None, expected_walk=None, same_stop_at=None, out_of_order=False,
               said_offline=False):
    """The flags a supervisor reviews for one scan. `previous`: when the guard's last scan of this round was;
    `expected_walk`: the walk expected since then; `same_stop_at`: this checkpoint's last scan in the round;
    `said_offline`: the phone had no network when it scanned."""
    flags = []
    if expected_walk and previous is not None and at - previous < expected_walk * WALK_SHARE:
        flags.append(IMPOSSIBLE_WALK)
    if same_stop_at is not None and abs(at - same_stop_at) < REPEAT_WITHIN:
        flags.append(REPEATED)
    if skew is not None and abs(skew) > SKEW_LIMIT:
        flags.append(CLOCK_SKEW)
    if said_offline or received - at > OFFLINE_AFTER:
        flags.append(OFFLINE)
    if out_of_order:
        flags.append(OUT_OF_ORDER)
    if via == "typed":
        flags.append(TYPED)
    return flags


def walk_between(walk_minutes, from_position, to_position):
    """The expected walk between two checkpoints of a route (positions from 0), along the route."""
    low, high = sorted((from_position, to_position))
    return timedelta(minutes=sum(walk_minutes[low + 1:high + 1]))


def is_out_of_order(order, covered_positions, position):
    """In a strict route, a checkpoint scanned before every one ahead of it was covered."""
    return order == STRICT and any(p not in covered_positions for p in range(position))
