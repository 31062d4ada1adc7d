"""Return visits (回访): tickets done but not yet revisited, oldest first."""
from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..web.auth import role_required, visible_ticket
from ..domain import Refused
from ..domain.vocabulary import ADMIN, CENTER_HEAD, CS_HEAD, FRONT_DESK
from ..domain.workflow import reply_channel
from ..forms.tickets import RevisitForm
from ..web.i18n import explain
from ..models import Ticket
from ..models.handling import revisit

bp = Blueprint("revisits", __name__)
REVISIT_ROLES = (FRONT_DESK, CS_HEAD, CENTER_HEAD, ADMIN)


@bp.get("/revisits")
@role_required(*REVISIT_ROLES)
def index():
    return _list()


@bp.post("/tickets/<number>/revisit")
@role_required(*REVISIT_ROLES)
def record(number):
    ticket = visible_ticket(number)
    form = RevisitForm()
    if not form.validate():
        return _list(form, ticket.number), 422
    try:
        ticket = revisit(ticket.id, current_user, reached=form.reached.data == "yes",
                         satisfaction=form.satisfaction.data, comment=form.comment.data)
    except Refused as refused:
        return _list(form, ticket.number, explain(refused)), 422
    flash(_("Return visit recorded for %(number)s.", number=ticket.number), "success")
    return redirect(url_for("revisits.index"))


def _list(form=None, refused_number=None, error=None):
    """The list, with a refused form's row open and its entries kept."""
    return render_template("revisits/index.html", tickets=Ticket.awaiting_revisit(g.estate), form=form,
                           blank=RevisitForm(formdata=None), refused_number=refused_number, error=error,
                           reply_channel=reply_channel)
