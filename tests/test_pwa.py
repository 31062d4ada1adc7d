"""The desk installs as an app: manifest, icons, service worker, offline page, long-cached static files."""
import hashlib
import io
import json
from pathlib import Path

import pytest
from PIL import Image

from webapp.web.assets import IMMUTABLE, asset
from webapp.db import db


def _sha10(content):
    return hashlib.sha256(content).hexdigest()[:10]


def test_manifest_names_the_center_and_opens_standalone_at_the_start_page(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.data)
    assert manifest["name"] == "物业服务中心"
    assert manifest["short_name"] == "客服"
    assert manifest["lang"] == "zh-CN"
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("/", "/", "standalone")
    assert (manifest["theme_color"], manifest["background_color"]) == ("#0b6e4f", "#ffffff")


def test_manifest_icons_are_pngs_of_the_stated_sizes(client):
    icons = json.loads(client.get("/manifest.webmanifest").data)["icons"]
    assert {(icon["sizes"], icon["purpose"]) for icon in icons} == {
        ("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for icon in icons:
        response = client.get(icon["src"])
        assert response.status_code == 200, icon["src"]
        image = Image.open(io.BytesIO(response.data))
        assert image.format == "PNG"
        assert "x".join(map(str, image.size)) == icon["sizes"]


def test_maskable_icon_is_opaque_to_its_edges(client):
    maskable = next(i for i in json.loads(client.get("/manifest.webmanifest").data)["icons"]
                    if i["purpose"] == "maskable")
    image = Image.open(io.BytesIO(client.get(maskable["src"]).data)).convert("RGBA")
    assert image.getpixel((0, 0)) == (0x0b, 0x6e, 0x4f, 255)


def test_every_page_links_manifest_theme_icon_and_worker(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert '<meta name="theme-color" content="#0b6e4f">' in page
    assert '<link rel="apple-touch-icon" href="/static/icons/icon-192.png?v=' in page
    assert '<script src="/static/app.js?v=' in page and 'data-service-worker="/sw.js"' in page


def test_service_worker_is_served_from_the_root_and_always_revalidated(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Service-Worker-Allowed"] == "/"


def test_service_worker_precaches_the_offline_page_and_versioned_shell(app, client):
    css_url = f"/static/app.css?v={_sha10((Path(app.static_folder) / 'app.css').read_bytes())}"
    worker = client.get("/sw.js").get_data(as_text=True)
    shell = json.loads(worker.split("const SHELL = ", 1)[1].split(";", 1)[0])
    assert shell[0] == "/offline"
    assert css_url in shell
    assert any(url.startswith("/static/vendor/htmx-2.0.8.min.js?v=") for url in shell)
    assert "/*ASSETS*/" not in worker and "/*CACHE*/" not in worker


def test_a_new_shell_file_gives_the_worker_a_new_cache_name(app, client):
    def cache_name():
        worker = client.get("/sw.js").get_data(as_text=True)
        return worker.split("const CACHE = ", 1)[1].split(";", 1)[0]

    before = cache_name()
    assert before.startswith('"shell-')
    app.extensions["assets"]["app.css"] = "0123456789"  # as if app.css had been deployed anew
    assert cache_name() != before


def test_offline_page_shows_to_a_visitor_who_is_not_signed_in(client):
    response = client.get("/offline")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "网络已断开" in page
    assert "已保存的内容不会丢失" in page
    assert 'href="/static/app.css?v=' in page


def test_offline_page_needs_no_database(client, monkeypatch):
    def no_query(*args, **kwargs):
        raise AssertionError(f"the offline page queried the database: {args[1:2]}")
    monkeypatch.setattr(type(db.obj), "execute_sql", no_query)
    assert client.get("/offline").status_code == 200


def test_versioned_static_file_may_be_cached_for_a_year(client):
    page = client.get("/login").get_data(as_text=True)
    css_url = page.split('<link rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    assert "?v=" in css_url
    assert client.get(css_url).headers["Cache-Control"] == IMMUTABLE == "public, max-age=31536000, immutable"


@pytest.mark.parametrize("url", ["/static/app.css", "/static/app.css?v=0000000000"])
def test_unversioned_or_stale_static_url_is_not_cached_forever(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "immutable" not in response.headers.get("Cache-Control", "")


def test_changed_file_content_gets_a_new_url(app, tmp_path):
    app.static_folder = str(tmp_path)
    note = tmp_path / "note.css"
    note.write_bytes(b"a { color: red }")
    with app.test_request_context():
        first = asset("note.css")
    note.write_bytes(b"a { color: blue }")
    with app.test_request_context():
        assert asset("note.css") == first  # hashed once, not on every page
    app.extensions["assets"].clear()  # what a restart after a deploy does
    with app.test_request_context():
        second = asset("note.css")
    assert first == f"/static/note.css?v={_sha10(b'a { color: red }')}"
    assert second == f"/static/note.css?v={_sha10(b'a { color: blue }')}"
