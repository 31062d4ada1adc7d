"""The lending ledger: check in, void, what is overdue, and the ledger of keys or items to print or export."""
from datetime import timedelta

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..web.auth import role_required
from ..domain import Refused
from ..domain.hours import local_day_bounds, local_time
from ..domain.loans import INVENTORY_ROLES, LENDING_ROLES, mask_id
from ..web.exports import day_range, download
from ..forms.lending import ReturnForm, VoidForm
from ..web.i18n import explain
from ..models import ItemType, Key, Loan
from ..models.loans import give_back, ledger_header, ledger_line, void

bp = Blueprint("loans", __name__)
LEDGERS = {"keys": Key, "items": ItemType}


@bp.app_template_global()
def manages_inventory():
    """Whether the signed-in person may add, change and retire keys and items (for the pages' links)."""
    return current_user.is_authenticated and current_user.role in INVENTORY_ROLES


@bp.post("/loans/<int:loan_id>/return")
@role_required(*LENDING_ROLES)
def check_in(loan_id):
    loan = _loan(loan_id)
    form = ReturnForm()
    try:
        if not form.validate():
            raise Refused(form.refusal())
        give_back(loan.id, current_user, form.condition.data or "", form.note.data or "",
                  form.deposit_refunded.data if loan.deposit else None)
        flash(_("%(thing)s is back.", thing=loan.thing), "success")
    except Refused as refused:
        flash(explain(refused), "error")
    return redirect(_page_of(loan))


@bp.post("/loans/<int:loan_id>/void")
@role_required(*LENDING_ROLES)
def void_loan(loan_id):
    loan = _loan(loan_id)
    form = VoidForm()
    try:
        void(loan.id, current_user, form.reason.data or "")
        flash(_("The loan is voided; its record stays."), "success")
    except Refused as refused:
        flash(explain(refused), "error")
    return redirect(_page_of(loan))


@bp.get("/loans/overdue")
@role_required(*LENDING_ROLES)
def overdue():
    return render_template("loans/overdue.html", loans=Loan.overdue(g.estate, clock.utcnow()), mask_id=mask_id)


@bp.get("/loans/register/<what>")
@role_required(*LENDING_ROLES)
def ledger(what):
    """The key ledger (钥匙借用登记) or the lending ledger (物品借用登记) for a date range, to print."""
    first, last, loans = _ledger(what)
    return render_template("loans/ledger.html", what=what, first=first, last=last, mask_id=mask_id, loans=loans)


@bp.get("/loans/register/<what>.csv")
@role_required(*LENDING_ROLES)
def ledger_csv(what):
    first, last, loans = _ledger(what)
    name = f"{what}-register-{g.estate.code}-{first:%Y%m%d}-{last:%Y%m%d}"
    return download(name, ledger_header(LEDGERS[what]), (ledger_line(loan, g.estate.timezone) for loan in loans))


def _loan(loan_id):
    return Loan.get_or_none((Loan.id == loan_id) & (Loan.estate == g.estate)) or abort(404)


def _page_of(loan):
    return url_for("keys.show", key_id=loan.key_id) if loan.key_id else url_for("items.show", item_id=loan.item_id)


def _ledger(what):
    """The days asked for and the loans of keys or items made in them; 404 for any other ledger."""
    entry_model = LEDGERS.get(what) or abort(404)
    today = local_time(clock.utcnow(), g.estate.timezone).date()
    first, last = day_range(request.args, today - timedelta(days=6), today)
    start, end = local_day_bounds(first, g.estate.timezone)[0], local_day_bounds(last, g.estate.timezone)[1]
    return first, last, Loan.ledger(g.estate, entry_model, start, end)
