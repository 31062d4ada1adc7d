"""Finishing the work from the phone: what was done, up to six photos, and for repairs the charges."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..web.auth import role_required, visible_ticket
from ..domain import Refused
from ..forms.tickets import CompletionForm
from ..web.i18n import explain
from ..web.replay import offline_page
from ..models.handling import finish
from ..web.uploads import ChosenPhotos

bp = Blueprint("completion", __name__)


@bp.get("/tickets/<number>/completion")
@role_required()
@offline_page  # engineers finish in basements: the form opens again without signal, and goes to the outbox
def form(number):
    ticket = visible_ticket(number)
    return render_template("tickets/completion.html", ticket=ticket, form=CompletionForm(ticket, formdata=None),
                           kept=[])


@bp.post("/tickets/<number>/completion")
@role_required()
def submit(number):
    ticket = visible_ticket(number)
    form = CompletionForm(ticket)
    photos = ChosenPhotos(form, current_user)  # kept at once: a refusal below does not lose them
    error = explain(photos.refused) if photos.refused else None
    if form.validate() and error is None:
        try:
            finish(ticket.id, current_user, form.note.data, photos.stored, **form.charges())
            photos.taken()
            flash(_("%(number)s is done; the desk will do the return visit.", number=number), "success")
            return redirect(url_for("desk.home"))
        except Refused as refused:
            error = explain(refused)
    return render_template("tickets/completion.html", ticket=ticket, form=form, error=error,
                           kept=photos.names), 422
