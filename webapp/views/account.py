"""A member of staff's own account: changing the password."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required, login_user
from wtforms import PasswordField
from wtforms.validators import EqualTo, InputRequired, Length, ValidationError

from ..domain import Refused
from ..domain.people import check_password_choice
from ..web.auth import TRIES_PER_ACCOUNT, forget, too_many_tries, wrong_password
from ..web.limits import quota
from ..web.parsing import Form

bp = Blueprint("account", __name__, url_prefix="/account")


class PasswordForm(Form):
    current = PasswordField(_l("Current password"), validators=[
        InputRequired(_l("Give your current password.")), Length(max=200)])
    new = PasswordField(_l("New password"), validators=[
        InputRequired(_l("Give a new password.")),
        Length(min=8, max=200, message=_l("A password has 8 to 200 characters."))])
    repeat = PasswordField(_l("New password again"), validators=[
        EqualTo("new", _l("The two new passwords differ."))])

    def __init__(self, staff, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = staff

    def validate_current(self, field):
        if not self.staff.check_password(field.data):
            raise ValidationError(_l("That is not your current password."))

    def validate_new(self, field):
        try:
            check_password_choice(field.data, self.staff.username, self.staff.mobile)
        except Refused as refused:
            raise ValidationError(_l(refused.message)) from None


@bp.route("/password", methods=["GET", "POST"])
@login_required
@quota(TRIES_PER_ACCOUNT, key=lambda: f"password:{current_user.id}", spent_when=wrong_password)
def password():
    form = PasswordForm(current_user)
    if not form.validate_on_submit():
        return render_template("account/password.html", form=form), 422 if form.errors else 200
    current_user.change_password(form.new.data)
    forget(current_user)
    login_user(current_user._get_current_object())  # this session carries on under the new version
    flash(_("Your password was changed. Every other device was signed out."), "success")
    return redirect(url_for("account.password"))


@bp.errorhandler(429)
def password_refused_for_a_while(error):
    return too_many_tries("account/password.html", form=PasswordForm(current_user))
