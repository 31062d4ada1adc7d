"""What supervisors read about patrol rounds: the day's board (exceptions first), one round in full, and a shift's
exceptions report. Each is a few grouped queries on the (estate, starts_at) and (round, at) indexes, so a year of
history costs nothing."""
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from zoneinfo import ZoneInfo

from peewee import Case, fn

from ..domain.hours import local_day_bounds, local_time, parse_hhmm, utc_naive
from ..domain.patrol import EARLY, INCOMPLETE, LATE, MISSED, OPEN_ROUNDS
from .duty import Shift, may_edit_roster, names_of
from .estate import team_codes
from .patrol import Finding, Round, RoundEvent, Route, RouteStop, Visit, expected_times
from .place import Place
from .ticket import Ticket

OVERDUE = "overdue"      # an open round past its window: not a state, an exception the board names
FLAGGED = "flagged"      # a round with scans to look at again


@dataclass
class BoardRow:
    """One round as the board shows it, with its counts and why it is an exception (if it is)."""
    round: Round
    late: int = 0
    early: int = 0
    flagged: int = 0
    exceptions: list = field(default_factory=list)


def supervised_teams(staff, estate):
    """The estate's teams whose rounds a person supervises (heads and admins: all; a team lead: their own)."""
    return [code for code in team_codes(estate) if may_edit_roster(staff, estate, code)]


def _rounds(estate, teams, start, end):
    return (Round.select(Round, Route).join(Route)
            .where((Round.estate == estate) & (Round.starts_at >= start) & (Round.starts_at < end)
                   & Round.team.in_(teams)))


def board(estate, teams, now):
    """Today's rounds (the estate's local day) and yesterday's still running, exceptions first, then by time."""
    start, end = local_day_bounds(local_time(now, estate.timezone).date(), estate.timezone)
    found = _rounds(estate, teams, start - timedelta(days=1), end).where(
        (Round.starts_at >= start) | (Round.closes_at > start) | Round.state.in_(OPEN_ROUNDS))
    rows = [BoardRow(r) for r in found.order_by(Round.starts_at, Route.name)]
    counts = visit_counts([row.round.id for row in rows])
    for row in rows:
        row.late, row.early, row.flagged = counts.get(row.round.id, (0, 0, 0))
        row.exceptions = exceptions_of(row.round, row.flagged, now)
    rows.sort(key=lambda row: (not row.exceptions, row.round.starts_at))
    return rows, names_of(_people(row.round for row in rows))


def exceptions_of(round_, flagged, now):
    """Why a round needs a supervisor: missed, incomplete, still open past its window, flagged scans."""
    found = [round_.state] if round_.state in (MISSED, INCOMPLETE) else []
    if round_.state in OPEN_ROUNDS and now > round_.ends_at:
        found.append(OVERDUE)
    return found + ([FLAGGED] if flagged else [])


def visit_counts(round_ids):
    """{round id: (late visits, early visits, flagged scans)}, in one grouped query."""
    if not round_ids:
        return {}
    late = fn.SUM(Case(None, [(Visit.verdict == LATE, 1)], 0))
    early = fn.SUM(Case(None, [(Visit.verdict == EARLY, 1)], 0))
    flagged = fn.SUM(Case(None, [(Visit.flags != "", 1)], 0))
    query = (Visit.select(Visit.round, late.alias("late"), early.alias("early"), flagged.alias("flagged"))
             .where(Visit.round.in_(round_ids)).group_by(Visit.round))
    return {row.round_id: (int(row.late), int(row.early), int(row.flagged)) for row in query}


def _people(rounds_):
    return {p for r in rounds_ for p in (r.assignee_id, r.first_assignee_id) if p}


@dataclass
class RoundDetail:
    """A round in full: each checkpoint with its expected time and visits, the findings and the events."""
    round: Round
    stops: list
    expected: dict
    visits: dict
    findings: list
    events: list
    names: dict


def round_detail(round_):
    """Everything a supervisor looks at for one round, in five queries."""
    stops = round_.route.stops_of_round(round_)
    visits = {}
    for visit in Visit.select().where(Visit.round == round_).order_by(Visit.at, Visit.id):
        visits.setdefault(visit.stop_id, []).append(visit)
    findings = list(Finding.select(Finding, Ticket, Place).join(Ticket).switch(Finding).join(Place)
                    .where(Finding.round == round_).order_by(Finding.at))
    events = list(RoundEvent.select().where(RoundEvent.round == round_).order_by(RoundEvent.at, RoundEvent.id))
    people = _people([round_]) | {v.by_id for vs in visits.values() for v in vs} | {
        p for e in events for p in (e.by_id, e.target_id) if p}
    return RoundDetail(round_, stops, expected_times(round_, stops), visits, findings, events, names_of(people))


def shift_bounds(estate, day, shift=None):
    """The naive-UTC [start, end) of a local day, or of a shift's hours starting on it (overnight: into the next)."""
    if shift is None:
        start, _ = local_day_bounds(day, estate.timezone)
        return start, local_day_bounds(day + timedelta(days=1), estate.timezone)[0]
    begins, ends = datetime.combine(day, parse_hhmm(shift.starts)), datetime.combine(day, parse_hhmm(shift.ends))
    if ends <= begins:
        ends += timedelta(days=1)
    zone = ZoneInfo(estate.timezone)
    return utc_naive(begins.replace(tzinfo=zone)), utc_naive(ends.replace(tzinfo=zone))


def shifts_for(estate, teams):
    """The shifts a report can be narrowed to: those of the teams supervised."""
    return list(Shift.select().where((Shift.estate == estate) & Shift.team.in_(teams))
                .order_by(Shift.team, Shift.starts, Shift.id))


@dataclass
class Report:
    """A shift's exceptions: rounds missed or incomplete (with what they left), late and early visits, flagged
    scans and hand-overs."""
    rounds: list
    uncovered: dict
    visits: list
    handovers: list
    names: dict


def exceptions_report(estate, teams, start, end):
    """The exceptions of the rounds starting in [start, end), in four queries."""
    in_time = _rounds(estate, teams, start, end)
    ids = Round.select(Round.id).where((Round.estate == estate) & (Round.starts_at >= start)
                                       & (Round.starts_at < end) & Round.team.in_(teams))
    failed = list(in_time.where(Round.state.in_((MISSED, INCOMPLETE))).order_by(Round.starts_at, Route.name))
    visits = list(Visit.select(Visit, RouteStop, Place, Round, Route).join(RouteStop).join(Place)
                  .switch(Visit).join(Round).join(Route)
                  .where(Visit.round.in_(ids) & (Visit.verdict.in_((LATE, EARLY)) | (Visit.flags != "")))
                  .order_by(Visit.at, Visit.id))
    handovers = list(RoundEvent.select(RoundEvent, Round, Route).join(Round).join(Route)
                     .where(RoundEvent.round.in_(ids) & (RoundEvent.action == "hand")).order_by(RoundEvent.at))
    people = _people(failed) | {v.by_id for v in visits} | {p for e in handovers for p in (e.by_id, e.target_id)}
    return Report(failed, uncovered_stops(failed), visits, handovers, names_of(p for p in people if p))


def uncovered_stops(rounds_):
    """{round id: [checkpoint names not covered]} for some rounds, in one query."""
    if not rounds_:
        return {}
    ids = [r.id for r in rounds_]
    covered = (Visit.select(Visit.round, Visit.stop).where(Visit.round.in_(ids) & Visit.counted))
    done = {(v.round_id, v.stop_id) for v in covered}
    stops = (RouteStop.select(RouteStop, Place).join(Place)
             .where(RouteStop.route.in_(list({r.route_id for r in rounds_}))).order_by(RouteStop.position))
    by_route = {}
    for stop in stops:
        by_route.setdefault(stop.route_id, []).append(stop)
    return {r.id: [s.place.name for s in by_route.get(r.route_id, [])
                   if (r.id, s.id) not in done and (s.removed_at is None or s.removed_at >= r.starts_at)]
            for r in rounds_}
