"""The key register (钥匙管理): each key's place, who has it, its whole history; scanning its tag."""
from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..auth import role_required
from ..domain import Refused
from ..domain.loans import is_overdue, mask_id
from ..forms.lending import KeyForm, ReturnForm, VoidForm
from ..i18n import explain
from ..models import Key, Loan
from ..models.lending import create_key, keys_out, lend_key, retire_key, update_key
from .loans import LENDING_ROLES, REGISTER_ROLES, lends_in, loan_arguments, loan_form, tag_sheet, take_out

bp = Blueprint("keys", __name__)


def _key(key_id):
    return Key.get_or_none((Key.id == key_id) & (Key.estate == g.estate)) or abort(404)


def _register():
    """The estate's keys in use, cabinet by cabinet, hook by hook."""
    return Key.select().where((Key.estate == g.estate) & ~Key.retired).order_by(Key.cabinet, Key.hook, Key.label)


@bp.get("/keys/")
@role_required(*LENDING_ROLES)
def index():
    keys = _register()
    loans = {loan.id: loan for loan in Loan.open_of(g.estate).where(Loan.key.is_null(False))}
    return render_template("keys/index.html", keys=keys, loans=loans, now=clock.utcnow(), is_overdue=is_overdue)


@bp.route("/keys/new", methods=["GET", "POST"])
@role_required(*REGISTER_ROLES)
def new():
    form = KeyForm(g.estate, "key_cabinet")
    if form.validate_on_submit():
        key = create_key(g.estate, **form.key_fields())
        flash(_("%(key)s added. Print its tag from the register.", key=key.label), "success")
        return redirect(url_for("keys.show", key_id=key.id))
    return render_template("keys/form.html", form=form, key=None), 422 if form.errors else 200


@bp.route("/keys/<int:key_id>/edit", methods=["GET", "POST"])
@role_required(*REGISTER_ROLES)
def edit(key_id):
    key = _key(key_id)
    form = KeyForm(g.estate, "key_cabinet", key)
    if form.validate_on_submit():
        update_key(key, **form.key_fields())
        flash(_("Saved; the key's tag stays valid."), "success")
        return redirect(url_for("keys.show", key_id=key.id))
    return render_template("keys/form.html", form=form, key=key), 422 if form.errors else 200


@bp.post("/keys/<int:key_id>/retirement")
@role_required(*REGISTER_ROLES)
def retirement(key_id):
    key = _key(key_id)
    return take_out(retire_key, key, key.label, url_for("keys.show", key_id=key.id))


@bp.get("/keys/tags")
@role_required(*REGISTER_ROLES)
def tags():
    # The tag shows the hook, not what the key opens: a lost key should not say which door it opens.
    return tag_sheet(_register(), "k", lambda key: key.label, lambda key: key.hook)


@bp.get("/keys/<int:key_id>")
@role_required(*LENDING_ROLES)
def show(key_id):
    return _page(_key(key_id))


def _page(key, form=None, error=None):
    history = key.loans.order_by(Loan.out_at.desc())
    current = Loan.get_or_none(Loan.id == key.out_loan_id) if key.out_loan_id else None
    return render_template("keys/show.html", key=key, current=current, history=history, form=form or loan_form(),
                           return_form=ReturnForm(formdata=None), void_form=VoidForm(formdata=None), error=error,
                           mask_id=mask_id, now=clock.utcnow(), is_overdue=is_overdue)


@bp.post("/keys/<int:key_id>/loans")
@role_required(*LENDING_ROLES)
def lend(key_id):
    key = _key(key_id)
    form = loan_form()
    try:
        lend_key(key.id, current_user, **loan_arguments(form))
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
    key = Key.get_or_none(Key.token == token) or abort(404)
    if lends_in(key.estate_id):
        return redirect(url_for("keys.show", key_id=key.id))
    return render_template("scan/message.html", title=_("A key of the service center"),
                           message=_("This key belongs to %(estate)s. If you found it, please hand it to the "
                                     "service center's front desk.", estate=key.estate.name))
