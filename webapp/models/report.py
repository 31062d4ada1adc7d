"""The monthly report (and any period): a few grouped queries over an estate's tickets, the KPIs from the domain."""
from collections import Counter, defaultdict, namedtuple
from datetime import date, datetime, timedelta

from zoneinfo import ZoneInfo

from peewee import JOIN, Case, PostgresqlDatabase, fn

from ..domain import kpis
from ..db import db
from ..domain.hours import DEFAULT_CLOSES, DEFAULT_OPENS, local_day_bounds
from ..domain.targets import CLOCK_WORKING, MINUTES_A_DAY, desk_minutes, stage_targets
from ..domain.vocabulary import CANCELLED, CLOSED, COMPLAINT, DONE, HELP, REPAIR, RESOLVED_AT_DESK
from .estate import Building, Unit
from .place import Place
from .ticket import Revisit, Ticket, TicketEvent

RESOLVED = (DONE, CLOSED, RESOLVED_AT_DESK)
ARRIVING_KINDS = (HELP, REPAIR)
DIMENSIONS = ("kind", "channel", "category", "team", "building")
TOP = 5
EPOCH_DAY = date(1970, 1, 1)

# first and last local day (inclusive), and their naive-UTC [start, end) bounds.
Period = namedtuple("Period", "first last start end")


def period(first, last, tz_name):
    """The period of local days first..last of an estate's time zone."""
    return Period(first, last, local_day_bounds(first, tz_name)[0],
                  local_day_bounds(last + timedelta(days=1), tz_name)[0])


def previous(of, tz_name):
    """The period of equal length just before."""
    days = (of.last - of.first).days + 1
    return period(of.first - timedelta(days=days), of.first - timedelta(days=1), tz_name)


def month_of(text, today):
    """The first and last day of the month 'YYYY-MM'; the last full month before `today` by default."""
    try:
        year, month = (int(part) for part in text.split("-"))
        first = date(year, month, 1)
    except (AttributeError, ValueError, TypeError):
        first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    first = min(max(first, date(1970, 1, 1)), date(2999, 12, 1))
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def of_period(estate_ids, span):
    """The condition: tickets of these estates taken in the period."""
    return (Ticket.estate.in_(estate_ids) & (Ticket.created_at >= span.start) & (Ticket.created_at < span.end))


def report(estates, span):
    """The figures of a period and of the period before it, and the change of each KPI."""
    tz_name = estates[0].timezone
    now, before = figures(estates, span), figures(estates, previous(span, tz_name), full=False)
    changes = {code: kpis.change(now["kpis"][code], before["kpis"][code]) for code in now["kpis"]}
    return dict(current=now, previous=before, changes=changes, period=span)


def figures(estates, span, full=True):
    """Volumes, times, KPIs, daily volume and top places of a period, over one or more estates; without
    `full`, only what a comparison needs (no daily volume, no top places)."""
    ids = [e.id for e in estates]
    volumes = _volumes(ids, span)
    rows = _ticket_rows(ids, span)
    units = Unit.select().where(Unit.estate.in_(ids)).count()
    by_estate = {e.id: e for e in estates}
    figs = dict(total=sum(row[-1] for row in volumes), by=_by_dimension(volumes, ids), units=units,
                kpis=_kpis(rows, units), times=_times(rows, by_estate),
                daily=_daily(rows, span, estates[0].timezone) if full else [],
                places=_top_places(ids, span) if full else [])
    return _with_timeliness(figs)


def _volumes(ids, span):
    """(kind, channel, category, team, building id, count), grouped in SQL."""
    return db.execute(Ticket.select(Ticket.kind, Ticket.channel, Ticket.category, Ticket.team, Unit.building,
                                    fn.COUNT(Ticket.id))
                      .join(Unit, JOIN.LEFT_OUTER, on=(Ticket.unit == Unit.id)).where(of_period(ids, span))
                      .group_by(Ticket.kind, Ticket.channel, Ticket.category, Ticket.team, Unit.building)).fetchall()


def _by_dimension(volumes, ids):
    """{dimension: [(code, label, count)] most first}."""
    counts = {d: Counter() for d in DIMENSIONS}
    for *codes, n in volumes:
        for dim, code in zip(DIMENSIONS, codes):
            counts[dim][code if code not in ("", None) else ""] += n
    out = {d: [(code, code, n) for code, n in c.most_common()] for d, c in counts.items()}
    names = dict(Building.select(Building.id, Building.name).where(Building.estate.in_(ids)).tuples())
    out["building"] = [(code, names.get(code, ""), n) for code, _label, n in out["building"]]
    return out


def _epoch(moment):
    """Seconds since the epoch of a stored naive-UTC moment, computed by the database (SQLite or PostgreSQL)."""
    if isinstance(db.obj, PostgresqlDatabase):
        return fn.date_part("epoch", moment)
    return (fn.julianday(moment) - 2440587.5) * 86400.0


def _first(action):
    return _epoch(fn.MIN(Case(None, [(TicketEvent.action == action, TicketEvent.at)], None)))


def _ticket_rows(ids, span):
    """One row a ticket, its moments as epoch seconds, in one query: events and revisits folded in grouped
    subqueries. Read straight from the cursor: 50,000 rows through the model layer cost more than the query."""
    lo, hi = Ticket.select(fn.MIN(Ticket.id), fn.MAX(Ticket.id)).where(of_period(ids, span)).scalar(as_tuple=True)
    # Ids grow with time, so the period's tickets are (nearly) one id range: the events are read by the index
    # on (ticket, at) in that range, ticket after ticket; the outer join keeps only the period's tickets.
    events = (TicketEvent.select(TicketEvent.ticket.alias("tid"), _first("dispatch").alias("dispatched"),
                                 _first("arrive").alias("arrived"),
                                 fn.SUM(Case(None, [(TicketEvent.action == "reopen", 1)], 0)).alias("reopens"))
              .where(TicketEvent.ticket.between(lo, hi)).group_by(TicketEvent.ticket).alias("ev"))
    visits = (Revisit.select(Revisit.ticket.alias("tid"), _epoch(fn.MIN(Revisit.at)).alias("visited"))
              .where(Revisit.ticket.between(lo, hi) & Revisit.reached).group_by(Revisit.ticket).alias("rv"))
    query = (Ticket.select(Ticket.estate, Ticket.kind, Ticket.state, Ticket.needs_revisit,
                           fn.COALESCE(Ticket.satisfaction, Ticket.resident_rating), _epoch(Ticket.created_at),
                           _epoch(Ticket.accepted_at), _epoch(Ticket.done_at), events.c.dispatched,
                           events.c.arrived, events.c.reopens, visits.c.visited)
             .join(events, JOIN.LEFT_OUTER, on=(events.c.tid == Ticket.id))
             .join(visits, JOIN.LEFT_OUTER, on=(visits.c.tid == Ticket.id))
             .where(of_period(ids, span)))
    return db.execute(query).fetchall() if lo is not None else []


def _kpis(rows, units):
    """Every KPI of the domain from the period's ticket rows."""
    count = defaultdict(int)
    ratings = []
    for _e, kind, state, needs_revisit, rating, *_moments, reopens, visited in rows:
        resolved = state in RESOLVED
        count["complaints"] += kind == COMPLAINT
        count["valid"] += kind == COMPLAINT and state != CANCELLED
        count["handled"] += kind == COMPLAINT and resolved
        count["repairs_done"] += kind == REPAIR and resolved
        count["repairs_revisited"] += kind == REPAIR and resolved and visited is not None
        count["due"] += bool(resolved and needs_revisit or visited is not None)
        count["revisited"] += visited is not None
        count["reopened"] += bool(reopens)
        ratings.append(rating)
    return {"complaint_handling": kpis.complaint_handling_rate(count["handled"], count["valid"]),
            "repair_revisit": kpis.repair_revisit_rate(count["repairs_revisited"], count["repairs_done"]),
            "revisit": kpis.revisit_rate(count["revisited"], count["due"]),
            "satisfaction": kpis.satisfaction_rate(ratings),
            "average_satisfaction": kpis.average_satisfaction(ratings),
            "complaints_per_100": kpis.complaints_per_100_units(count["complaints"], units),
            "reopened": kpis.reopened_share(count["reopened"], len(rows)),
            "complaint_timeliness": None, "repair_timeliness": None}  # filled from the times


def _times(rows, estates):
    """{stage: {kind: summary}} of response, arrival and resolution times."""
    spans = defaultdict(lambda: ([], []))
    clocks = {e.id: _Clock(e.timezone, e.desk_hours, e.targets) for e in estates.values()}
    for estate_id, kind, _state, _nr, _r, created, accepted, done, dispatched, arrived, _ro, _v in rows:
        clock, targets = clocks[estate_id], clocks[estate_id].targets(kind)
        moments = (("respond", dispatched or created, accepted), ("resolve", created, done),
                   ("arrive", created, arrived if kind in ARRIVING_KINDS else None))
        for stage, start, end in moments:
            if start is not None and end is not None:
                minutes, limits = spans[(stage, kind)]
                minutes.append(clock.minutes(start, end, targets["clock"]))
                limits.append(targets[stage])
    return {stage: {kind: kpis.time_summary(*spans[(stage, kind)]) for s, kind in spans if s == stage}
            for stage, _label in kpis.STAGES_SHOWN}


class _Clock:
    """An estate's targets and its two clocks over epoch seconds: wall time, and desk hours on local time."""

    def __init__(self, tz_name, desk_hours=(DEFAULT_OPENS, DEFAULT_CLOSES), respond=None):
        self.zone, self.respond = ZoneInfo(tz_name), respond
        opens, closes = desk_hours
        self.opens, self.closes = opens.hour * 60 + opens.minute, closes.hour * 60 + closes.minute
        self.offsets, self.kinds = {}, {}

    def targets(self, kind):
        if kind not in self.kinds:
            self.kinds[kind] = stage_targets(kind, self.respond)
        return self.kinds[kind]

    def local_minutes(self, seconds):
        """Minutes since the epoch on the estate's wall clock (its UTC offset looked up once an hour)."""
        hour = int(seconds // 3600)
        if hour not in self.offsets:
            self.offsets[hour] = datetime.fromtimestamp(hour * 3600, self.zone).utcoffset().total_seconds()
        return (seconds + self.offsets[hour]) / 60

    def minutes(self, start, end, clock_name):
        if clock_name != CLOCK_WORKING:
            return (end - start) / 60
        return desk_minutes(self.local_minutes(start), self.local_minutes(end), self.opens, self.closes)


def _with_timeliness(figs):
    """Fill the two timeliness KPIs from the resolution-time summaries."""
    resolve = figs["times"].get("resolve", {})
    for code, kind in (("complaint_timeliness", COMPLAINT), ("repair_timeliness", REPAIR)):
        figs["kpis"][code] = resolve.get(kind, {}).get("within")
    return figs


def _daily(rows, span, tz_name):
    """[(local day, tickets taken)] for every day of the period."""
    clock = _Clock(tz_name)
    epoch_days = Counter(int(clock.local_minutes(row[5]) // MINUTES_A_DAY) for row in rows)
    days = {EPOCH_DAY + timedelta(days=n): count for n, count in epoch_days.items()}
    count = (span.last - span.first).days + 1
    return [(span.first + timedelta(days=i), days.get(span.first + timedelta(days=i), 0)) for i in range(count)]


def _top_places(ids, span):
    """[(place id, name, count)] of the places most reported at."""
    return list(Ticket.select(Place.id, Place.name, fn.COUNT(Ticket.id).alias("n"))
                .join(Place, on=(Ticket.place == Place.id)).where(of_period(ids, span))
                .group_by(Place.id, Place.name).order_by(fn.COUNT(Ticket.id).desc(), Place.name)
                .limit(TOP).tuples())


# A dimension's value for "not given" (no team, no category, no unit) in a figure's link.
NONE = "none"
# What a figure's list of tickets may be narrowed to, beyond the dimensions.
FLAGS = ("valid", "resolved", "rated", "satisfied", "revisited", "reopened")


def tickets_behind(estate_ids, span, filters):
    """The tickets behind a figure: the period's tickets narrowed by dimension values and one flag, newest last."""
    query = (Ticket.select(Ticket, Unit).join(Unit, JOIN.LEFT_OUTER, on=(Ticket.unit == Unit.id))
             .where(of_period(estate_ids, span)).order_by(Ticket.created_at, Ticket.id))
    for name in ("kind", "channel", "category", "team"):
        if name in filters:
            column = getattr(Ticket, name)
            query = query.where(((column == "") | column.is_null()) if filters[name] == NONE
                                else column == filters[name])
    if "building" in filters:
        query = query.where(Unit.building.is_null() if filters["building"] == NONE
                            else Unit.building == filters["building"])
    if "place" in filters:
        query = query.where(Ticket.place == filters["place"])
    return query.where(_flag(filters.get("flag"))) if filters.get("flag") in FLAGS else query


def _flag(name):
    rating = fn.COALESCE(Ticket.satisfaction, Ticket.resident_rating)
    reached = Revisit.select(Revisit.id).where((Revisit.ticket == Ticket.id) & Revisit.reached)
    reopened = TicketEvent.select(TicketEvent.id).where((TicketEvent.ticket == Ticket.id)
                                                        & (TicketEvent.action == "reopen"))
    return {"valid": Ticket.state != CANCELLED, "resolved": Ticket.state.in_(RESOLVED),
            "rated": rating.is_null(False), "satisfied": rating >= kpis.SATISFIED_FROM,
            "revisited": fn.EXISTS(reached), "reopened": fn.EXISTS(reopened)}[name]
