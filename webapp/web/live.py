"""Live lists without wasted work.

A cursor moves when a ticket changes (or the minute turns, so waiting times stay true). Each rendered list
carries its cursor and a signed poll pass; an unchanged poll is answered 204 by a WSGI gate in front of
Flask — no session, no user, no template, one indexed read. Rendered pages and fragments are kept per cursor.
"""
import hashlib
import hmac
import time
from collections import OrderedDict
from urllib.parse import parse_qs

from flask import current_app, request, session

from .. import clock
from ..db import release
from ..models.changes import current

_MAX_RENDERED = 256
PASS_HOURS = 12


def cursor(estate_id):
    """Where the estate's tickets stand now: '<change counter>.<minute>'."""
    minute = int(clock.utcnow().timestamp() // 60)
    return f"{current(estate_id)}.{minute}"


def unchanged(position):
    """Whether the poller already shows this position (it sends it back as ?since=)."""
    return request.args.get("since") == position


def poll_pass(path, estate_id):
    """A signed pass letting the list at `path` poll the estate's cursor for the next hours."""
    expires = int(time.time()) + PASS_HOURS * 3600
    return f"{estate_id}.{expires}.{_sign(current_app.secret_key, path, estate_id, expires)}"


def _sign(secret, path, estate_id, expires):
    message = f"{path}|{estate_id}|{expires}".encode()
    return hmac.new(str(secret).encode(), message, hashlib.sha256).hexdigest()[:24]


def rendered(key, render):
    """The HTML rendered for `key` (which must include the cursor), rendering it only once."""
    kept = current_app.extensions.setdefault("live_rendered", OrderedDict())
    html = kept.get(key)
    if html is None:
        html = render()
        if "_flashes" in session:  # a page showing a one-off message is not kept
            return html
        kept[key] = html
        if len(kept) > _MAX_RENDERED:
            kept.popitem(last=False)
    return html


class PollGate:
    """WSGI middleware answering an unchanged live-list poll with 204 before Flask runs."""

    def __init__(self, wsgi_app, secret):
        self.wsgi_app, self.secret = wsgi_app, secret

    def __call__(self, environ, start_response):
        query = environ.get("QUERY_STRING", "")
        if "pass=" in query and environ.get("HTTP_HX_REQUEST") and environ.get("REQUEST_METHOD") == "GET":
            args = parse_qs(query)
            estate_id = self._estate(environ.get("PATH_INFO", ""), args.get("pass", [""])[0])
            if estate_id is not None and self._still(estate_id, args.get("since", [""])[0]):
                start_response("204 No Content", [("Cache-Control", "no-store"), ("Vary", "HX-Request")])
                return [b""]
        return self.wsgi_app(environ, start_response)

    def _estate(self, path, token):
        try:
            estate_id, expires, signature = token.split(".")
            estate_id, expires = int(estate_id), int(expires)
        except ValueError:
            return None
        good = hmac.compare_digest(signature, _sign(self.secret, path, estate_id, expires))
        return estate_id if good and expires > time.time() else None

    @staticmethod
    def _still(estate_id, since):
        try:
            return since == cursor(estate_id)
        finally:
            release()


def init_app(app):
    app.wsgi_app = PollGate(app.wsgi_app, app.secret_key)
