"""Sign in and out, and choose the estate to work in."""
import hashlib
from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..web.auth import TRIES_PER_ACCOUNT, TRIES_PER_CLIENT, forget, too_many_tries, wrong_password
from ..web.limits import client_address, quota
from ..models import Staff

bp = Blueprint("auth", __name__)


def _account_and_client():
    # Hashed: a login is whatever a stranger typed, and the key is stored with the counts.
    account = hashlib.sha256(request.form.get("login", "").strip().lower().encode()).hexdigest()[:32]
    return f"sign-in:{account}:{client_address()}"


@bp.route("/login", methods=["GET", "POST"])
@quota(TRIES_PER_CLIENT, spent_when=wrong_password)
@quota(TRIES_PER_ACCOUNT, key=_account_and_client, spent_when=wrong_password)
def login():
    if request.method == "GET":
        return render_template("auth/login.html")
    staff = Staff.authenticate(request.form.get("login"), request.form.get("password", ""))
    if staff is None:
        flash(_("Wrong username, mobile number or password."), "error")
        return render_template("auth/login.html", login=request.form.get("login", "")), 422
    session.pop("estate_id", None)  # the new person's estate is chosen afresh; the CSRF secret stays
    login_user(staff)
    return redirect(_safe_next(request.args.get("next")) or url_for("desk.home"))


@bp.errorhandler(429)
def login_refused_for_a_while(error):
    return too_many_tries("auth/login.html", login=request.form.get("login", ""))


def _safe_next(target):
    return target if target and not urlsplit(target).netloc and target.startswith("/") else None


@bp.post("/logout")
@login_required
def logout():
    current_user.sign_out_everywhere()  # a copy of this session's cookie must not stay signed in
    forget(current_user)
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


@bp.post("/estate")
@login_required
def choose_estate():
    chosen = request.form.get("estate_id", type=int)
    if chosen in {e.id for e in g.estates}:
        session["estate_id"] = chosen
    return redirect(url_for("desk.home"))
