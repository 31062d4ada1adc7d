"""The installable app: its manifest, its service worker and the page shown when the network is gone."""
import hashlib
import json
import os

from flask import Blueprint, Response, current_app, jsonify, render_template, url_for
from flask_wtf.csrf import generate_csrf

from ..web.assets import asset
from ..web.auth import role_required
from ..web.replay import offline_page

bp = Blueprint("pwa", __name__)

THEME = "#0b6e4f"
# The outbox's sending code, shared by the pages and the worker (which imports it).
OUTBOX_CORE = ("vendor/idb-8.0.4.umd.js", "outbox-core.js")
SHELL = ("app.css", "app.js", "vendor/htmx-2.0.8.min.js", "icons/icon-192.png", "icons/icon-512.png",
         "icons/maskable-512.png", "outbox.js", "scanner.js", "vendor/jsQR-1.4.0.js", "patrol.js") + OUTBOX_CORE


@bp.get("/manifest.webmanifest")
def manifest():
    icons = [{"src": asset("icons/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
             {"src": asset("icons/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
             {"src": asset("icons/maskable-512.png"), "sizes": "512x512", "type": "image/png",
              "purpose": "maskable"}]
    # The center's name is its brand: Chinese whatever the interface language.
    body = {"id": "/", "name": "物业服务中心", "short_name": "客服", "lang": "zh-CN",
            "start_url": url_for("desk.home"), "scope": "/", "display": "standalone",
            "theme_color": THEME, "background_color": "#ffffff", "icons": icons}
    return Response(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")


@bp.get("/sw.js")
def service_worker():
    shell = json.dumps([url_for("pwa.offline")] + [asset(name) for name in SHELL])
    # A deploy that changes any shell file changes this name, so the worker starts a fresh cache.
    cache = "shell-" + hashlib.sha256(shell.encode()).hexdigest()[:10]
    with open(os.path.join(current_app.static_folder, "sw.js"), encoding="utf-8") as f:
        source = (f.read().replace("/*ASSETS*/[]", shell).replace("/*CACHE*/'shell'", json.dumps(cache))
                  .replace("/*CORE*/[]", json.dumps([asset(name) for name in OUTBOX_CORE]))
                  .replace("/*TOKEN*/'/outbox/token'", json.dumps(url_for("pwa.outbox_token"))))
    return Response(source, mimetype="text/javascript",
                    headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"})


@bp.get("/offline")
def offline():
    return render_template("pwa/offline.html")


@bp.get("/outbox")
@role_required()
@offline_page
def outbox():
    return render_template("pwa/outbox.html")


@bp.get("/outbox/token")
@role_required()
def outbox_token():
    """A fresh form token for the outbox: an entry saved hours ago may carry a stale one."""
    response = jsonify(token=generate_csrf())
    response.headers["Cache-Control"] = "no-store"
    return response
