"""A ticket's running clock: the stage it is in, how long that stage has run on its kind's clock (round the
clock, or working time: desk hours on working days), paused while on hold, and how near its target it is."""
from bisect import bisect_left
from collections import namedtuple
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from .targets import CLOCK_WORKING, MINUTES_A_DAY, duration_words, epoch_ms
from .vocabulary import (ACCEPTED, AWAITING_APPROVAL, DISPATCHED, DONE, HELP, NEW, ON_HOLD, ON_SITE, REPAIR)

ARRIVING_KINDS = (HELP, REPAIR)  # the kinds someone must go to: they have an arrival stage
# A clock turns amber at this share of its target ("near"), red past the target.
AMBER_SHARE = 0.8
OK, AMBER, RED = "ok", "amber", "red"
_MONDAY_ONE = date(1, 1, 1).toordinal()  # day 1 of the proleptic calendar was a Monday
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_YEARS_AHEAD = 3 * 366  # a clock that never reaches its target in three years never will


def stage_of(kind, state, arrived=False, needs_revisit=True):
    """The stage whose clock runs in a state: respond (waiting to be accepted), arrive (help and repair,
    accepted but nobody on site yet), resolve (until done), revisit (done, waiting for a return visit it needs)."""
    if state in (NEW, DISPATCHED):
        return "respond"
    if state == ACCEPTED and kind in ARRIVING_KINDS and not arrived:
        return "arrive"
    if state in (ACCEPTED, ON_SITE, ON_HOLD, AWAITING_APPROVAL):
        return "resolve"
    return "revisit" if state == DONE and needs_revisit else None


def stage_start(stage, created_at, dispatched_at=None, done_at=None):
    """When a stage's clock started: respond at the last dispatch (else intake), arrive and resolve at intake
    (as the resident counts), revisit when the work was done."""
    if stage == "respond":
        return dispatched_at or created_at
    return done_at if stage == "revisit" else created_at


class WorkingTime:
    """Minutes of desk hours on working days (Monday to Friday and make-up days, never holidays), counted in
    O(log holidays) for any two local moments, so a report of 50,000 tickets can use it."""

    def __init__(self, opens, closes, holidays=(), workdays=()):
        self.opens, self.closes = opens.hour * 60 + opens.minute, closes.hour * 60 + closes.minute
        self.day_length = max(0, self.closes - self.opens)
        # Only days that change the weekday rule matter: weekday holidays and weekend make-up days.
        self.off = sorted(d.toordinal() for d in holidays if d.weekday() < 5)
        self.on = sorted(d.toordinal() for d in workdays if d.weekday() >= 5 and d not in set(holidays))
        self._off, self._on = set(self.off), set(self.on)

    def is_working(self, ordinal):
        if ordinal in self._off:
            return False
        return ordinal in self._on or (ordinal - _MONDAY_ONE) % 7 < 5

    def _days_before(self, ordinal):
        """Working days before a day (since day 1)."""
        weeks, rest = divmod(ordinal - _MONDAY_ONE, 7)
        return weeks * 5 + min(rest, 5) - bisect_left(self.off, ordinal) + bisect_left(self.on, ordinal)

    def at(self, ordinal, minute):
        """Working minutes from day 1 to minute `minute` of day `ordinal`."""
        today = min(max(minute - self.opens, 0), self.day_length) if self.is_working(ordinal) else 0
        return self._days_before(ordinal) * self.day_length + today

    def minutes(self, start, end):
        """Working minutes between two local moments; 0 when `end` is not later."""
        return max(0.0, self.at(*_day_minute(end)) - self.at(*_day_minute(start)))

    def after(self, start, minutes):
        """The local moment when `minutes` working minutes have run since `start` (None: never, no desk hours)."""
        if self.day_length == 0:
            return None
        goal = self.at(*_day_minute(start)) + minutes
        ordinal = start.toordinal()
        while not (self.is_working(ordinal) and self.at(ordinal, self.closes) >= goal):
            ordinal += 1
            if ordinal - start.toordinal() > _YEARS_AHEAD:
                return None
        moment = datetime.fromordinal(ordinal) + timedelta(minutes=self.opens + goal - self.at(ordinal, 0))
        return max(moment, start)

    def since_epoch(self, local_minutes):
        """Working minutes up to a local moment given as minutes since 1970-01-01 00:00 (for reports)."""
        days, minute = divmod(local_minutes, MINUTES_A_DAY)
        return self.at(_EPOCH_ORDINAL + int(days), minute)


def _day_minute(moment):
    return moment.toordinal(), moment.hour * 60 + moment.minute + moment.second / 60 + moment.microsecond / 6e7


class EstateClock:
    """An estate's two clocks over stored (naive UTC) moments: wall time, and working time on local time."""

    def __init__(self, tz_name, opens, closes, holidays=(), workdays=()):
        self.zone = ZoneInfo(tz_name)
        self.working = WorkingTime(opens, closes, holidays, workdays)

    def local(self, moment):
        return moment.replace(tzinfo=ZoneInfo("UTC")).astimezone(self.zone).replace(tzinfo=None)

    def utc(self, local):
        return local.replace(tzinfo=self.zone).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)

    def minutes(self, start, end, clock):
        """Minutes from `start` to `end` on the named clock ("24h" or "working")."""
        if clock == CLOCK_WORKING:
            return self.working.minutes(self.local(start), self.local(end))
        return max(0.0, (end - start).total_seconds() / 60)

    def after(self, start, minutes, clock):
        """The moment `minutes` have run since `start` on the named clock (None: never)."""
        if clock == CLOCK_WORKING:
            moment = self.working.after(self.local(start), minutes)
            return None if moment is None else self.utc(moment)
        return start + timedelta(minutes=minutes)


def paused_through(paused_minutes, held_since, now, clock_name, estate_clock):
    """The minutes a ticket's clock has stood still, the hold going on now included."""
    if held_since is None:
        return paused_minutes or 0
    return (paused_minutes or 0) + estate_clock.minutes(held_since, now, clock_name)


Clock = namedtuple("Clock", "stage started clock target elapsed lateness paused amber_at red_at")


def running_clock(kind, state, moments, targets, now, estate_clock, turns=True):
    """The clock of the stage a ticket is in, or None when nothing is timed (closed, cancelled…).

    `moments`: created_at, dispatched_at, arrived_at, done_at, held_since, paused_minutes and needs_revisit; `targets`:
    stage_targets(kind). elapsed is in minutes on the kind's clock, holds not counted; amber_at and red_at are
    the moments it turns amber and red (None while paused or once past; not worked out without `turns`)."""
    stage = stage_of(kind, state, moments.get("arrived_at") is not None, moments.get("needs_revisit", True))
    target = targets.get(stage) if stage else None
    if stage is None or target is None:
        return None
    start = stage_start(stage, moments["created_at"], moments.get("dispatched_at"), moments.get("done_at"))
    held_since = moments.get("held_since") if state == ON_HOLD else None
    stopped = held_since or now
    paused = (moments.get("paused_minutes") or 0) if stage in ("arrive", "resolve") else 0
    elapsed = max(0.0, estate_clock.minutes(start, stopped, targets["clock"]) - paused)
    amber_at = red_at = None
    if held_since is None and turns:
        amber_at = _moment(estate_clock, start, paused + AMBER_SHARE * target, targets["clock"], now)
        red_at = _moment(estate_clock, start, paused + target, targets["clock"], now)
    return Clock(stage, start, targets["clock"], target, elapsed, lateness(elapsed, target), held_since is not None,
                 amber_at, red_at)


def _moment(estate_clock, start, minutes, clock_name, now):
    moment = estate_clock.after(start, minutes, clock_name)
    return moment if moment is not None and moment > now else None


def lateness(elapsed, target):
    """ok, amber (at 80% of the target) or red (past it)."""
    if elapsed > target:
        return RED
    return AMBER if elapsed >= AMBER_SHARE * target else OK


def clock_words(clock):
    """What a card says: the stage's time so far and its target in words, how far past, and the moments (ms
    since the epoch) it turns amber and red so the page turns it on time between redraws."""
    if clock is None:
        return dict(stage=None, lateness=OK, amber_at=None, red_at=None)
    over = clock.elapsed - clock.target
    return dict(stage=clock.stage, lateness=clock.lateness, paused=clock.paused, working=clock.clock == CLOCK_WORKING,
                elapsed=_words(clock.elapsed, clock), target=_words(clock.target, clock),
                late=_words(-(-over // 1), clock) if over > 0 else None,
                amber_at=epoch_ms(clock.amber_at) if clock.amber_at else None,
                red_at=epoch_ms(clock.red_at) if clock.red_at else None)


def _words(minutes, clock):
    # Working time is said in hours: "1 day" of it would read as 24 hours.
    return duration_words(timedelta(minutes=minutes), days=clock.clock != CLOCK_WORKING)
