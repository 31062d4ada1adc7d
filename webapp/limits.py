"""Rate limits for what anonymous people may send (Flask-Limiter), with a message in their language."""
from flask import current_app, render_template, request
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

from .models import rate_limit  # noqa: F401 -- registers the database:// storage before init_app needs it

# Counts live where RATELIMIT_STORAGE_URI says: in the app's database by default, shared by every worker.
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def per_client():
    return current_app.config["RESIDENT_LIMIT_PER_CLIENT"]


def per_place():
    return current_app.config["RESIDENT_LIMIT_PER_PLACE"]


def place_key():
    return "place:" + (request.view_args or {}).get("token", "")


def _refused(error):
    return render_template("scan/message.html", title=_("Please wait a moment"), message=_(
        "Many reports were sent from here just now. Please try again in a few minutes, or call the "
        "service center.")), 429


def init_app(app):
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        # Behind a reverse proxy every phone arrives from the proxy's address: take the client's from
        # X-Forwarded-For, believing only the hops we run, so a client cannot forge its way past the limits.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    limiter.init_app(app)
    # Only decorated endpoints are limited (there are no default limits) and their decorators check for
    # themselves; the extension's global hook would cost every other request ~80 µs for nothing.
    app.before_request_funcs[None].remove(limiter._check_request_limit)
    app.register_error_handler(429, _refused)


def accepted(response):
    """Only what was accepted spends a quota: a refused form (422) can be corrected and sent again."""
    return response.status_code < 400


def _sticker_limit():
    from limits import parse
    return parse(per_place())


def sticker_crowded(token):
    """Whether the sticker is past its hourly count: reports still go through, with a phone number and
    marked as a possible flood, so a flood cannot silence the sticker for real residents."""
    return not limiter.limiter.test(_sticker_limit(), "sticker", token)


def count_report(token):
    """Count one accepted report against its sticker."""
    limiter.limiter.hit(_sticker_limit(), "sticker", token)
