"""Self-service borrowing from a lending cabinet's sticker (where the estate enables it), and the
borrower's private link to follow and hand back the loan."""
from datetime import timedelta

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import gettext as _

from .. import clock
from ..domain import Refused
from ..domain.loans import check_self_service_item
from ..domain.register import is_overdue
from ..forms.resident import BorrowForm
from ..web.i18n import explain
from ..web.limits import per_client, per_place, place_key, quota
from ..models import ItemType
from ..models.items import borrow
from ..models.loans import borrowed, give_back
from ..models.place import scanned

bp = Blueprint("borrowing", __name__)


def _offered(token, item_id):
    """The cabinet behind a sticker and one of its items, or 404."""
    spot, state = scanned(token)
    if spot is None or state != "active":
        abort(404)
    item = ItemType.get_or_none((ItemType.id == item_id) & (ItemType.cabinet == spot) & ~ItemType.retired)
    return spot, item or abort(404)


@bp.get("/q/<token>/borrow/<int:item_id>")
def form(token, item_id):
    spot, item = _offered(token, item_id)
    try:
        check_self_service_item(spot.estate.self_service_lending, item.deposit)
    except Refused as refused:
        return render_template("scan/message.html", title=item.name, message=explain(refused)), 403
    return _form_page(spot, item, BorrowForm(spot.estate, formdata=None))


@bp.post("/q/<token>/borrow/<int:item_id>")
@quota(per_client)
@quota(per_place, key=place_key)
def borrow_it(token, item_id):
    spot, item = _offered(token, item_id)
    form = BorrowForm(spot.estate)
    if form.is_bot():
        abort(400)
    if not form.validate():
        return _form_page(spot, item, form), 422
    due_at = clock.utcnow() + timedelta(hours=int(form.hours.data))
    try:
        loan = borrow(item.id, form.unit_record, int(form.quantity.data), due_at, form.phone.data,
                      form.name.data or "", intake_key=form.intake_key.data)
    except Refused as refused:
        return _form_page(spot, ItemType.get_by_id(item.id), form, explain(refused)), 422
    return redirect(url_for("borrowing.loan", token=loan.tracking_token), 303)


def _form_page(spot, item, form, error=None):
    return render_template("scan/borrow.html", place=spot, item=item, form=form, error=error)


@bp.get("/l/<token>")
def loan(token):
    return _loan_page(borrowed(token) or abort(404))


@bp.post("/l/<token>/return")
@quota(per_client)
def put_back(token):
    """The resident says it is back in the cabinet; a second tap changes nothing."""
    loan = borrowed(token) or abort(404)
    if loan.is_open:
        try:
            give_back(loan.id, None)
        except Refused as refused:  # voided by the desk meanwhile
            return _loan_page(loan, explain(refused)), 409
    return redirect(url_for("borrowing.loan", token=token), 303)


def _loan_page(loan, error=None):
    overdue = is_overdue(loan.due_at, clock.utcnow(), loan.returned_at, loan.voided_at)
    if loan.voided_at:
        status = _("Cancelled by the service center")
    elif loan.returned_at:
        status = _("Back in the cabinet. Thank you!")
    else:
        status = _("Overdue: please bring it back soon") if overdue else _("Borrowed")
    return render_template("scan/loan.html", loan=loan, status=status, overdue=overdue, error=error)
