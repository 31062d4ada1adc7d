"""Rate limits for what people may send (residents' reports, sign-in tries), with a message in their language.

The counts live where RATELIMIT_STORAGE_URI says (the `limits` package's storages: the app's own database by
default, shared by every worker; redis://… or memory://); `quota` decides what a request spends.
"""
import time
from functools import wraps

from flask import abort, current_app, g, make_response, render_template, request
from flask_babel import gettext as _
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from ..models import rate_limit  # noqa: F401 -- registers the database:// storage before init_app needs it


def client_address():
    """The client's address (the phone's, behind a trusted proxy: see TRUSTED_PROXIES)."""
    return request.remote_addr or "?"


def _counter():
    return current_app.extensions["quota"]


def per_client():
    return current_app.config["RESIDENT_LIMIT_PER_CLIENT"]


def per_place():
    return current_app.config["RESIDENT_LIMIT_PER_PLACE"]


def place_key():
    return "place:" + (request.view_args or {}).get("token", "")


def accepted(response):
    """Only what was accepted spends a resident's quota: a refused form can be corrected and sent again."""
    return response.status_code < 400


def quota(limit, key=client_address, spent_when=accepted):
    """Limit a view to `limit` (a callable or a string like "6 per 10 minutes") per `key`.

    The request is counted as it arrives, so a burst sent in parallel cannot slip past a check made before
    any of it was counted; the count is given back when `spent_when(response)` says it should not count.
    """
    def decorate(view):
        @wraps(view)
        def counted(*args, **kwargs):
            if request.method != "POST":  # only what is sent counts
                return view(*args, **kwargs)
            item = parse(limit() if callable(limit) else limit)
            who = (request.endpoint or "", key())
            if not _counter().hit(item, *who):
                g.retry_at = _counter().get_window_stats(item, *who).reset_time
                abort(429)
            try:
                response = make_response(view(*args, **kwargs))
            except HTTPException:
                _counter().hit(item, *who, cost=-1)
                raise
            if not spent_when(response):
                _counter().hit(item, *who, cost=-1)
            return response
        return counted
    return decorate


def retry_after():
    """Seconds until the quota that refused this request opens again."""
    return max(1, int(g.get("retry_at", time.time() + 60) - time.time()))


def sticker_crowded(token):
    """Whether the sticker is past its hourly count: reports still go through, with a phone number and
    marked as a possible flood, so a flood cannot silence the sticker for real residents."""
    return not _counter().test(parse(per_place()), "sticker", token)


def count_report(token):
    """Count one accepted report against its sticker."""
    _counter().hit(parse(per_place()), "sticker", token)


def _refused(error):
    return render_template("scan/message.html", title=_("Please wait a moment"), message=_(
        "Many reports were sent from here just now. Please try again in a few minutes, or call the "
        "service center.")), 429, {"Retry-After": str(retry_after())}


def init_app(app):
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        # Behind a reverse proxy every phone arrives from the proxy's address: take the client's from
        # X-Forwarded-For, believing only the hops we run, so a client cannot forge its way past the limits.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    app.extensions["quota"] = FixedWindowRateLimiter(storage_from_string(app.config["RATELIMIT_STORAGE_URI"]))
    app.register_error_handler(429, _refused)
