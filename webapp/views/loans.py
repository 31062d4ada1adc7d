"""Lending keys and items: check out, check in, void, and the registers the desk keeps."""
from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from .. import clock, qr
from ..auth import role_required
from ..domain import N_, Refused
from ..domain.hours import local_day_bounds, local_time
from ..domain.loans import mask_id
from ..domain.vocabulary import ADMIN, CENTER_HEAD, CS_HEAD, FRONT_DESK, SECURITY
from ..exports import day_range, download
from ..forms.lending import LoanForm, ReturnForm, VoidForm
from ..i18n import explain
from ..models import Loan
from ..models.estate import colleagues
from ..models.lending import give_back, void
from ..parsing import ids_arg
from ..uploads import saved_photos

bp = Blueprint("loans", __name__)
LENDING_ROLES = (FRONT_DESK, SECURITY, CS_HEAD, CENTER_HEAD, ADMIN)
REGISTER_ROLES = (FRONT_DESK, CS_HEAD, CENTER_HEAD, ADMIN)  # who adds, changes and retires keys and items


def lends_in(estate_id):
    """Whether the signed-in person may lend in that estate (a scanned tag then opens its page)."""
    return current_user.is_authenticated and current_user.role in LENDING_ROLES \
        and estate_id in {e.id for e in g.estates}


@bp.app_template_global()
def manages_register():
    """Whether the signed-in person may add, change and retire keys and items (for the pages' links)."""
    return current_user.is_authenticated and current_user.role in REGISTER_ROLES


def take_out(retire, entry, name, back):
    """Take a key or an item type out of the register (`retire`), saying so or why not, then go `back`."""
    try:
        retire(entry)
        flash(_("%(name)s is out of the register; its history stays.", name=name), "success")
    except Refused as refused:
        flash(explain(refused), "error")
    return redirect(back)


def tag_sheet(entries, prefix, title, detail):
    """A printable sheet of QR tags for keys (prefix "k") or items ("i"): the chosen ones (?ids=…), or all in
    the register when none is chosen. `title` and `detail` say what each tag reads."""
    ids = ids_arg("ids")
    if ids:
        entries = entries.where(entries.model.id.in_(ids))
    base = current_app.config["PUBLIC_BASE_URL"]
    tags = []
    for entry in entries:
        url = qr.scan_url(base, entry.token, prefix)
        tags.append(dict(id=entry.id, title=title(entry), detail=detail(entry), short_url=url.partition("://")[2],
                         svg=Markup(qr.label_svg(url))))
    return render_template("loans/tags.html", tags=tags, prefix=prefix, scans_nowhere=qr.scans_nowhere(base))


def loan_form():
    """A loan form with today's staff to choose from and the due time four hours ahead, on the estate's clock."""
    form = LoanForm(formdata=request.form if request.method == "POST" else None)
    form.holder_staff.choices = [(0, "—")] + [(s.id, s.name) for s in colleagues(g.estate)]
    if not form.due_at.data:
        form.due_at.data = local_time(clock.utcnow() + timedelta(hours=4), g.estate.timezone).strftime("%Y-%m-%dT%H:%M")
    return form


def loan_arguments(form):
    """The checked entries of a loan form, with the ID photo stored; raises Refused with what is wrong."""
    if not form.validate():
        raise Refused(form.refusal())
    fields = form.loan_fields(g.estate)
    if fields["holder_staff"] and fields["holder_staff"] not in {s.id for s in colleagues(g.estate)}:
        raise Refused(N_("Choose a colleague who works in this estate."))
    photos = saved_photos(form.photo)
    fields["photo"] = photos[0].name if photos else None
    return fields


def loan_of_estate(loan_id):
    return Loan.get_or_none((Loan.id == loan_id) & (Loan.estate == g.estate)) or abort(404)


def back_to(loan):
    return url_for("keys.show", key_id=loan.key_id) if loan.key_id else url_for("items.show", item_id=loan.item_id)


@bp.post("/loans/<int:loan_id>/return")
@role_required(*LENDING_ROLES)
def check_in(loan_id):
    loan = loan_of_estate(loan_id)
    form = ReturnForm()
    try:
        give_back(loan.id, current_user, form.condition.data or "", form.note.data or "",
                  form.deposit_refunded.data if loan.deposit else None)
        flash(_("%(thing)s is back.", thing=loan.thing), "success")
    except Refused as refused:
        flash(explain(refused), "error")
    return redirect(back_to(loan))


@bp.post("/loans/<int:loan_id>/void")
@role_required(*LENDING_ROLES)
def void_loan(loan_id):
    loan = loan_of_estate(loan_id)
    form = VoidForm()
    try:
        void(loan.id, current_user, form.reason.data or "")
        flash(_("The loan is voided; its record stays."), "success")
    except Refused as refused:
        flash(explain(refused), "error")
    return redirect(back_to(loan))


@bp.get("/loans/overdue")
@role_required(*LENDING_ROLES)
def overdue():
    return render_template("loans/overdue.html", loans=Loan.overdue(g.estate, clock.utcnow()), mask_id=mask_id)


def _registered(what):
    """The days asked for and the loans of keys or items made in them; 404 for any other register."""
    if what not in ("keys", "items"):
        abort(404)
    today = local_time(clock.utcnow(), g.estate.timezone).date()
    first, last = day_range(request.args, today - timedelta(days=6), today)
    start, end = local_day_bounds(first, g.estate.timezone)[0], local_day_bounds(last, g.estate.timezone)[1]
    return first, last, Loan.between(g.estate, start, end, keys=what == "keys")


@bp.get("/loans/register/<what>")
@role_required(*LENDING_ROLES)
def register(what):
    """The key register (钥匙借用登记) or the lending register (物品借用登记) for a date range, to print."""
    first, last, loans = _registered(what)
    return render_template("loans/register.html", what=what, first=first, last=last, mask_id=mask_id, loans=loans)


@bp.get("/loans/register/<what>.csv")
@role_required(*LENDING_ROLES)
def register_csv(what):
    first, last, loans = _registered(what)
    name = f"{what}-register-{g.estate.code}-{first:%Y%m%d}-{last:%Y%m%d}"
    return download(name, _header(what), map(_line, loans))


def _header(what):
    return [_("Key") if what == "keys" else _("Item"), _("Taken by"), _("ID number"), _("Phone"), _("Purpose"),
            _("Out"), _("Lent by"), _("Expected back"), _("Back"), _("Taken back by"), _("Condition"),
            _("Deposit (yuan)"), _("Voided")]


def _line(loan):
    tz = g.estate.timezone
    return [loan.thing, loan.holder, mask_id(loan.holder_id_number), loan.holder_phone, loan.purpose,
            local_time(loan.out_at, tz), loan.out_by.name if loan.out_by else _("the resident, self-service"),
            _local(loan.due_at, tz), _local(loan.returned_at, tz), _returned_by(loan), loan.return_condition,
            loan.deposit or None, loan.void_reason]


def _local(moment, tz):
    return local_time(moment, tz) if moment else None


def _returned_by(loan):
    if loan.returned_by:
        return loan.returned_by.name
    return _("put back by the resident") if loan.returned_at else ""
