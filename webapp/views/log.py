"""The front-desk log (前台受理工作登记表): requests taken, day by day, with CSV export."""
import csv
import io
from datetime import date, timedelta

from flask import Blueprint, Response, g, render_template, request
from flask_babel import gettext as _

from ..auth import role_required
from ..domain.hours import local_day_bounds, local_time
from ..domain.vocabulary import CHANNELS, DESK_ROLES, KINDS, STATES
from .. import labels
from ..models import Ticket

bp = Blueprint("log", __name__, url_prefix="/log")


def _day(text, default):
    try:
        return date.fromisoformat(text) if text else default
    except ValueError:
        return default


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
    day = _day(request.args.get("day"), _today())
    tickets = _filtered(Ticket.created_between(g.estate, *local_day_bounds(day, g.estate.timezone)))
    filters = {k: request.args[k] for k in ("kind", "channel", "state") if request.args.get(k)}
    return render_template("log/index.html", tickets=tickets, day=day, previous=day - timedelta(days=1),
                           next=day + timedelta(days=1), kinds=KINDS, channels=CHANNELS, states=STATES,
                           filters=filters)


@bp.get("/export.csv")
@role_required(*DESK_ROLES)
def export():
    """The log between two local days (inclusive) as CSV, opened by Excel with the right encoding."""
    today = _today()
    first = _day(request.args.get("from"), today)
    last = max(_day(request.args.get("to"), first), first)
    start, _end = local_day_bounds(first, g.estate.timezone)
    _start, end = local_day_bounds(last, g.estate.timezone)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Number"), _("Taken at"), _("Came in by"), _("Kind"), _("Unit"), _("Place"),
                     _("Contact name"), _("Contact phone"), _("What is it about"), _("Taken by"),
                     _("Handler"), _("State"), _("Satisfaction")])
    for t in _filtered(Ticket.created_between(g.estate, start, end)):
        writer.writerow([t.number, local_time(t.created_at, g.estate.timezone).strftime("%Y-%m-%d %H:%M"),
                         labels.CHANNELS[t.channel], labels.KINDS[t.kind], t.unit.number if t.unit else "",
                         t.location, t.contact_name, t.contact_phone, t.description, t.taken_by.name if t.taken_by else _("Resident by QR"),
                         t.assignee.name if t.assignee else "", labels.STATES[t.state], t.satisfaction or ""])
    name = f"front-desk-log-{g.estate.code}-{first:%Y%m%d}-{last:%Y%m%d}.csv"
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={name}"})
