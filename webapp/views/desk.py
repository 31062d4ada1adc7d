"""The front desk: one fast form that turns any request into a ticket."""
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..web.auth import role_required
from ..domain import Refused
from ..domain.numbering import normalise_unit
from ..domain.vocabulary import ADMIN, AREA_MANAGER, CENTER_HEAD, CS_HEAD, DESK_ROLES, NEW, SECURITY
from ..forms.desk import IntakeForm
from ..models import Ticket, Unit
from ..web.i18n import explain
from ..models.handling import sent_before, staff_scope, take_request
from ..web.uploads import ChosenPhotos

bp = Blueprint("desk", __name__)
# The desk takes requests; so do area managers (首接负责制) and, after hours, the monitoring center.
INTAKE_ROLES = DESK_ROLES + (AREA_MANAGER, SECURITY)


@bp.get("/")
@role_required()
def home():
    """Where each role starts: managers on the board, the desk at intake, a team in its queue."""
    if current_user.role in (CS_HEAD, CENTER_HEAD, ADMIN):
        return redirect(url_for("board.show"))
    if current_user.role in DESK_ROLES:
        return redirect(url_for("desk.intake"))
    if current_user.team:
        return redirect(url_for("queue.show", team=current_user.team))
    return redirect(url_for("tickets.mine"))


@bp.get("/desk")
@role_required(*INTAKE_ROLES)
def intake():
    return _intake_page(IntakeForm(g.estate, formdata=None))


@bp.post("/tickets")
@role_required(*INTAKE_ROLES)
def take():
    form = IntakeForm(g.estate)
    valid = form.validate()
    key = form.scoped_key(staff_scope(current_user))
    ticket = valid and sent_before(key)  # the same form sent twice: its photos are not stored again
    if not ticket:
        photos = ChosenPhotos(form, current_user)  # kept at once: a refused form does not lose them
        if not valid or photos.refused:
            return _intake_page(form, photos, photos.refused), 422
        try:
            ticket = take_request(g.estate, current_user, intake_key=key, photos=photos.stored,
                                  answer=form.settled_answer(), **form.ticket_fields())
        except Refused as refused:
            return _intake_page(form, photos, refused), 422
        photos.taken()
    flash(_("Ticket %(number)s taken.", number=ticket.number), "success")
    return redirect(url_for("desk.intake", taken=ticket.number))


def _intake_page(form, photos=None, refused=None):
    waiting = Ticket.of_estate(g.estate).where(Ticket.state == NEW).order_by(Ticket.created_at)
    taken = Ticket.get_or_none(Ticket.number == request.args.get("taken", ""), Ticket.estate == g.estate)
    return render_template("desk/intake.html", form=form, waiting=waiting, taken=taken,
                           photo_error=explain(refused) if refused else None, kept=photos.names if photos else [])


@bp.get("/units/search")
@role_required(*INTAKE_ROLES)
def unit_search():
    """Units whose number starts with what was typed, with their owners, for the intake form."""
    typed = request.args.get("unit", "").strip()
    try:
        prefix = normalise_unit(typed)
    except Refused:
        prefix = typed.replace("－", "-")
    units = Unit.starting_with(g.estate, prefix) if prefix else []
    return render_template("desk/_unit_options.html", units=units)
