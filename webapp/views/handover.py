"""Shift hand-over (交接班): the team's open hand-over, handing over, confirming, the history and its print."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..domain import Refused
from ..domain.vocabulary import OVERSEEING_ROLES, TEAM_ROLES
from ..forms.handover import ConfirmForm, HandOverForm, StartForm, WithdrawForm
from ..models.estate import team_codes
from ..models.handover import Handover, confirm, current as open_handover, hand_over, history as past, \
    live_lines, may_read, start as open_new, withdraw
from ..web.auth import role_required
from ..web.i18n import explain
from ..web.labels import team_choices

bp = Blueprint("handover", __name__, url_prefix="/handover")
READERS = TEAM_ROLES + OVERSEEING_ROLES


@bp.get("/")
@role_required(*READERS)
def current():
    if current_user.role not in TEAM_ROLES or not current_user.team:
        return redirect(url_for("handover.history"))  # the desk reads hand-overs, it does not make them
    return _page()


@bp.post("/")
@role_required(*TEAM_ROLES)
def start():
    form = StartForm()
    try:
        if not form.validate():
            raise Refused(form.refusal())
        open_new(g.estate, current_user, form.team.data or "")
    except Refused as refused:
        flash(explain(refused), "error")
    return redirect(url_for("handover.current"))


@bp.post("/<int:handover_id>/handing-over")
@role_required(*TEAM_ROLES)
def handing_over(handover_id):
    handover, form = _visible(handover_id), HandOverForm()
    try:
        if not form.validate():
            raise Refused(form.refusal())
        hand_over(handover.id, current_user, form.notes.data or "")
    except Refused as refused:
        return _page(hand_form=form, error=explain(refused))
    flash(_("Handed over. A colleague coming on shift confirms it with their own sign-in."), "success")
    return redirect(url_for("handover.current"))


@bp.post("/<int:handover_id>/confirmation")
@role_required(*TEAM_ROLES)
def confirmation(handover_id):
    items = _visible(handover_id).lines()
    form = ConfirmForm(items)
    try:
        if not form.validate():
            raise Refused(form.refusal())
        confirm(handover_id, current_user, form.accepted.data or [])
    except Refused as refused:
        return _page(confirm_form=form, error=explain(refused))
    flash(_("Hand-over confirmed. What you did not tick is carried into the next one."), "success")
    return redirect(url_for("handover.show", handover_id=handover_id))


@bp.post("/<int:handover_id>/withdrawal")
@role_required(*READERS)
def withdrawal(handover_id):
    """Withdraw a hand-over opened and never handed over, so the team can start afresh."""
    handover, form = _visible(handover_id), WithdrawForm()
    try:
        if not form.validate():
            raise Refused(form.refusal())
        withdraw(handover.id, current_user)
        flash(_("Hand-over withdrawn: the team can start a new one."), "success")
    except Refused as refused:
        flash(explain(refused), "error")
    return redirect(url_for("handover.current"))


@bp.get("/history")
@role_required(*READERS)
def history():
    team = _team_asked()
    handovers, counts = past(g.estate, team)
    teams = team_choices(g.estate) if current_user.role in OVERSEEING_ROLES else None
    return render_template("handover/history.html", handovers=handovers, counts=counts, team=team, teams=teams)


@bp.get("/<int:handover_id>")
@role_required(*READERS)
def show(handover_id):
    handover = _visible(handover_id)
    return render_template("handover/show.html", handover=handover, items=handover.lines())


def _visible(handover_id):
    handover = Handover.get_or_none((Handover.id == handover_id) & (Handover.estate == g.estate))
    if handover is None or not may_read(current_user, handover):
        abort(404)
    return handover


def _team_asked():
    """A team member reads their own team's hand-overs; the desk any team's, or all (None)."""
    if current_user.role not in OVERSEEING_ROLES:
        return current_user.team or ""
    asked = request.args.get("team", "")
    return asked if asked in team_codes(g.estate) else None


def _page(hand_form=None, confirm_form=None, error=None):
    """The team's hand-over now: what it would hand over, the one being prepared, or the one to confirm."""
    handover = open_handover(g.estate, current_user.team)
    preparing = handover is None or handover.handed_at is None
    items = [] if preparing else handover.lines()
    return render_template(
        "handover/current.html", handover=handover, items=items,
        live=live_lines(g.estate, current_user.team, clock.utcnow()) if preparing else None,
        hand_form=hand_form or HandOverForm(formdata=None),
        confirm_form=confirm_form or ConfirmForm(items, formdata=None), error=error), 422 if error else 200
