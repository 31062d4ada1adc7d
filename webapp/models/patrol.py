"""Patrol: routes of checkpoints, the plans that say when they are walked, the rounds made from the plans, and
each checkpoint's scans (visits). The operations that walk a round are in rounds.py."""
from datetime import timedelta
from zoneinfo import ZoneInfo

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField, fn

from .. import clock
from ..db import BaseModel, write_transaction
from ..domain.hours import local_time, parse_hhmm, utc_naive
from ..domain.patrol import (CANCELLED, DEFAULT_GRACE, DEFAULT_WINDOW, FREE, OPEN_ROUNDS, START_EARLY, WAITING,
                             Schedule,
                             Window, check_plan, expected_offsets, starts_on, window_of)
from .duty import Duty
from .estate import Estate
from .people import Staff
from .place import Place
from .register import LedgerEvent
from .ticket import Ticket


class Route(BaseModel):
    """An ordered walk past checkpoints, walked in that order (strict) or any order (free)."""
    estate = ForeignKeyField(Estate, backref="routes")
    name = CharField()
    sequence = CharField(default=FREE)  # strict or free
    retired = BooleanField(default=False)
    created_at = DateTimeField(default=clock.utcnow)

    def ordered_stops(self):
        """The checkpoints walked now, in order (removed ones drop out; past rounds' visits keep them)."""
        return (RouteStop.select(RouteStop, Place).join(Place)
                .where((RouteStop.route == self) & RouteStop.removed_at.is_null()).order_by(RouteStop.position))

    def stops_of_round(self, round_):
        """The checkpoints as they stood for a round: today's, then those taken off since it began."""
        removed = (RouteStop.select(RouteStop, Place).join(Place)
                   .where((RouteStop.route == self) & (RouteStop.removed_at >= round_.starts_at))
                   .order_by(RouteStop.removed_at))
        return list(self.ordered_stops()) + list(removed)


class RouteStop(BaseModel):
    """One checkpoint of a route: its place, its position, the walk from the checkpoint before, and how many
    minutes after the round's start it may be scanned at the earliest (None: any time)."""
    route = ForeignKeyField(Route, backref="stops", on_delete="CASCADE")
    place = ForeignKeyField(Place, backref="+")
    position = IntegerField()
    walk_minutes = IntegerField(default=0)
    not_before = IntegerField(null=True)
    removed_at = DateTimeField(null=True)  # taken off the route after it was scanned; its position is parked

    class Meta:
        indexes = ((("route", "position"), True),)


class Plan(BaseModel):
    """When a team walks a route: from `first` (every `every` minutes up to `last`), on `weekdays` (digits 0–6,
    Monday 0; empty = daily), each round with its window and grace."""
    estate = ForeignKeyField(Estate, backref="plans")
    route = ForeignKeyField(Route, backref="plans")
    team = CharField()
    first = CharField()                  # "20:00" on the estate's wall clock
    last = CharField(null=True)          # "06:00": the series may run past midnight
    every = IntegerField(null=True)      # minutes
    weekdays = CharField(default="")
    window_minutes = IntegerField(default=DEFAULT_WINDOW)
    grace_minutes = IntegerField(default=DEFAULT_GRACE)
    active = BooleanField(default=True)
    created_at = DateTimeField(default=clock.utcnow)

    @property
    def schedule(self):
        return Schedule(first=parse_hhmm(self.first), last=parse_hhmm(self.last) if self.last else None,
                        every=self.every, weekdays=frozenset(int(d) for d in self.weekdays))


class Round(BaseModel):
    """One walk of a route, made from a plan for its time: who was meant to walk it (and who first was, when it
    was handed over), when it opens, should be done and closes, and how it was judged."""
    estate = ForeignKeyField(Estate, backref="rounds")
    plan = ForeignKeyField(Plan, null=True, backref="rounds")
    route = ForeignKeyField(Route, backref="rounds")
    team = CharField()
    starts_at = DateTimeField()
    ends_at = DateTimeField()
    closes_at = DateTimeField()
    state = CharField(default=WAITING)
    stops = IntegerField()                # checkpoints to cover, as the route was when the round was made
    covered = IntegerField(default=0)
    assignee = ForeignKeyField(Staff, null=True, backref="+")
    first_assignee = ForeignKeyField(Staff, null=True, backref="+")
    started_at = DateTimeField(null=True)
    started_by = ForeignKeyField(Staff, null=True, backref="+")
    finished_at = DateTimeField(null=True)
    finished_by = ForeignKeyField(Staff, null=True, backref="+")
    note = TextField(default="")

    class Meta:
        indexes = ((("plan", "starts_at"), True), (("estate", "starts_at"), False),
                   (("state", "closes_at"), False))

    @property
    def window(self):
        return Window(self.starts_at, self.ends_at, self.closes_at)

    @property
    def is_open(self):
        return self.state in OPEN_ROUNDS

    def log(self, action, by, at=None, note="", target=None):
        RoundEvent.create(round=self, action=action, by=by, at=at or clock.utcnow(), note=note, target=target)


class RoundEvent(LedgerEvent):
    """One step of a round (made, start, hand, finish, close, rejudge): who, when, to whom, why."""
    round = ForeignKeyField(Round, backref="events", on_delete="CASCADE")
    target = ForeignKeyField(Staff, null=True, backref="+")


class Visit(BaseModel):
    """One scan of a checkpoint in a round: when it happened in server time (`at`), when it reached us, the
    phone's clock and its difference from ours, how it counts and what is flagged for review."""
    round = ForeignKeyField(Round, backref="visits", on_delete="CASCADE")
    stop = ForeignKeyField(RouteStop, backref="+")
    by = ForeignKeyField(Staff, backref="+")
    client_id = CharField(unique=True)   # the phone's id for the scan: a replayed scan is the same scan
    via = CharField()
    at = DateTimeField()
    received_at = DateTimeField()
    device_at = DateTimeField(null=True)
    skew_seconds = IntegerField(null=True)
    verdict = CharField()
    counted = BooleanField()
    flags = CharField(default="")        # comma-separated FLAGS

    class Meta:
        indexes = ((("round", "at"), False),)

    @property
    def flag_list(self):
        return [f for f in self.flags.split(",") if f]


class Finding(BaseModel):
    """What a guard found at a checkpoint during a round, and the ticket it became."""
    round = ForeignKeyField(Round, backref="findings", on_delete="CASCADE")
    place = ForeignKeyField(Place, backref="+")
    ticket = ForeignKeyField(Ticket, backref="+")
    by = ForeignKeyField(Staff, backref="+")
    at = DateTimeField(default=clock.utcnow)


def save_plan(estate, route, team, first, last=None, every=None, weekdays="", window=DEFAULT_WINDOW,
              grace=DEFAULT_GRACE, plan=None):
    """Create or change a plan; rounds it made that have not started yet are cancelled and made afresh."""
    schedule = Schedule(parse_hhmm(first), parse_hhmm(last) if last else None, every, frozenset())
    check_plan(schedule, window, grace)
    fields = dict(estate=estate, route=route, team=team, first=first, last=last or None, every=every,
                  weekdays=weekdays, window_minutes=window, grace_minutes=grace)
    with write_transaction():
        if plan is None:
            return Plan.create(**fields)
        Plan.update(**fields).where(Plan.id == plan.id).execute()
        cancel_waiting(plan)
    return Plan.get_by_id(plan.id)


def stop_plan(plan):
    """Stop a plan: no more rounds; those made and not yet started are cancelled, the rest stay as history."""
    with write_transaction():
        Plan.update(active=False).where(Plan.id == plan.id).execute()
        cancel_waiting(plan)


def cancel_waiting(plan):
    """Cancel the plan's rounds that wait for a time still to come (their plan changed)."""
    now = clock.utcnow()
    Round.update(state=CANCELLED).where((Round.plan == plan) & (Round.state == WAITING)
                                        & (Round.starts_at > now)).execute()


def make_rounds(estate, now=None):
    """Make the rounds the estate's plans call for on its local today (and yesterday's overnight series), with
    the team's person on duty at each round's time; idempotent, so the clock and any page may call it."""
    now = now or clock.utcnow()
    today = local_time(now, estate.timezone).date()
    wanted = []
    for plan in Plan.select().where((Plan.estate == estate) & Plan.active):
        for day in (today - timedelta(days=1), today):
            for start in starts_on(plan.schedule, day):
                window = window_of(_utc(start, estate.timezone), plan.window_minutes, plan.grace_minutes)
                if window.closes > plan.created_at:
                    wanted.append((plan, window))
    if not wanted:
        return 0
    have = {(r.plan_id, r.starts_at) for r in Round.select(Round.plan, Round.starts_at).where(
        Round.plan.in_([p.id for p, _ in wanted]) & (Round.starts_at >= min(w.starts for _, w in wanted)))}
    missing = [(p, w) for p, w in wanted if (p.id, w.starts) not in have]
    stops = _stop_counts({p.route_id for p, _ in missing})
    for plan, window in missing:
        person = Duty.leads_now(estate, local_time(window.starts, estate.timezone)).get(plan.team)
        # Two processes making the same round: the unique (plan, starts_at) keeps one.
        Round.insert(estate=estate, plan=plan, route=plan.route_id, team=plan.team, starts_at=window.starts,
                     ends_at=window.ends, closes_at=window.closes, stops=stops.get(plan.route_id, 0),
                     assignee=person, first_assignee=person).on_conflict_ignore().execute()
    return len(missing)


def _utc(local_naive, tz_name):
    return utc_naive(local_naive.replace(tzinfo=ZoneInfo(tz_name)))


def _stop_counts(route_ids):
    rows = (RouteStop.select(RouteStop.route, fn.COUNT(RouteStop.id).alias("n"))
            .where(RouteStop.route.in_(list(route_ids)) & RouteStop.removed_at.is_null()).group_by(RouteStop.route))
    return {row.route_id: row.n for row in rows}


def expected_times(round_, stops):
    """{stop id: when it is expected} for a round, from the walks between its checkpoints."""
    offsets = expected_offsets([s.walk_minutes for s in stops])
    return {s.id: round_.starts_at + timedelta(minutes=m) for s, m in zip(stops, offsets)}


def rounds_between(estate, start, end):
    """The estate's rounds starting between two naive-UTC moments, in time order."""
    return (Round.select(Round, Route).join(Route).where((Round.estate == estate)
                                                         & Round.starts_at.between(start, end))
            .order_by(Round.starts_at, Route.name))


def open_rounds_at(place, person, now=None):
    """A person's open rounds (theirs, or their team's with no one assigned) passing this checkpoint, that can be
    walked now."""
    now = now or clock.utcnow()
    return (Round.select().join(RouteStop, on=(RouteStop.route == Round.route))
            .where((RouteStop.place == place) & RouteStop.removed_at.is_null() & (Round.estate == place.estate_id)
                   & Round.state.in_(OPEN_ROUNDS)
                   & (Round.team == person.team) & ((Round.assignee == person) | Round.assignee.is_null())
                   & (Round.starts_at <= now + START_EARLY) & (Round.closes_at >= now))
            .order_by(Round.starts_at))
