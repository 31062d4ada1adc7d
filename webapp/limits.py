"""Rate limits for what anonymous people may send (Flask-Limiter), with a message in their language."""
from flask import current_app, render_template, request
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

# Counts live where RATELIMIT_STORAGE_URI says: in each process by default, or shared (e.g. redis://).
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
