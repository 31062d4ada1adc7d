"""Parcels and mail at the desk: the counter (fast arrival form and today's list), the register of what waits,
pickup with the code and a signature or by a proxy, return to the sender, the slip and the day's sign-for list."""
from datetime import timedelta

from flask import Blueprint, abort, flash, g, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..domain import Refused
from ..domain.hours import local_day_bounds, local_time
from ..domain.parcels import AGE_BANDS, duplicate_note, duplicate_of, mask_name
from ..domain.people import mask_phone
from ..domain.vocabulary import DESK_ROLES
from ..forms.parcels import ACTION_LABELS, KIND_LABELS, METHOD_LABELS, SIZE_LABELS, ArrivalForm, PickupForm, ReturnForm
from ..models.parcels import (Parcel, arrived_between, check_handover, earlier_arrival, hand_over, page_of,
                              receive, return_to_sender, search, waiting, waiting_by_age)
from ..web import live
from ..web.auth import role_required
from ..web.exports import bounded_day, download
from ..web.htmx import wants_fragment
from ..web.i18n import explain
from ..web.uploads import ChosenPhotos, photo_folder, saved_photos

bp = Blueprint("parcels", __name__, url_prefix="/parcels")
PHOTOS = {"label": "label_photo", "signature": "signature", "proxy": "proxy_photo"}
TODAY_SHOWN = 100
bp.add_app_template_global(dict(kind=KIND_LABELS, size=SIZE_LABELS, method=METHOD_LABELS), "PARCEL_LABELS")
bp.add_app_template_global(ACTION_LABELS, "PARCEL_ACTIONS")
bp.add_app_template_global(mask_name, "mask_name")
bp.add_app_template_global(duplicate_of, "duplicate_of")
bp.add_app_template_global(mask_phone, "mask_phone")


@bp.get("/")
@role_required(*DESK_ROLES)
def index():
    """The counter: the arrival form (kind, carrier and size kept from the last one), today's arrivals and
    what waits, or what the search finds; paged."""
    form = ArrivalForm(g.estate, formdata=None, data=_sticky(request.args))
    query = request.args.get("q", "").strip()[:40]
    page = _page()
    rows, more = page_of(search(g.estate, query) if query else waiting(g.estate), page)
    return render_template("parcels/index.html", form=form, rows=rows, more=more, page=page, query=query,
                           ages=waiting_by_age(g.estate, clock.utcnow()), **_today())


@bp.post("/")
@role_required(*DESK_ROLES)
def arrive():
    """Register an arrival; the same tracking number within 30 days is shown first, to confirm or drop."""
    form = ArrivalForm(g.estate)
    try:
        if not form.validate():
            raise Refused(form.refusal())
        earlier = earlier_arrival(g.estate, form.tracking.data)
        if earlier and not form.confirmed.data:
            return _counter(form, earlier=earlier), 422
        photos = saved_photos(form.label_photo)
        receive(g.estate, current_user, label_photo=photos[0].name if photos else None,
                note=duplicate_note(earlier.id) if earlier else "", **form.parcel_fields())
    except Refused as refused:
        return _counter(form, explain(refused)), 422
    if wants_fragment():
        return _counter(ArrivalForm(g.estate, formdata=None, data=form.sticky())), {"HX-Trigger": "parcel-arrived"}
    return redirect(url_for("parcels.index", **form.sticky()), 303)


@bp.get("/today")
@role_required(*DESK_ROLES)
def today():
    """Today's arrivals alone, polled by the counter: 204 while nothing changed, so nothing is redrawn."""
    since = live.cursor(g.estate.id)
    if wants_fragment() and live.unchanged(since):
        return "", 204
    return render_template("parcels/_today.html", **_today(since))


@bp.get("/<int:parcel_id>")
@role_required(*DESK_ROLES)
def show(parcel_id):
    return _show(_parcel(parcel_id), PickupForm(formdata=None))


@bp.post("/<int:parcel_id>/pickup")
@role_required(*DESK_ROLES)
def pickup(parcel_id):
    parcel, form = _parcel(parcel_id), PickupForm()
    # Kept at once: a wrong code does not make the recipient sign again, nor the proxy's photo be taken again.
    signature = ChosenPhotos(form, current_user, "signature", "kept_signature")
    proxy = ChosenPhotos(form, current_user, "proxy_photo", "kept_proxy_photo")
    try:
        if not form.validate():
            raise Refused(form.refusal())
        for chosen in (signature, proxy):
            if chosen.refused:
                raise chosen.refused
        given = form.given()
        check_handover(parcel, signed=bool(signature.stored), proxy_photo=bool(proxy.stored), **given)
        hand_over(parcel.id, current_user, signature=_name(signature.stored), proxy_photo=_name(proxy.stored),
                  **given)
    except Refused as refused:
        return _show(parcel, form, explain(refused), kept=dict(signature=signature.names, proxy=proxy.names)), 422
    signature.taken()
    proxy.taken()
    flash(_("Picked up."), "success")
    return redirect(url_for("parcels.show", parcel_id=parcel.id), 303)


@bp.post("/<int:parcel_id>/return")
@role_required(*DESK_ROLES)
def give_back(parcel_id):
    parcel, form = _parcel(parcel_id), ReturnForm()
    try:
        if not form.validate():
            raise Refused(form.refusal())
        return_to_sender(parcel.id, current_user, form.reason.data)
    except Refused as refused:
        return _show(parcel, PickupForm(formdata=None), explain(refused), form), 422
    flash(_("Returned to the sender; the record stays."), "success")
    return redirect(url_for("parcels.show", parcel_id=parcel.id), 303)


@bp.get("/<int:parcel_id>/slip")
@role_required(*DESK_ROLES)
def slip(parcel_id):
    """The notice to put in the mailbox (A6): unit, masked name, carrier, code, shelf and the desk's hours."""
    return render_template("parcels/slip.html", parcel=_parcel(parcel_id))


@bp.get("/<int:parcel_id>/photos/<which>")
@role_required(*DESK_ROLES)
def photo(parcel_id, which):
    name = getattr(_parcel(parcel_id), PHOTOS.get(which) or abort(404)) or abort(404)
    response = send_from_directory(photo_folder(), name, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response


@bp.get("/unclaimed")
@role_required(*DESK_ROLES)
def unclaimed():
    """What waits 1+, 3+ or 7+ days, oldest first."""
    days = request.args.get("days", "1")
    days = int(days) if days in {str(d) for d in AGE_BANDS} else 1
    now, page = clock.utcnow(), _page()
    rows, more = page_of(waiting(g.estate, now - timedelta(days=days)), page)
    return render_template("parcels/unclaimed.html", rows=rows, more=more, page=page, days=days, now=now,
                           ages=waiting_by_age(g.estate, now))


@bp.get("/sheet")
@role_required(*DESK_ROLES)
def sheet():
    """The day's collect/sign-for list (代收/签收登记表) on A4."""
    day = _day()
    return render_template("parcels/sheet.html", day=day, parcels=list(_of_day(day)))


@bp.get("/sheet.csv")
@role_required(*DESK_ROLES)
def sheet_csv():
    day = _day()
    header = [_("Arrived"), _("Kind"), _("Carrier"), _("Tracking number"), _("Unit"), _("Recipient"), _("Phone"),
              _("Shelf"), _("Received by"), _("Picked up"), _("Taken by"), _("Returned to sender")]
    return download(f"parcels-{g.estate.code}-{day:%Y%m%d}", header, (_line(p) for p in _of_day(day)))


def _line(p):
    tz = g.estate.timezone
    return [local_time(p.out_at, tz), KIND_LABELS[p.kind], p.carrier_name, p.tracking,
            p.unit.number if p.unit_id else "", mask_name(p.recipient_name), mask_phone(p.recipient_phone), p.shelf,
            p.out_by.name if p.out_by else "", local_time(p.returned_at, tz) if p.returned_at else "",
            p.proxy_name or p.signer_name, p.void_reason]


def _parcel(parcel_id):
    return Parcel.of_estate(g.estate, parcel_id) or abort(404)


def _show(parcel, form, refusal=None, return_form=None, kept=None):
    return render_template("parcels/show.html", parcel=parcel, form=form, refusal=refusal,
                           return_form=return_form or ReturnForm(formdata=None), kept=kept or {},
                           events=list(parcel.events.order_by(parcel.events.model.at)))


def _counter(form, refusal=None, earlier=None):
    """The arrival form and today's list: the whole page, or only the counter for htmx."""
    if wants_fragment():
        return render_template("parcels/_counter.html", form=form, refusal=refusal, earlier=earlier, **_today())
    return render_template("parcels/index.html", form=form, refusal=refusal, earlier=earlier, rows=[], more=False,
                           page=1, query="", ages=waiting_by_age(g.estate, clock.utcnow()), **_today())


def _today(since=None):
    """Today's arrivals with the change cursor read before them, and the pass that lets the list poll it."""
    since = since or live.cursor(g.estate.id)
    day = local_time(clock.utcnow(), g.estate.timezone).date()
    return dict(today=list(_of_day(day, newest_first=True).limit(TODAY_SHOWN)), today_since=since,
                today_pass=live.poll_pass(url_for("parcels.today"), g.estate.id))


def _of_day(day, newest_first=False):
    start, end = local_day_bounds(day, g.estate.timezone)
    query = arrived_between(g.estate, start, end + timedelta(microseconds=1))
    return query if newest_first else query.order_by(Parcel.out_at, Parcel.id)


def _day():
    return bounded_day(request.args.get("day"), local_time(clock.utcnow(), g.estate.timezone).date())


def _page():
    text = request.args.get("page", "1")
    return min(int(text), 10000) if text.isascii() and text.isdigit() and int(text) > 0 else 1


def _sticky(args):
    return {name: args[name] for name in ("kind", "carrier", "carrier_other", "size") if args.get(name)}


def _name(stored):
    """The newest of a field's photos (a signature drawn again replaces the kept one)."""
    return stored[-1].name if stored else None
