"""The front-desk log (前台受理工作登记表): requests taken, day by day, with CSV export."""
from datetime import timedelta

from flask import Blueprint, g, render_template, request
from flask_babel import gettext as _

from ..web.auth import role_required
from ..domain.hours import local_day_bounds, local_time
from ..domain.vocabulary import CHANNELS, DESK_ROLES, KINDS, STATES
from ..web.exports import bounded_day, day_range, download
from ..web import labels
from ..models import Ticket

bp = Blueprint("log", __name__, url_prefix="/log")


def _filtered(query):
    for name, allowed in (("kind", KINDS), ("channel", CHANNELS), ("state", STATES)):
        value = request.args.get(name)
        if value in allowed:
            query = query.where(getattr(Ticket, name) == value)
    return query


def _today():
    from ..clock import utcnow
    return local_time(utcnow(), g.estate.timezone).date()


@bp.get("/")
@role_required(*DESK_ROLES)
def index():
    day = bounded_day(request.args.get("day"), _today())
    tickets = _filtered(Ticket.created_between(g.estate, *local_day_bounds(day, g.estate.timezone)))
    filters = {k: request.args[k] for k in ("kind", "channel", "state") if request.args.get(k)}
    return render_template("log/index.html", tickets=tickets, day=day, previous=day - timedelta(days=1),
                           next=day + timedelta(days=1), kinds=KINDS, channels=CHANNELS, states=STATES,
                           filters=filters)


@bp.get("/export.csv")
@role_required(*DESK_ROLES)
def export():
    """The log between two local days (inclusive), as a file for Excel."""
    first, last = day_range(request.args, _today())
    start, end = local_day_bounds(first, g.estate.timezone)[0], local_day_bounds(last, g.estate.timezone)[1]
    tickets = _filtered(Ticket.created_between(g.estate, start, end))
    return download(f"front-desk-log-{g.estate.code}-{first:%Y%m%d}-{last:%Y%m%d}", _header(), map(_line, tickets))


def _header():
    return [_("Number"), _("Taken at"), _("Came in by"), _("Kind"), _("Unit"), _("Place"), _("Contact name"),
            _("Contact phone"), _("What is it about"), _("Taken by"), _("Handler"), _("State"), _("Satisfaction")]


def _line(t):
    return [t.number, local_time(t.created_at, g.estate.timezone), labels.CHANNELS[t.channel],
            labels.KINDS[t.kind], t.unit.number if t.unit else "", t.location, t.contact_name, t.contact_phone,
            t.description, t.taken_by.name if t.taken_by else _("Resident by QR"),
            t.assignee.name if t.assignee else "", labels.STATES[t.state], t.satisfaction]
