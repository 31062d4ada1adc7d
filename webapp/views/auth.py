"""Sign in and out, and choose the estate to work in."""
from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_required, login_user, logout_user

from ..models import Staff

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("auth/login.html")
    staff = Staff.by_login(request.form.get("login"))
    if staff is None or not staff.check_password(request.form.get("password", "")):
        flash(_("Wrong username, mobile number or password."), "error")
        return render_template("auth/login.html", login=request.form.get("login", "")), 422
    session.pop("estate_id", None)  # the new person's estate is chosen afresh; the CSRF secret stays
    login_user(staff)
    return redirect(_safe_next(request.args.get("next")) or url_for("desk.home"))


def _safe_next(target):
    return target if target and not urlsplit(target).netloc and target.startswith("/") else None


@bp.post("/logout")
@login_required
def logout():
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
