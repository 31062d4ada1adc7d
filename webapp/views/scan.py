"""What a QR sticker opens: the resident's report form (no account), or the place's own actions for staff."""
from flask import Blueprint, abort, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import TooManyRequests

from ..domain import Refused
from ..domain.loans import self_service_allowed
from ..domain.places import DESK_MESSAGE
from ..forms.resident import DeskMessageForm, ResidentReportForm
from ..web.i18n import explain
from ..web.limits import count_report, per_client, quota, retry_after, sticker_crowded
from ..models import ItemType
from ..models.place import scanned
from ..models.handling import sent_before
from ..models.resident import joined_before, report, sticker_scope, times_reported
from ..web.uploads import saved_photos

bp = Blueprint("scan", __name__)
bp.add_app_template_global(times_reported)  # for staff pages: templates/tickets/_reported_again.html


@bp.get("/q/<token>")
def place(token):
    spot, state = scanned(token)
    if spot is None:
        abort(404)
    if current_user.is_authenticated and state == "active" and spot.estate_id in {e.id for e in g.estates}:
        return redirect(url_for("place_actions.show", token=token))
    return _form_page(spot, state, _form_for(state)(formdata=None))


@bp.post("/q/<token>")
def submit(token):
    """Send a report; past this phone's quota the form comes back with what was typed and the phone number."""
    try:
        return _counted_submit(token)
    except TooManyRequests:
        return _limited(token)


@quota(per_client)
def _counted_submit(token):
    spot, state = scanned(token)
    if spot is None:
        abort(404)
    form = _form_for(state)()
    if form.is_bot():
        abort(400)
    form.phone_required = crowded = sticker_crowded(token)
    if not form.validate():
        return _form_page(spot, state, form, crowded=crowded), 422
    key = form.scoped_key(sticker_scope(spot))
    try:
        ticket = sent_before(key) or joined_before(key) or _report(spot, state, form, key, crowded)
    except Refused as refused:
        return _form_page(spot, state, form, error=explain(refused), crowded=crowded), 422
    joined = ticket.intake_key != key  # the report joined an open ticket of the same problem here
    return redirect(url_for("tracking.show", token=ticket.tracking_token, **({"joined": 1} if joined else {})), 303)


def _limited(token):
    spot, state = scanned(token)
    if spot is None:
        abort(404)
    error = _("Many reports were sent from this phone just now. What you typed is kept below: send it again in "
              "a few minutes, or call the service center.")
    return (_form_page(spot, state, _form_for(state)(), error=error, limited=True), 429,
            {"Retry-After": str(retry_after())})


def _report(spot, state, form, key, crowded):
    choice = form.choice.data if state == "active" else DESK_MESSAGE
    ticket = report(spot, choice, form.description.data.strip(), (form.contact_name.data or "").strip(),
                    (form.contact_phone.data or "").strip(), saved_photos(form.photos), intake_key=key,
                    possible_flood=crowded, urgent=bool(form.urgent and form.urgent.data))
    count_report(spot.token)
    return ticket


def _form_for(state):
    return ResidentReportForm if state == "active" else DeskMessageForm


def _form_page(spot, state, form, error=None, crowded=False, limited=False):
    items = spot.item_types.where(~ItemType.retired).order_by(ItemType.name) if state == "active" else ()
    self_service = spot.estate.self_service_lending
    lendable = [(item, self_service_allowed(self_service, item.deposit)) for item in items]
    return render_template("scan/report.html", place=spot, state=state, form=form, error=error, crowded=crowded,
                           to_desk=state != "active", lendable=lendable, self_service=self_service,
                           limited=limited)
