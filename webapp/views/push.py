"""Alerts on this phone: a member of staff subscribes a browser to Web Push, or stops it, from their account."""
import binascii
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required
from py_vapid.utils import b64urldecode
from wtforms import HiddenField
from wtforms.validators import InputRequired, Length, ValidationError

from ..alerts.push import application_server_key
from ..models.push import device_label, subscribe, subscriptions_of, unsubscribe
from ..web.parsing import Form

bp = Blueprint("push", __name__)

UNUSABLE = _l("This browser gave a subscription that cannot be used. Turn alerts on again.")


class EndpointForm(Form):
    """Which browser: the push service's URL its subscription gave."""
    endpoint = HiddenField(_l("Push address"), validators=[InputRequired(UNUSABLE), Length(max=2000)])

    def validate_endpoint(self, field):
        parts = urlsplit(field.data)
        if parts.scheme != "https" or not parts.hostname or any(c.isspace() for c in field.data):
            raise ValidationError(UNUSABLE)


class SubscriptionForm(EndpointForm):
    """What PushSubscription.toJSON() gives: the endpoint and the browser's two keys (base64url)."""
    p256dh = HiddenField(_l("Browser key"), validators=[InputRequired(UNUSABLE), Length(max=200)])
    auth = HiddenField(_l("Browser secret"), validators=[InputRequired(UNUSABLE), Length(max=100)])

    def validate_p256dh(self, field):
        _check_key(field.data, 65, b"\x04")  # an uncompressed P-256 point

    def validate_auth(self, field):
        _check_key(field.data, 16)


def _check_key(text, size, prefix=b""):
    try:
        raw = b64urldecode(text.encode("ascii"))
    except (UnicodeEncodeError, binascii.Error, ValueError):
        raise ValidationError(UNUSABLE) from None
    if len(raw) != size or not raw.startswith(prefix):
        raise ValidationError(UNUSABLE)


@bp.get("/account/alerts")
@login_required
def alerts():
    return _page()


@bp.post("/push/subscription")
@login_required
def subscribe_browser():
    form = SubscriptionForm()
    if not form.validate_on_submit():
        return _page(form.refusal()), 422
    subscribe(current_user, form.endpoint.data, form.p256dh.data, form.auth.data,
              device_label(request.headers.get("User-Agent", ""))[:60])
    flash(_("Alerts are on for this browser."), "success")
    return redirect(url_for("push.alerts"), 303)


@bp.post("/push/subscription/removal")
@login_required
def unsubscribe_browser():
    form = EndpointForm()
    if not form.validate_on_submit():
        return _page(form.refusal()), 422
    if unsubscribe(current_user, endpoint=form.endpoint.data):
        flash(_("Alerts to that browser are off."), "success")
    else:
        flash(_("That browser was not receiving your alerts."), "info")
    return redirect(url_for("push.alerts"), 303)


def _page(refusal=""):
    return render_template("push/alerts.html", refusal=refusal, key=application_server_key(),
                           subscriptions=list(subscriptions_of(current_user.id)))
