"""The lending cabinet (物品借用): item types with their stock, lent with a deposit and a due time."""
from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..auth import role_required
from ..domain import Refused
from ..domain.loans import is_overdue, mask_id
from ..forms import ReturnForm, VoidForm
from ..i18n import explain
from ..models import ItemType, Loan
from ..models.lending import lend_items
from .loans import LENDING_ROLES, loan_arguments, loan_form

bp = Blueprint("items", __name__)


def _item(item_id):
    return ItemType.get_or_none((ItemType.id == item_id) & (ItemType.estate == g.estate)) or abort(404)


@bp.get("/items/")
@role_required(*LENDING_ROLES)
def index():
    items = ItemType.select().where((ItemType.estate == g.estate) & ~ItemType.retired).order_by(ItemType.name)
    return render_template("items/index.html", items=items)


@bp.get("/items/<int:item_id>")
@role_required(*LENDING_ROLES)
def show(item_id):
    return _page(_item(item_id))


def _page(item, form=None, error=None):
    form = form or loan_form()
    if not form.deposit.data and item.deposit:
        form.deposit.data = item.deposit
    loans = item.loans.order_by(Loan.out_at.desc())
    return render_template("items/show.html", item=item, loans=loans, form=form, error=error, mask_id=mask_id,
                           return_form=ReturnForm(formdata=None), void_form=VoidForm(formdata=None),
                           now=clock.utcnow(), is_overdue=is_overdue)


@bp.post("/items/<int:item_id>/loans")
@role_required(*LENDING_ROLES)
def lend(item_id):
    item = _item(item_id)
    form = loan_form()
    try:
        lend_items(item.id, current_user, form.quantity.data or 1, **loan_arguments(form))
    except Refused as refused:
        return _page(ItemType.get_by_id(item.id), form, explain(refused)), 422
    flash(_("Lent: %(item)s ×%(count)s.", item=item.name, count=form.quantity.data or 1), "success")
    return redirect(url_for("items.show", item_id=item.id))
