"""A place's own actions for staff who scan its sticker: its open tickets, log a finding, its opening and closing
checks (a meeting room, the front desk)."""
from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from .. import clock
from ..web import labels
from ..web.auth import role_required
from ..domain import Refused
from ..domain.hours import local_day_bounds, local_time
from ..domain.places import CHECKPOINT, check_groups, has_checks
from ..domain.routing import default_team
from ..domain.vocabulary import DESK_ROLES, OPEN_STATES
from ..forms.places import FindingForm, RaiseTicketForm, checklist_form
from ..web.i18n import explain
from ..models import ItemType, Key, RoomCheck, Ticket
from ..models.handling import sent_before, staff_scope, take_request
from ..models.patrol import open_rounds_at
from ..models.place import (checks_at, checks_on, raise_ticket as raise_check_ticket, raised_tickets, record_check,
                            scanned)
from ..web.uploads import saved_photos

bp = Blueprint("place_actions", __name__)
# The items of every checklist (a meeting room's, the front desk's: seed 000 三 前台开档 / 收尾).
CHECKLIST_ITEMS = dict(labels.CHECK_ITEMS, desk=_l("Service desk clean and sound"),
                       sofas=_l("Sofas and tea tables clean"), phone_booth=_l("Public phone booth clean"),
                       carpet=_l("Carpet clean"), rooms_closed=_l("Meeting rooms' lights off and doors closed"),
                       phones_keys=_l("Phones and keys collected"), bins=_l("Bins emptied, clean bags in"),
                       carpet_stains=_l("No carpet stains (else reported for night cleaning)"))
bp.add_app_template_global(CHECKLIST_ITEMS, "CHECKLIST_ITEM_LABELS")


def _check_form(spot, **kwargs):
    return checklist_form(spot.kind, CHECKLIST_ITEMS, **kwargs)


def _place(token):
    spot, state = scanned(token)
    if spot is None or state != "active" or spot.estate_id not in {e.id for e in g.estates}:
        abort(404)
    return spot


@bp.get("/q/<token>/staff")
@role_required()
def show(token):
    spot = _place(token)
    return _page(spot, FindingForm(formdata=None), _check_form(spot, formdata=None))


def _page(spot, finding, check, error=None):
    start, end = local_day_bounds(local_time(clock.utcnow(), spot.estate.timezone).date(), spot.estate.timezone)
    open_tickets = Ticket.of_estate(spot.estate).where((Ticket.place == spot) & Ticket.state.in_(OPEN_STATES))
    checks = list(checks_at(spot, start, end))
    return render_template("scan/staff.html", place=spot, finding=finding, check=check, error=error,
                           keys=spot.keys.where(~Key.retired).order_by(Key.hook),
                           items=spot.item_types.where(~ItemType.retired).order_by(ItemType.name),
                           open_tickets=open_tickets.order_by(Ticket.created_at), checks=checks,
                           raised=raised_tickets(checks), check_groups=check_groups(spot.kind),
                           rounds=open_rounds_at(spot, current_user) if spot.kind == CHECKPOINT else ())


@bp.post("/q/<token>/findings")
@role_required()
def log_finding(token):
    spot = _place(token)
    form = FindingForm()
    if not form.validate():
        return _page(spot, form, _check_form(spot, formdata=None)), 422
    key = form.scoped_key(staff_scope(current_user))
    try:
        ticket = sent_before(key) or take_request(
            spot.estate, current_user, kind=form.kind.data, channel=form.channel.data, place=spot,
            location=spot.where, description=form.description.data.strip(), urgent=form.urgent.data,
            intake_key=key, photos=saved_photos(form.photos),
            team=default_team(form.kind.data, spot.team))
    except Refused as refused:
        return _page(spot, form, _check_form(spot, formdata=None), error=explain(refused)), 422
    flash(_("Ticket %(number)s taken.", number=ticket.number), "success")
    return redirect(url_for("place_actions.show", token=token))


@bp.post("/q/<token>/checks")
@role_required()
def check_room(token):
    """Record an opening or closing check of a place with a checklist (a meeting room, the front desk)."""
    spot = _place(token)
    if not has_checks(spot.kind):
        abort(404)
    form = _check_form(spot)
    if not form.validate():
        return _page(spot, FindingForm(formdata=None), form), 422
    record_check(spot, form.stage.data, form.results(), current_user)
    flash(_("Check recorded."), "success")
    return redirect(url_for("place_actions.show", token=token))


@bp.post("/q/<token>/checks/<int:check_id>/tickets")
@role_required()
def raise_ticket(token, check_id):
    """One tap on a failed item: a ticket to the team its checklist names, once per item of the check."""
    spot = _place(token)
    check = RoomCheck.get_or_none((RoomCheck.id == check_id) & (RoomCheck.place == spot)) or abort(404)
    form = RaiseTicketForm()
    item = form.item.data
    if not form.validate() or item not in check.failed:
        abort(404)
    ticket = raise_check_ticket(check, item, current_user, _(
        "%(room)s: %(item)s failed the %(stage)s", room=spot.name, item=CHECKLIST_ITEMS[item],
        stage=labels.CHECK_STAGES[check.stage]))
    flash(_("Ticket %(number)s taken.", number=ticket.number), "success")
    return redirect(url_for("place_actions.show", token=token))


@bp.get("/checks")
@role_required(*DESK_ROLES)
def today():
    """Today's opening and closing checks, place by place (the front desk, the meeting rooms)."""
    tz = g.estate.timezone
    start, end = local_day_bounds(local_time(clock.utcnow(), tz).date(), tz)
    return render_template("scan/checks.html", checks=checks_on(g.estate, start, end))

