"""The resident's private tracking link: status in plain words, the timeline, urge, rate or reopen."""
from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import gettext as _

from ..domain import Refused
from ..domain.places import resident_status
from ..domain.workflow import SHOWN_TO_RESIDENT
from ..forms.resident import VerdictForm
from ..web.i18n import explain
from ..web.limits import per_client, quota
from ..models import TicketEvent
from ..models.resident import tracked, urge, verdict

bp = Blueprint("tracking", __name__, url_prefix="/t")


def _ticket(token):
    return tracked(token) or abort(404)


@bp.get("/<token>")
def show(token):
    return _page(_ticket(token))


@bp.post("/<token>/urge")
@quota(per_client)
def urge_it(token):
    ticket = _ticket(token)
    try:
        urge(ticket.id)
    except Refused as refused:
        return _page(ticket, error=explain(refused)), 409
    return redirect(url_for("tracking.show", token=token, urged=1), 303)


@bp.post("/<token>/verdict")
@quota(per_client)
def give_verdict(token):
    ticket = _ticket(token)
    form = VerdictForm()
    try:
        if not form.validate():
            raise Refused(form.refusal())
        verdict(ticket.id, form.fixed.data == "yes", form.rating.data, form.comment.data)
    except Refused as refused:
        return _page(ticket, form=form, error=explain(refused)), 422
    return redirect(url_for("tracking.show", token=token), 303)


def _page(ticket, form=None, error=None):
    events = (ticket.events.where(TicketEvent.action.in_(SHOWN_TO_RESIDENT)).order_by(TicketEvent.at, TicketEvent.id))
    return render_template("scan/tracking.html", ticket=ticket, events=events, error=error,
                           status=_(resident_status(ticket.state)), form=form or VerdictForm(formdata=None))
