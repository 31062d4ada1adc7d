"""Static URLs that carry a hash of the file's content, so browsers may keep them for a year."""
import hashlib
import os

from flask import current_app, request, url_for

IMMUTABLE = "public, max-age=31536000, immutable"


def digest(filename):
    """First 10 hex digits of the sha256 of a static file, computed once per file."""
    digests = current_app.extensions["assets"]
    if filename not in digests or current_app.debug:
        # In debug, files change under a running server: hash again so the URL follows them.
        with open(os.path.join(current_app.static_folder, filename), "rb") as f:
            digests[filename] = hashlib.sha256(f.read()).hexdigest()[:10]
    return digests[filename]


def asset(filename):
    """The URL of a static file, versioned by its content."""
    return url_for("static", filename=filename, v=digest(filename))


def _cache_versioned(response):
    # Only a URL whose version matches today's content may be cached forever.
    if (request.endpoint == "static" and "v" in request.args and response.status_code in (200, 304)
            and request.args["v"] == digest(request.view_args["filename"])):
        response.headers["Cache-Control"] = IMMUTABLE
    return response


def init_app(app):
    app.extensions["assets"] = {}
    app.jinja_env.globals["asset"] = asset
    app.after_request(_cache_versioned)
