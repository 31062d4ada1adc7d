"""Security headers on every response, and cookies that stay on https when the request came by https.

Applied around the whole WSGI app, so that answers given before Flask runs (the live lists' 204) carry them too.
"""
import re
import secrets

from flask import has_request_context, request
from werkzeug.datastructures import Headers

# Only this origin, no inline script; inline CSS only by the nonce of this response (the resident page ships its
# CSS inline to load in one round trip). A page kept and served again (live.rendered) must not carry a nonce.
POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'{nonce}; img-src 'self'; object-src 'none'; "
          "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
# Pages whose address is the only key to a resident's ticket, a loan, a sticker or a tag: never kept by a
# browser or proxy, never told to the next site in a Referer.
TOKEN_PAGE = re.compile(r"/[tlqki]/")
HSTS = "max-age=31536000"
NONCE = "servicedesk.csp_nonce"


def csp_nonce():
    """The nonce that lets this response's one inline <style> through the policy."""
    if not has_request_context():
        return ""
    if NONCE not in request.environ:
        request.environ[NONCE] = secrets.token_urlsafe(16)
    return request.environ[NONCE]


def secured(environ, headers):
    """`headers` (a WSGI list) with the security headers this request's response must carry."""
    headers = Headers(headers)
    nonce = environ.get(NONCE)
    headers["Content-Security-Policy"] = POLICY.format(nonce=f" 'nonce-{nonce}'" if nonce else "")
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    https = environ.get("wsgi.url_scheme") == "https"  # set from X-Forwarded-Proto only by a trusted proxy
    if https:
        headers["Strict-Transport-Security"] = HSTS
    if TOKEN_PAGE.match(environ.get("PATH_INFO", "")):
        headers["Referrer-Policy"] = "no-referrer"
        headers["Cache-Control"] = "no-store"
    else:
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    if headers.get("Content-Disposition", "").startswith("attachment"):
        headers["Cache-Control"] = "no-store"  # an export holds residents' details
    cookies = headers.getlist("Set-Cookie")
    if cookies:
        headers.setlist("Set-Cookie", [_hardened(cookie, https) for cookie in cookies])
    return headers.to_wsgi_list()


def _hardened(cookie, https):
    attributes = {part.strip().split("=", 1)[0].lower() for part in cookie.split(";")[1:]}
    wanted = [("httponly", "HttpOnly"), ("samesite", "SameSite=Lax")] + ([("secure", "Secure")] if https else [])
    return "; ".join([cookie] + [text for name, text in wanted if name not in attributes])


class SecurityHeaders:
    """WSGI middleware adding the security headers to every response of the app it wraps."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        def start(status, headers, exc_info=None):
            return start_response(status, secured(environ, headers), exc_info)
        return self.wsgi_app(environ, start)


def init_app(app):
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.wsgi_app = SecurityHeaders(app.wsgi_app)
