"""The keys (钥匙管理): each key's place, who has it, its whole history; scanning its tag."""
from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..media import qr
from ..web.auth import role_required
from ..domain import Refused
from ..domain.loans import INVENTORY_ROLES, LENDING_ROLES, mask_id, may_lend
from ..domain.register import is_overdue
from ..forms.lending import KeyForm, LoanForm, ReturnForm, VoidForm
from ..web.i18n import explain
from ..models import Key, Loan
from ..models.keys import create_key, keys_out, lend_key
from ..models.register import retire, tag_sheet, update_entry
from ..web.parsing import ids_arg

bp = Blueprint("keys", __name__)


def _key(key_id):
    return Key.of_estate(g.estate, key_id) or abort(404)


def _inventory():
    """The estate's keys in use, cabinet by cabinet, hook by hook."""
    return Key.inventory(g.estate).order_by(Key.cabinet, Key.hook, Key.label)


@bp.get("/keys/")
@role_required(*LENDING_ROLES)
def index():
    loans = {loan.id: loan for loan in Loan.open_of(g.estate).where(Loan.key.is_null(False))}
    return render_template("keys/index.html", keys=_inventory(), loans=loans, now=clock.utcnow(),
                           is_overdue=is_overdue)


@bp.route("/keys/new", methods=["GET", "POST"])
@role_required(*INVENTORY_ROLES)
def new():
    form = KeyForm(g.estate, "key_cabinet")
    if form.validate_on_submit():
        key = create_key(g.estate, **form.key_fields())
        flash(_("%(key)s added. Print its tag from the register.", key=key.label), "success")
        return redirect(url_for("keys.show", key_id=key.id))
    return render_template("keys/form.html", form=form, key=None), 422 if form.errors else 200


@bp.route("/keys/<int:key_id>/edit", methods=["GET", "POST"])
@role_required(*INVENTORY_ROLES)
def edit(key_id):
    key = _key(key_id)
    form = KeyForm(g.estate, "key_cabinet", key)
    if form.validate_on_submit():
        update_entry(key, **form.key_fields())
        flash(_("Saved; the key's tag stays valid."), "success")
        return redirect(url_for("keys.show", key_id=key.id))
    return render_template("keys/form.html", form=form, key=key), 422 if form.errors else 200


@bp.post("/keys/<int:key_id>/retirement")
@role_required(*INVENTORY_ROLES)
def retirement(key_id):
    key = _key(key_id)
    try:
        retire(key)
        flash(_("%(name)s is out of the register; its history stays.", name=key.label), "success")
    except Refused as refused:
        flash(explain(refused), "error")
    return redirect(url_for("keys.show", key_id=key.id))


@bp.get("/keys/tags")
@role_required(*INVENTORY_ROLES)
def tags():
    base = current_app.config["PUBLIC_BASE_URL"]
    return render_template("register/tags.html", tags=tag_sheet(_inventory(), base, ids_arg("ids")),
                           back=url_for("keys.index"), scans_nowhere=qr.scans_nowhere(base))


@bp.get("/keys/<int:key_id>")
@role_required(*LENDING_ROLES)
def show(key_id):
    return _page(_key(key_id))


def _page(key, form=None, error=None):
    history = key.loans.order_by(Loan.out_at.desc())
    current = Loan.get_or_none(Loan.id == key.out_loan_id) if key.out_loan_id else None
    return render_template("keys/show.html", key=key, current=current, history=history,
                           form=form or LoanForm(g.estate), return_form=ReturnForm(formdata=None),
                           void_form=VoidForm(formdata=None), error=error, mask_id=mask_id, now=clock.utcnow(),
                           is_overdue=is_overdue)


@bp.post("/keys/<int:key_id>/loans")
@role_required(*LENDING_ROLES)
def lend(key_id):
    key = _key(key_id)
    form = LoanForm(g.estate)
    try:
        lend_key(key.id, current_user, **form.loan_arguments())
    except Refused as refused:
        key = Key.get_by_id(key.id)
        return _page(key, form, explain(refused)), 409 if key.out_loan_id else 422
    flash(_("%(key)s is out.", key=key.label), "success")
    return redirect(url_for("keys.show", key_id=key.id))


@bp.get("/keys/out")
@role_required(*LENDING_ROLES)
def out():
    """Keys not back: the list the shift hands over."""
    return render_template("keys/out.html", keys=keys_out(g.estate), now=clock.utcnow(), is_overdue=is_overdue)


@bp.get("/k/<token>")
def scanned(token):
    """A key's tag scanned: staff get the key's page; anyone else is asked to hand it to the desk."""
    key = Key.tagged(token) or abort(404)
    if current_user.is_authenticated and may_lend(current_user.role, {e.id for e in g.estates}, key.estate_id):
        return redirect(url_for("keys.show", key_id=key.id))
    return render_template("scan/message.html", title=_("A key of the service center"),
                           message=_("This key belongs to %(estate)s. If you found it, please hand it to the "
                                     "service center's front desk.", estate=key.estate.name))
