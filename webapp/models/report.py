"""The monthly report (and any period): a few grouped queries over an estate's tickets, the KPIs from the domain."""
from collections import Counter, defaultdict, namedtuple
from datetime import date, datetime, timedelta

from peewee import JOIN, SQL, Case, NodeList, PostgresqlDatabase, fn

from ..domain import kpis
from ..db import db
from ..domain.hours import local_day_bounds
from ..domain.targets import CLOCK_WORKING, MINUTES_A_DAY
from ..domain.vocabulary import CANCELLED, CLOSED, COMPLAINT, DONE, REPAIR, RESOLVED_AT_DESK
from .clocks import Clocks
from .estate import Building, Unit
from .place import Place
from .ticket import Revisit, Ticket, TicketEvent

RESOLVED = (DONE, CLOSED, RESOLVED_AT_DESK)
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
    rows = _ticket_rows(ids, span)
    volumes = Counter((row[2], *row[_DIMENSIONS]) for row in rows)
    units = Unit.select().where(Unit.estate.in_(ids)).count()
    clocks = {e.id: _Clock(e) for e in estates}
    figs = dict(total=len(rows), by=_by_dimension(volumes, ids), units=units,
                kpis=_kpis(rows, units), times=_times(rows, clocks),
                daily=_daily(rows, span, clocks[ids[0]]) if full else [],
                places=_top_places(ids, span) if full else [])
    return _with_timeliness(figs)


def _by_dimension(volumes, ids):
    """{dimension: [(code, label, count)] most first} of the counts of each (kind, channel, category, team,
    building)."""
    counts = {d: Counter() for d in DIMENSIONS}
    for codes, n in volumes.items():
        for dim, code in zip(DIMENSIONS, codes):
            counts[dim][code if code not in ("", None) else ""] += n
    out = {d: [(code, code, n) for code, n in c.most_common()] for d, c in counts.items()}
    names = dict(Building.select(Building.id, Building.name).where(Building.estate.in_(ids)).tuples())
    out["building"] = [(code, names.get(code, ""), n) for code, _label, n in out["building"]]
    return out


def _epoch(moment):
    """Minutes since the epoch of a stored naive-UTC moment, computed by the database (SQLite or PostgreSQL)."""
    if isinstance(db.obj, PostgresqlDatabase):
        return fn.date_part("epoch", moment) / 60.0
    return (fn.julianday(moment) - 2440587.5) * float(MINUTES_A_DAY)


# The events the report reads: the first of each timed step, and reopenings.
_TIMED_ACTIONS = ("dispatch", "arrive", "hold", "reopen")


def _first(action):
    return _epoch(fn.MIN(Case(None, [(TicketEvent.action == action, TicketEvent.at)], None)))


_DIMENSIONS, _URGENT = slice(15, 19), 19  # where a row's volume dimensions and its urgency are


def _ticket_rows(ids, span, narrowed=None):
    """One row a ticket (id, estate, kind, state, needs_revisit, rating, then the moments created, dispatched,
    accepted, arrived, done, visited, first hold as epoch minutes, paused minutes, reopens, then the channel,
    category, team and building counted in the volumes, and whether urgent), in one query: events and revisits folded in grouped
    subqueries. Read straight from the cursor: 50,000 rows through the model layer cost more than the query."""
    where = of_period(ids, span) if narrowed is None else of_period(ids, span) & narrowed
    lo, hi, count = Ticket.select(fn.MIN(Ticket.id), fn.MAX(Ticket.id), fn.COUNT(Ticket.id)).where(where).scalar(
        as_tuple=True)
    # Ids grow with time, so the period's tickets are (nearly) one id range: the events are read by the index
    # on (ticket, at) in that range, ticket after ticket; the outer join keeps only the period's tickets.
    if count and 2 * count > hi - lo and not isinstance(db.obj, PostgresqlDatabase):
        # SQLite would fetch each ticket by the (estate, created_at) index in random order; when the period
        # is most of its id range, reading that range in order is twice as fast (unary + hides the index).
        where = Ticket.id.between(lo, hi) & NodeList((SQL("+"), NodeList((where,), parens=True)), glue="")
    events = (TicketEvent.select(TicketEvent.ticket.alias("tid"), _first("dispatch").alias("dispatched"),
                                 _first("arrive").alias("arrived"), _first("hold").alias("held"),
                                 fn.SUM(Case(None, [(TicketEvent.action == "reopen", 1)], 0)).alias("reopens"))
              .where(TicketEvent.ticket.between(lo, hi) & TicketEvent.action.in_(_TIMED_ACTIONS))
              .group_by(TicketEvent.ticket).alias("ev"))
    visits = (Revisit.select(Revisit.ticket.alias("tid"), _epoch(fn.MIN(Revisit.at)).alias("visited"))
              .where(Revisit.ticket.between(lo, hi) & Revisit.reached).group_by(Revisit.ticket).alias("rv"))
    query = (Ticket.select(Ticket.id, Ticket.estate, Ticket.kind, Ticket.state, Ticket.needs_revisit,
                           fn.COALESCE(Ticket.satisfaction, Ticket.resident_rating), _epoch(Ticket.created_at),
                           fn.COALESCE(_epoch(Ticket.dispatched_at), events.c.dispatched),
                           _epoch(Ticket.accepted_at), events.c.arrived, _epoch(Ticket.done_at), visits.c.visited,
                           events.c.held, Ticket.paused_minutes, events.c.reopens,
                           Ticket.channel, Ticket.category, Ticket.team, Unit.building, Ticket.urgent)
             .join(Unit, JOIN.LEFT_OUTER, on=(Ticket.unit == Unit.id))
             .join_from(Ticket, events, JOIN.LEFT_OUTER, on=(events.c.tid == Ticket.id))
             .join(visits, JOIN.LEFT_OUTER, on=(visits.c.tid == Ticket.id))
             .where(where))
    return db.execute(query).fetchall() if lo is not None else []


def _kpis(rows, units):
    """Every KPI of the domain from the period's ticket rows."""
    count = defaultdict(int)
    ratings = []
    for _i, _e, kind, state, needs_revisit, rating, _c, _d, _a, _ar, _dn, visited, _h, _p, reopens, *_v in rows:
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


def _times(rows, clocks):
    """{stage: {kind: summary}} of response, arrival, resolution and return visit times."""
    spans = defaultdict(list)  # (stage, kind, target): minutes
    for row in rows:
        clock = clocks[row[1]]
        targets = clock.targets(row[2], bool(row[_URGENT]))
        for stage, minutes in _stage_times(row, clock, targets):
            spans[(stage, row[2], targets[stage])].append(minutes)
    times = {stage: defaultdict(lambda: ([], [])) for stage, _label in kpis.STAGES_SHOWN}
    for (stage, kind, target), minutes in spans.items():
        times[stage][kind][0].extend(minutes)
        times[stage][kind][1].extend([target] * len(minutes))
    return {stage: {kind: kpis.time_summary(*both) for kind, both in kinds.items()} for stage, kinds in times.items()}


def _stage_times(row, clock, targets):
    """The domain's stage times of a ticket row, on its kind's clock and its estate's calendar."""
    if targets["clock"] == CLOCK_WORKING:
        at = clock.working_at
        return kpis.stage_times(row[2], *[None if m is None else at(m) for m in row[6:13]], row[13])
    return kpis.stage_times(row[2], *row[6:14])


class _Clock:
    """An estate's stage targets and its clocks over epoch minutes: local wall time, and working time (desk hours
    on working days of its calendar)."""

    def __init__(self, estate):
        clocks = Clocks(estate)
        self.zone, self.working, self.targets = clocks.on.zone, clocks.on.working, clocks.targets
        self.offsets, self.days = {}, {}

    def local_minutes(self, minutes):
        """Minutes since the epoch on the estate's wall clock (its UTC offset looked up once an hour)."""
        hour = int(minutes // 60)
        if hour not in self.offsets:
            self.offsets[hour] = datetime.fromtimestamp(hour * 3600, self.zone).utcoffset().total_seconds() / 60
        return minutes + self.offsets[hour]

    def working_at(self, minutes):
        """Working minutes up to a moment (WorkingTime.since_epoch): the difference of two is the working time
        between them. Each local day's start and length are looked up once, for reports of many tickets."""
        day, minute = divmod(self.local_minutes(minutes), MINUTES_A_DAY)
        if day not in self.days:
            start = self.working.since_epoch(day * MINUTES_A_DAY)
            self.days[day] = start, self.working.since_epoch((day + 1) * MINUTES_A_DAY) - start
        start, length = self.days[day]
        return start + min(max(minute - self.working.opens, 0), length)


def _with_timeliness(figs):
    """Fill the two timeliness KPIs from the resolution-time summaries."""
    resolve = figs["times"].get("resolve", {})
    for code, kind in (("complaint_timeliness", COMPLAINT), ("repair_timeliness", REPAIR)):
        figs["kpis"][code] = resolve.get(kind, {}).get("within")
    return figs


def _daily(rows, span, clock):
    """[(local day, tickets taken)] for every day of the period."""
    epoch_days = Counter(int(clock.local_minutes(row[6]) // MINUTES_A_DAY) for row in rows)
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
# The stages whose "late" list a figure opens: the tickets that missed the stage's target.
LATE_STAGES = tuple(stage for stage, _label in kpis.STAGES_SHOWN)


def tickets_behind(estates, span, filters, page, per_page):
    """A page of the tickets behind a figure, oldest first, and how many there are: the period's tickets narrowed
    by dimension values, one flag, and with `late` to those that missed that stage's target."""
    ids = [e.id for e in estates]
    query = (Ticket.select(Ticket, Unit).join(Unit, JOIN.LEFT_OUTER, on=(Ticket.unit == Unit.id))
             .order_by(Ticket.created_at, Ticket.id))
    if filters.get("late") in LATE_STAGES:
        late = _late(estates, span, filters)
        return list(query.where(Ticket.id.in_(late[(page - 1) * per_page:page * per_page]))), len(late)
    query = query.where(of_period(ids, span) & _narrowed(filters))
    return list(query.paginate(page, per_page)), query.count()


def _late(estates, span, filters):
    """Ids of the period's narrowed tickets whose time in the `late` stage missed its target, oldest first,
    measured as the report measures it."""
    clocks = {e.id: _Clock(e) for e in estates}
    late = []
    for row in _ticket_rows(list(clocks), span, _narrowed(filters)):
        targets = clocks[row[1]].targets(row[2], bool(row[_URGENT]))
        late += [(row[6], row[0]) for stage, minutes in _stage_times(row, clocks[row[1]], targets)
                 if stage == filters["late"] and kpis.missed(minutes, targets[stage])]
    return [ticket_id for _created, ticket_id in sorted(late)]


def _narrowed(filters):
    """The condition on a ticket of a figure's dimension values and flag."""
    condition = Ticket.id.is_null(False)
    for name in ("kind", "channel", "category", "team"):
        if name in filters:
            column = getattr(Ticket, name)
            condition &= ((column == "") | column.is_null()) if filters[name] == NONE else column == filters[name]
    if "building" in filters:
        units = Unit.select(Unit.id).where(Unit.building == filters["building"])
        condition &= Ticket.unit.is_null() if filters["building"] == NONE else Ticket.unit.in_(units)
    if "place" in filters:
        condition &= Ticket.place == filters["place"]
    return condition & _flag(filters["flag"]) if filters.get("flag") in FLAGS else condition


def _flag(name):
    rating = fn.COALESCE(Ticket.satisfaction, Ticket.resident_rating)
    reached = Revisit.select(Revisit.id).where((Revisit.ticket == Ticket.id) & Revisit.reached)
    reopened = TicketEvent.select(TicketEvent.id).where((TicketEvent.ticket == Ticket.id)
                                                        & (TicketEvent.action == "reopen"))
    return {"valid": Ticket.state != CANCELLED, "resolved": Ticket.state.in_(RESOLVED),
            "rated": rating.is_null(False), "satisfied": rating >= kpis.SATISFIED_FROM,
            "revisited": fn.EXISTS(reached), "reopened": fn.EXISTS(reopened)}[name]
