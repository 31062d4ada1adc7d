"""Small-item storage (小件物品寄存): deposit with a claim slip, release on the code, void, items left too
long."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from .. import clock
from ..domain import Refused
from ..domain.people import mask_phone
from ..domain.storage import storage_days
from ..domain.vocabulary import DESK_ROLES
from ..forms.storage import ClaimForm, DepositForm, StorageVoidForm
from ..media.photos import PhotoRefused
from ..models.storage import StoredItem, claim, deposit, void
from ..web.auth import role_required
from ..web.i18n import explain
from ..web.uploads import photo_folder, saved_photos

bp = Blueprint("storage", __name__, url_prefix="/storage")
STORAGE_ACTIONS = {"out": _l("Deposited"), "back": _l("Collected"), "void": _l("Voided")}


@bp.context_processor
def _words():
    return dict(mask_phone=mask_phone, STORAGE_ACTIONS=STORAGE_ACTIONS)


def _item(item_id):
    return StoredItem.of_estate(g.estate, item_id) or abort(404)


@bp.get("/")
@role_required(*DESK_ROLES)
def index():
    return _index(DepositForm(g.estate, formdata=None))


def _index(form, error=None):
    now = clock.utcnow()
    return render_template("storage/index.html", form=form, error=error, items=StoredItem.in_storage(g.estate),
                           left=StoredItem.left_over(g.estate, now, g.estate.storage_days).count(),
                           days=g.estate.storage_days)


@bp.post("/")
@role_required(*DESK_ROLES)
def new():
    form = DepositForm(g.estate)
    if not form.validate():
        return _index(form), 422
    try:
        photos = saved_photos(form.photo)
    except PhotoRefused as refused:
        return _index(form, explain(refused)), 422
    item = deposit(g.estate, current_user, photo=photos[0] if photos else None, **form.deposit_fields())
    flash(_("Deposited. Claim code %(code)s: print the slip.", code=item.claim_code), "success")
    return redirect(url_for("storage.slip", item_id=item.id))


@bp.get("/find")
@role_required(*DESK_ROLES)
def find():
    """The item still kept under the code typed at the desk."""
    item = StoredItem.with_code(g.estate, request.args.get("code", ""))
    if item is None:
        flash(_("No item in storage has that code."), "error")
        return redirect(url_for("storage.index"))
    return redirect(url_for("storage.show", item_id=item.id))


@bp.get("/left")
@role_required(*DESK_ROLES)
def left():
    """The items kept longer than N days (?days=, the estate's storage time unless asked; 0 lists every item
    kept), to print and chase."""
    days = storage_days(request.args.get("days"), g.estate.storage_days)
    items = StoredItem.left_over(g.estate, clock.utcnow(), days)
    return render_template("storage/left.html", items=items, days=days, now=clock.utcnow())


@bp.get("/<int:item_id>")
@role_required(*DESK_ROLES)
def show(item_id):
    item = _item(item_id)
    return _show(item, ClaimForm(item, formdata=None))


def _show(item, claim_form, error=None):
    return render_template("storage/show.html", item=item, claim_form=claim_form, error=error,
                           void_form=StorageVoidForm(formdata=None), events=item.events.order_by(item.events.model.at))


@bp.get("/<int:item_id>/slip")
@role_required(*DESK_ROLES)
def slip(item_id):
    """The claim slip (寄存凭条) to print small and hand to the depositor."""
    return render_template("storage/slip.html", item=_item(item_id))


@bp.get("/<int:item_id>/photo")
@role_required(*DESK_ROLES)
def photo(item_id):
    item = _item(item_id)
    if not item.photo_thumb:
        abort(404)
    return send_from_directory(photo_folder(), item.photo_thumb, mimetype="image/jpeg")


@bp.post("/<int:item_id>/claim")
@role_required(*DESK_ROLES)
def release(item_id):
    item = _item(item_id)
    form = ClaimForm(item)
    try:
        if not form.validate():
            raise Refused(form.refusal())
        claim(item, current_user, form.code.data, form.collector.data)
    except Refused as refused:
        return _show(item, form, explain(refused)), 422
    flash(_("%(item)s collected by %(name)s.", item=item.description, name=form.collector.data), "success")
    return redirect(url_for("storage.show", item_id=item.id))


@bp.post("/<int:item_id>/void")
@role_required(*DESK_ROLES)
def void_item(item_id):
    item = _item(item_id)
    form = StorageVoidForm()
    try:
        void(item, current_user, form.reason.data or "")
        flash(_("The deposit is voided; its record stays."), "success")
    except Refused as refused:
        flash(explain(refused), "error")
    return redirect(url_for("storage.show", item_id=item.id))
