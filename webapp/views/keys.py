"""The key register (钥匙管理): each key's place, who has it, its whole history; scanning its tag."""
from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..auth import role_required
from ..domain import Refused
from ..domain.loans import is_overdue, mask_id
from ..forms import ReturnForm, VoidForm
from ..i18n import explain
from ..models import Key, Loan
from ..models.lending import keys_out, lend_key
from .loans import LENDING_ROLES, loan_arguments, loan_form

bp = Blueprint("keys", __name__)


def _key(key_id):
    return Key.get_or_none((Key.id == key_id) & (Key.estate == g.estate)) or abort(404)


@bp.get("/keys/")
@role_required(*LENDING_ROLES)
def index():
    keys = Key.select().where((Key.estate == g.estate) & ~Key.retired).order_by(Key.cabinet, Key.hook, Key.label)
    loans = {loan.id: loan for loan in Loan.open_of(g.estate).where(Loan.key.is_null(False))}
    return render_template("keys/index.html", keys=keys, loans=loans, now=clock.utcnow(), is_overdue=is_overdue)


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
    if current_user.is_authenticated and key.estate_id in {e.id for e in g.estates} \
            and current_user.role in LENDING_ROLES:
        return redirect(url_for("keys.show", key_id=key.id))
    return render_template("scan/message.html", title=_("A key of the service center"),
                           message=_("This key belongs to %(estate)s. If you found it, please hand it to the "
                                     "service center's front desk.", estate=key.estate.name))
