"""Walking a round: start it, scan its checkpoints (also late, from a phone's outbox), log findings, hand it over,
finish it; and the clock's closing of rounds whose time is up. Each step owns its transaction, makes its race safe
with a conditional UPDATE or a unique key, and records its event."""
from datetime import timedelta

from peewee import IntegrityError, fn

from .. import clock
from ..db import db, write_transaction
from ..domain import N_, Refused
from ..domain.hours import local_time
from ..domain.patrol import (COUNTED, DONE, OPEN_ROUNDS, UNDERWAY, WAITING, check_handover, check_scan,
                             check_start, check_walker, is_out_of_order, reckoned_time, round_alert, round_alert_key,
                             round_outcome, scan_flags, visit_verdict, walk_between)
from ..domain.vocabulary import PATROL
from .alerts import notify
from .changes import bump
from .duty import Duty
from .estate import Team
from .handling import take_request
from .patrol import Finding, Round, RouteStop, Visit
from .place import Place


def start(round_id, by, now=None):
    """Set off on a round: once, by its assignee (or anyone of the team while it has none)."""
    now = now or clock.utcnow()
    with write_transaction():
        round_ = Round.get_by_id(round_id)
        check_start(round_.state, round_.window, now, round_.assignee_id, by.id)
        mine = (Round.id == round_id) & (Round.state == WAITING)
        if not Round.update(state=UNDERWAY, started_at=now, started_by=by, assignee=by,
                            first_assignee=fn.COALESCE(Round.first_assignee, by.id)).where(mine).execute():
            raise Refused(N_("This round has already started or is over."))
        round_.log("start", by, now)
        bump(round_.estate_id)
    return Round.get_by_id(round_id)


def scan(round_id, by, token, client_id, via, received=None, device_at=None, device_sent=None, offline=False):
    """Record a checkpoint's scan; the same client id again gives the visit already recorded. A scan of a round
    that closed meanwhile still counts if it was made before the round closed (it waited in the outbox), and the
    round is judged again."""
    received = received or clock.utcnow()
    earlier = Visit.get_or_none(Visit.client_id == client_id)
    if earlier is not None:
        return earlier
    at, skew = reckoned_time(received, device_at, device_sent)
    try:
        with write_transaction():
            round_ = Round.get_by_id(round_id)
            stop = _stop_scanned(round_, token)
            check_scan(round_.state, round_.window, at)
            check_walker(round_.assignee_id, by.id)
            if round_.state == WAITING:
                check_start(WAITING, round_.window, at, round_.assignee_id, by.id)
                Round.update(state=UNDERWAY, started_at=at, started_by=by, assignee=by).where(
                    (Round.id == round_id) & (Round.state == WAITING)).execute()
                round_.log("start", by, received, note="scan")
            visit = _record_visit(round_, stop, by, client_id, via, at, received, device_at, skew, offline)
            if not round_.is_open:
                rejudge(round_, received)
            bump(round_.estate_id)
    except IntegrityError:  # the same scan, sent twice at the same moment
        return Visit.get(Visit.client_id == client_id)
    return visit


def _stop_scanned(round_, token):
    stop = (RouteStop.select(RouteStop, Place).join(Place)
            .where((RouteStop.route == round_.route_id) & (Place.token == token) & RouteStop.removed_at.is_null())
            .first())
    if stop is None:
        raise Refused(N_("This sticker is not a checkpoint of this round."))
    return stop


def _record_visit(round_, stop, by, client_id, via, at, received, device_at, skew, offline):
    stops = list(round_.route.ordered_stops())
    window = round_.window
    verdict = visit_verdict(at, window, _not_before(round_, stop))
    before = list(Visit.select(Visit, RouteStop).join(RouteStop).where(Visit.round == round_).order_by(Visit.at))
    covered = {v.stop.position for v in before if v.counted}
    previous = before[-1] if before and before[-1].stop.removed_at is None else None  # no walk from a stop gone
    same = [v.at for v in before if v.stop_id == stop.id]
    counted = verdict in COUNTED and stop.position not in covered
    flags = scan_flags(at, received, skew, via, previous.at if previous else None,
                       walk_between([s.walk_minutes for s in stops], previous.stop.position, stop.position)
                       if previous else None, same[-1] if same else None,
                       is_out_of_order(round_.route.sequence, covered, stop.position), offline)
    visit = Visit.create(round=round_, stop=stop, by=by, client_id=client_id, via=via, at=at, received_at=received,
                         device_at=device_at, skew_seconds=int(skew.total_seconds()) if skew is not None else None,
                         verdict=verdict, counted=counted, flags=",".join(flags))
    if counted:
        Round.update(covered=Round.covered + 1).where(Round.id == round_.id).execute()
    return visit


def _not_before(round_, stop):
    return round_.starts_at + timedelta(minutes=stop.not_before) if stop.not_before is not None else None


def log_finding(round_id, by, place, intake_key, **fields):
    """What a guard found at a checkpoint becomes a ticket (channel patrol) routed by the usual rules."""
    round_ = Round.get_by_id(round_id)
    ticket = take_request(round_.estate, by, channel=PATROL, place=place, location=place.where,
                          intake_key=intake_key, **fields)
    Finding.get_or_create(round=round_, ticket=ticket, defaults=dict(place=place, by=by))
    return ticket


def hand_over(round_id, by, to, reason, now=None):
    """Hand a round not yet over to another member of the team; the first assignee is kept."""
    now = now or clock.utcnow()
    with write_transaction():
        round_ = Round.get_by_id(round_id)
        check_handover(round_.state, to.id if to else None, round_.assignee_id, reason)
        Round.update(assignee=to, first_assignee=fn.COALESCE(Round.first_assignee, round_.assignee_id)).where(
            (Round.id == round_id) & Round.state.in_(OPEN_ROUNDS)).execute()
        round_.log("hand", by, now, note=reason.strip(), target=to)
        bump(round_.estate_id)
    return Round.get_by_id(round_id)


def finish(round_id, by, note="", now=None):
    """Finish a round: done if every checkpoint was covered, incomplete otherwise."""
    now = now or clock.utcnow()
    with write_transaction():
        round_ = Round.get_by_id(round_id)
        check_walker(round_.assignee_id, by.id)
        outcome = round_outcome(round_.stops, round_.covered)
        if not Round.update(state=outcome, finished_at=now, finished_by=by, note=note.strip()).where(
                (Round.id == round_id) & (Round.state == UNDERWAY)).execute():
            raise Refused(N_("This round is not under way."))
        round_.log("finish", by, now, note=note.strip())
        alert_short(round_, outcome, now)
        bump(round_.estate_id)
    return Round.get_by_id(round_id)


def close_due(now=None):
    """The clock's part: judge every open round whose window and grace have passed (missed, incomplete or done),
    each once even with two clocks at work. Returns how many it closed."""
    now = now or clock.utcnow()
    closed = 0
    for round_ in Round.select().where(Round.state.in_(OPEN_ROUNDS) & (Round.closes_at <= now)):
        with write_transaction():
            outcome = round_outcome(round_.stops, Round.get_by_id(round_.id).covered)
            if Round.update(state=outcome).where((Round.id == round_.id) & (Round.state == round_.state)).execute():
                round_.log("close", None, now, note=outcome)
                alert_short(round_, outcome, now)
                bump(round_.estate_id)
                closed += 1
    return closed


ROUND_PATH = "/patrol/board/rounds/{id}"  # patrol_board.round_view; built here for the clock process


def alert_short(round_, outcome, now):
    """Tell the round's team lead (else whoever leads the team on duty now) that it was missed or left
    incomplete, once per round; the estate's webhook hears it too."""
    if outcome == DONE:
        return
    round_ = Round.get_by_id(round_.id)
    payload = round_alert(round_.route.name, outcome, round_.covered, round_.stops, ROUND_PATH.format(id=round_.id))
    try:
        with db.atomic():
            notify(round_.estate, f"round_{outcome}", payload, recipient=_lead(round_, now),
                   once=round_alert_key(round_.id))
    except IntegrityError:
        pass  # told already


def _lead(round_, now):
    team = Team.get_or_none((Team.estate == round_.estate_id) & (Team.code == round_.team))
    if team is not None and team.lead_id:
        return team.lead_id
    return Duty.leads_now(round_.estate, local_time(now, round_.estate.timezone)).get(round_.team)


def rejudge(round_, now):
    """Judge a closed round again after a late-arriving scan (made offline before it closed)."""
    fresh = Round.get_by_id(round_.id)
    outcome = round_outcome(fresh.stops, fresh.covered)
    if outcome != fresh.state and fresh.state not in OPEN_ROUNDS and fresh.state != DONE:
        Round.update(state=outcome).where(Round.id == fresh.id).execute()
        fresh.log("rejudge", None, now, note=f"{fresh.state}>{outcome}")
