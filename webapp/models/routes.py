"""Setting patrol up: a route's name, order and checkpoints, its retirement, and the plans that say when routes
are walked. Each operation owns its transaction and records what it changed in the audit record. Rounds not
yet started follow a change of checkpoints; a round under way needs a removed checkpoint no more, and rounds
over keep the count they had."""
from peewee import JOIN, fn

from .. import clock
from ..db import write_transaction
from ..domain import N_, Refused
from ..domain.patrol import UNDERWAY, WAITING
from ..domain.places import CHECKPOINT
from .audit import record, snapshot
from .patrol import Plan, Round, Route, RouteStop, Visit, save_plan, stop_plan
from .place import Place

ROUTE_FIELDS = ("name", "sequence", "retired")
PLAN_FIELDS = ("route", "team", "first", "last", "every", "weekdays", "window_minutes", "grace_minutes", "active")
# Positions a stop passes through while two swap places: the unique (route, position) index never sees both.
PARKED = -1
# A checkpoint taken off after it was scanned keeps its row (past visits point at it) at a position far below any
# a route uses, its own id subtracted so that each is unique.
REMOVED_BELOW = -1_000_000


def create_route(actor, estate, name, sequence):
    """A new route, without checkpoints yet."""
    with write_transaction():
        route = Route.create(estate=estate, name=name, sequence=sequence)
        record(actor, "route", route.id, "create", None, snapshot(route, ROUTE_FIELDS), estate=estate.id)
    return route


def update_route(actor, route, name, sequence):
    """Rename a route or change whether its checkpoints are walked in order."""
    with write_transaction():
        return _changed(actor, route, name=name, sequence=sequence)


def retire_route(actor, route):
    """Retire a route: no longer offered, its rounds and their history kept; refused while a plan walks it."""
    with write_transaction():
        if Plan.select().where((Plan.route == route) & Plan.active).exists():
            raise Refused(N_("A plan still walks this route: stop its plans first, then retire it."))
        return _changed(actor, route, retired=True)


def add_stop(actor, route, place, walk_minutes, not_before=None):
    """Put a checkpoint at the end of a route."""
    with write_transaction():
        before = _checkpoints(route)
        on_route = (RouteStop.route == route) & RouteStop.removed_at.is_null()
        if RouteStop.select().where(on_route & (RouteStop.place == place)).exists():
            raise Refused(N_("%(name)s is already on this route."), name=place.name)
        position = RouteStop.select(fn.COUNT(RouteStop.id)).where(on_route).scalar()
        stop = RouteStop.create(route=route, place=place, position=position, walk_minutes=walk_minutes,
                                not_before=not_before)
        _record_checkpoints(actor, route, before)
        _recount_waiting(route)
    return stop


def remove_stop(actor, route, stop):
    """Take a checkpoint off a route; those after it move up one. One scanned on past rounds is kept as removed,
    so their record still says where the guard was."""
    with write_transaction():
        stop = RouteStop.get_by_id(stop.id)
        if stop.removed_at is not None:
            return  # taken off a moment ago (a second tap)
        before = _checkpoints(route)
        if Visit.select().where(Visit.stop == stop).exists():
            RouteStop.update(removed_at=clock.utcnow(), position=REMOVED_BELOW - stop.id).where(
                RouteStop.id == stop.id).execute()
        else:
            RouteStop.delete().where(RouteStop.id == stop.id).execute()
        later = (RouteStop.route == route) & (RouteStop.position > stop.position)
        # Two steps through negative positions: one UPDATE shifting down would meet the unique index midway.
        RouteStop.update(position=RouteStop.position * -1 - 1).where(later).execute()
        RouteStop.update(position=RouteStop.position * -1 - 2).where(
            (RouteStop.route == route) & (RouteStop.position < 0) & (RouteStop.position > REMOVED_BELOW)).execute()
        _record_checkpoints(actor, route, before)
        _recount_waiting(route)
        _spare_underway(route, stop)


def move_stop(actor, route, stop, step):
    """Move a checkpoint one place earlier (step -1) or later (+1); at either end it stays."""
    with write_transaction():
        stop = RouteStop.get_by_id(stop.id)
        other = RouteStop.get_or_none((RouteStop.route == route) & (RouteStop.position == stop.position + step))
        if other is None:
            return
        before = _checkpoints(route)
        RouteStop.update(position=PARKED).where(RouteStop.id == stop.id).execute()
        RouteStop.update(position=stop.position).where(RouteStop.id == other.id).execute()
        RouteStop.update(position=other.position).where(RouteStop.id == stop.id).execute()
        _record_checkpoints(actor, route, before)


def save_plan_by(actor, estate, fields, plan=None):
    """Create or change a plan (models.patrol.save_plan) and record the change; raises Refused."""
    before = snapshot(plan, PLAN_FIELDS) if plan else None
    with write_transaction():
        saved = save_plan(estate, plan=plan, **fields)
        record(actor, "plan", saved.id, "update" if plan else "create", before, snapshot(saved, PLAN_FIELDS),
               estate=estate.id)
    return saved


def stop_plan_by(actor, plan):
    """Stop a plan and record it."""
    with write_transaction():
        stop_plan(plan)
        record(actor, "plan", plan.id, "update", {"active": plan.active}, {"active": False},
               estate=plan.estate_id)


def _changed(actor, route, **changes):
    before = snapshot(route, tuple(changes))
    Route.update(**changes).where(Route.id == route.id).execute()
    route = Route.get_by_id(route.id)
    record(actor, "route", route.id, "update", before, snapshot(route, tuple(changes)), estate=route.estate_id)
    return route


def _checkpoints(route):
    """The route's checkpoints as one line of text for the record: names, walks and not-before times."""
    return " → ".join(f"{s.place.name} ({s.walk_minutes}′{'' if s.not_before is None else f', ≥{s.not_before}′'})"
                      for s in route.ordered_stops())


def _recount_waiting(route):
    """Rounds of the route not yet started will walk it as it is now."""
    count = RouteStop.select(fn.COUNT(RouteStop.id)).where(
        (RouteStop.route == route) & RouteStop.removed_at.is_null()).scalar()
    Round.update(stops=count).where((Round.route == route) & (Round.state == WAITING)).execute()


def _spare_underway(route, stop):
    """Rounds under way need the removed checkpoint no more, unless it was covered already."""
    covered = Visit.select().where((Visit.round == Round.id) & (Visit.stop == stop.id) & Visit.counted)
    Round.update(stops=Round.stops - 1).where(
        (Round.route == route) & (Round.state == UNDERWAY) & ~fn.EXISTS(covered)).execute()


def _record_checkpoints(actor, route, before):
    record(actor, "route", route.id, "update", {"checkpoints": before}, {"checkpoints": _checkpoints(route)},
           estate=route.estate_id)


def routes_of(estate):
    """The estate's routes in use, by name, each with its number of checkpoints and total walking minutes."""
    return (Route.select(Route, fn.COUNT(RouteStop.id).alias("checkpoints"),
                         fn.COALESCE(fn.SUM(RouteStop.walk_minutes), 0).alias("walking"))
            .join(RouteStop, JOIN.LEFT_OUTER, on=(RouteStop.route == Route.id) & RouteStop.removed_at.is_null())
            .where((Route.estate == estate) & ~Route.retired)
            .group_by(Route.id).order_by(Route.name, Route.id))


def checkpoints_of(estate):
    """The estate's checkpoints in use, by name: what a route may pass."""
    return Place.select().where((Place.estate == estate) & (Place.kind == CHECKPOINT) & ~Place.retired).order_by(
        Place.name, Place.id)


def plans_of(estate):
    """The estate's plans with their routes, active ones first."""
    return (Plan.select(Plan, Route).join(Route).where(Plan.estate == estate)
            .order_by(Plan.active.desc(), Route.name, Plan.first, Plan.id))
