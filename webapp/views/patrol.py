"""The guard's patrol on the phone: today's rounds, one round walked checkpoint by checkpoint (also offline, through
the outbox), findings, finishing and handing a round over."""
import hashlib
from datetime import timedelta

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..domain import Refused
from ..domain.hours import local_day_bounds, local_time
from ..forms.rounds import FinishRoundForm, HandRoundForm, RoundFindingForm, ScanForm
from ..models import rounds
from ..models.duty import may_edit_roster, team_members
from ..models.handling import staff_scope
from ..models.patrol import Round, expected_times, make_rounds, rounds_between
from ..web.auth import role_required
from ..web.i18n import explain
from ..web.replay import device_time, keep_offline
from ..web.uploads import saved_photos

bp = Blueprint("patrol", __name__, url_prefix="/patrol")


@bp.get("/")
@role_required()
def index():
    """Today's rounds of my team, mine first."""
    make_rounds(g.estate)
    start, end = local_day_bounds(local_time(clock.utcnow(), g.estate.timezone).date(), g.estate.timezone)
    today = [r for r in rounds_between(g.estate, start - timedelta(hours=12), end) if r.team == current_user.team
             and (r.is_open or r.starts_at >= start)]
    today.sort(key=lambda r: (not r.is_open, r.assignee_id != current_user.id, r.starts_at))
    return render_template("patrol/index.html", rounds=today,
                           supervises=may_edit_roster(current_user, g.estate, current_user.team))


@bp.get("/rounds/<int:round_id>")
@role_required()
def round_page(round_id):
    return keep_offline(_page(_round(round_id)))


def _page(round_, error=None, finding=None, status=200):
    stops = list(round_.route.ordered_stops())
    return render_template(
        "patrol/round.html", round=round_, stops=stops, expected=expected_times(round_, stops),
        visits=_visits_by_stop(round_), not_before={s.id: round_.starts_at + timedelta(minutes=s.not_before)
                                                     for s in stops if s.not_before is not None}, tags={s.id: sticker_tag(s.place.token) for s in stops}, error=error,
        finding=finding or RoundFindingForm(stops, formdata=None), finish=FinishRoundForm(formdata=None),
        hand=HandRoundForm(_teammates(round_), formdata=None), mine=round_.assignee_id in (None, current_user.id),
        findings=round_.findings), status


def _visits_by_stop(round_):
    visits = {}
    for visit in round_.visits.order_by(rounds.Visit.at):
        visits.setdefault(visit.stop_id, []).append(visit)
    return visits


def sticker_tag(token):
    """What the round page says of a checkpoint's sticker, so the phone can mark a scan it keeps offline without
    the page ever showing the sticker's token (which would let anyone check in without being there)."""
    return hashlib.sha256(token.encode()).hexdigest()[:16]


def _teammates(round_):
    return [p for p in team_members(g.estate, round_.team) if p.id != round_.assignee_id]


def _round(round_id):
    round_ = Round.get_or_none((Round.id == round_id) & (Round.estate == g.estate))
    if round_ is None or not (current_user.team == round_.team
                              or may_edit_roster(current_user, g.estate, round_.team)):
        abort(404)
    return round_


def _done(round_id, message=None):
    if message:
        flash(message, "success")
    return redirect(url_for("patrol.round_page", round_id=round_id), 303)


def _refused(round_id, refused, **forms):
    return _page(_round(round_id), error=explain(refused), status=422, **forms)


@bp.post("/rounds/<int:round_id>/start")
@role_required()
def start(round_id):
    try:
        rounds.start(_round(round_id).id, current_user)
    except Refused as refused:
        return _refused(round_id, refused)
    return _done(round_id)


@bp.post("/rounds/<int:round_id>/scans")
@role_required()
def scan(round_id):
    round_, form = _round(round_id), ScanForm()
    try:
        if not form.validate():
            raise Refused(form.refusal() or _("This scan could not be read; scan the sticker again."))
        rounds.scan(round_.id, current_user, form.token.data, f"{staff_scope(current_user)}:{form.client_id.data}",
                    form.via.data, device_at=form.device_at(), device_sent=device_time(),
                    offline=form.offline.data == "1")
    except Refused as refused:
        return _refused(round_id, refused)
    return _done(round_id)


@bp.post("/rounds/<int:round_id>/findings")
@role_required()
def finding(round_id):
    round_ = _round(round_id)
    form = RoundFindingForm(list(round_.route.ordered_stops()))
    if not form.validate():
        return _page(round_, finding=form, status=422)
    try:
        ticket = rounds.log_finding(
            round_.id, current_user, form.places[form.place.data], form.scoped_key(staff_scope(current_user)),
            kind=form.kind.data, description=form.description.data.strip(), urgent=form.urgent.data,
            photos=saved_photos(form.photos))
    except Refused as refused:
        return _refused(round_id, refused, finding=form)
    return _done(round_id, _("Ticket %(number)s taken.", number=ticket.number))


@bp.post("/rounds/<int:round_id>/finish")
@role_required()
def finish(round_id):
    form = FinishRoundForm()
    try:
        if not form.validate():
            raise Refused(form.refusal())
        rounds.finish(_round(round_id).id, current_user, form.note.data or "")
    except Refused as refused:
        return _refused(round_id, refused)
    return _done(round_id, _("Round finished."))


@bp.post("/rounds/<int:round_id>/handover")
@role_required()
def hand_over(round_id):
    round_ = _round(round_id)
    form = HandRoundForm(team_members(g.estate, round_.team))
    try:
        if not form.validate():
            raise Refused(form.refusal())
        rounds.hand_over(round_.id, current_user, form.people[form.to.data], form.reason.data)
    except Refused as refused:
        return _refused(round_id, refused)
    return _done(round_id, _("Round handed over."))
