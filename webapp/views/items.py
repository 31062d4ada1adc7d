"""The lending cabinet (物品借用): item types with their stock, lent with a deposit and a due time."""
from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..media import qr
from ..web.auth import role_required
from ..domain import Refused
from ..domain.loans import INVENTORY_ROLES, LENDING_ROLES, mask_id, may_lend
from ..domain.register import is_overdue
from ..forms.lending import ItemTypeForm, LoanForm, ReturnForm, VoidForm
from ..web.i18n import explain
from ..models import ItemType, Loan
from ..models.items import create_item_type, lend_items, update_item_type
from ..models.register import retire, tag_sheet
from ..web.parsing import ids_arg

bp = Blueprint("items", __name__)


def _item(item_id):
    return ItemType.of_estate(g.estate, item_id) or abort(404)


def _inventory():
    return ItemType.inventory(g.estate).order_by(ItemType.name)


@bp.get("/items/")
@role_required(*LENDING_ROLES)
def index():
    return render_template("items/index.html", items=_inventory())


@bp.route("/items/new", methods=["GET", "POST"])
@role_required(*INVENTORY_ROLES)
def new():
    form = ItemTypeForm(g.estate, "lending_cabinet")
    if form.validate_on_submit():
        item = create_item_type(g.estate, quantity=form.quantity.data, **form.item_fields())
        flash(_("%(item)s added. Print its tags from the register.", item=item.name), "success")
        return redirect(url_for("items.show", item_id=item.id))
    return render_template("items/form.html", form=form, item=None), 422 if form.errors else 200


@bp.route("/items/<int:item_id>/edit", methods=["GET", "POST"])
@role_required(*INVENTORY_ROLES)
def edit(item_id):
    item = _item(item_id)
    form = ItemTypeForm(g.estate, "lending_cabinet", item)
    error = None
    if form.validate_on_submit():
        try:
            update_item_type(item, form.quantity.data, **form.item_fields())
            flash(_("Saved."), "success")
            return redirect(url_for("items.show", item_id=item.id))
        except Refused as refused:
            error = explain(refused)
    return render_template("items/form.html", form=form, item=item, error=error), \
        422 if form.errors or error else 200


@bp.post("/items/<int:item_id>/retirement")
@role_required(*INVENTORY_ROLES)
def retirement(item_id):
    item = _item(item_id)
    try:
        retire(item)
        flash(_("%(name)s is out of the register; its history stays.", name=item.name), "success")
    except Refused as refused:
        flash(explain(refused), "error")
    return redirect(url_for("items.show", item_id=item.id))


@bp.get("/items/tags")
@role_required(*INVENTORY_ROLES)
def tags():
    base = current_app.config["PUBLIC_BASE_URL"]
    return render_template("register/tags.html", tags=tag_sheet(_inventory(), base, ids_arg("ids")),
                           back=url_for("items.index"), scans_nowhere=qr.scans_nowhere(base))


@bp.get("/i/<token>")
def scanned(token):
    """An item's tag scanned: staff get the item's page; anyone else is asked to bring it back."""
    item = ItemType.tagged(token) or abort(404)
    if current_user.is_authenticated and may_lend(current_user.role, {e.id for e in g.estates}, item.estate_id):
        return redirect(url_for("items.show", item_id=item.id))
    return render_template("scan/message.html", title=item.name, message=_(
        "This belongs to the lending cabinet of %(estate)s. Please bring it back to the cabinet or the "
        "front desk.", estate=item.estate.name))


@bp.get("/items/<int:item_id>")
@role_required(*LENDING_ROLES)
def show(item_id):
    return _page(_item(item_id))


def _page(item, form=None, error=None):
    form = form or LoanForm(g.estate)
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
    form = LoanForm(g.estate)
    try:
        lend_items(item.id, current_user, form.quantity.data or 1, **form.loan_arguments())
    except Refused as refused:
        return _page(ItemType.get_by_id(item.id), form, explain(refused)), 422
    flash(_("Lent: %(item)s ×%(count)s.", item=item.name, count=form.quantity.data or 1), "success")
    return redirect(url_for("items.show", item_id=item.id))
