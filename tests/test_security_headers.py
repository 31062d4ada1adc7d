"""Every response tells the browser to run only this site's own code, and private links leak nowhere."""
import html
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image

from webapp import clock, create_app
from webapp.models import Estate, Ticket, Unit
from webapp.models.items import borrow, create_item_type
from webapp.models.keys import create_key
from webapp.models.photo import attach, save_uploads
from webapp.models.place import create_place

from . import factories

TEMPLATES = Path(__file__).parent.parent / "templates"


def policy(response):
    """The Content-Security-Policy of a response, as {directive: [sources]}."""
    header = response.headers["Content-Security-Policy"]
    return {name: sources for name, *sources in (part.split() for part in header.split(";"))}


def assert_secured(response):
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]  # no inline script, no eval
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:"} & set(csp["style-src"] + csp["img-src"])
    assert (csp["frame-ancestors"], csp["base-uri"], csp["form-action"], csp["object-src"]) == (
        ["'none'"], ["'self'"], ["'self'"], ["'none'"])
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def poll_url(page):
    return html.unescape(re.search(r'hx-get="([^"]+)"', page).group(1))


def test_staff_pages_fragments_static_files_and_errors_allow_only_this_site(client, login, estate, staff):
    anonymous = [client.get("/login"), client.get("/static/app.css"), client.get("/sw.js"),
                 client.get("/manifest.webmanifest"), client.get("/offline"), client.get("/no-such-page"),
                 client.post("/login", data={"login": "desk", "password": "wrong"})]
    login("desk")
    fragment = {"HX-Request": "true"}
    signed_in = [client.get("/"), client.get("/desk"), client.get("/units/search?q=1-1", headers=fragment),
                 client.get("/board/", headers=fragment), client.get("/tickets/T-nothing")]
    assert [r.status_code for r in anonymous + signed_in] == [200, 200, 200, 200, 200, 404, 422,
                                                              302, 200, 200, 200, 404]
    for response in anonymous + signed_in:
        assert_secured(response)
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "Strict-Transport-Security" not in response.headers  # plain http: a local demo stays usable


def test_an_unchanged_live_poll_answered_before_flask_carries_the_headers_too(client, login, estate, staff):
    login("eng")
    url = poll_url(client.get("/queue/engineering").get_data(as_text=True))
    unchanged = client.get(url, headers={"HX-Request": "true"})
    assert unchanged.status_code == 204
    assert_secured(unchanged)


def test_a_photo_and_the_exports_are_served_under_the_policy_and_exports_never_stored(
        app, client, login, estate, staff, tmp_path):
    ticket = factories.ticket(estate, staff["desk"])
    picture = io.BytesIO()
    Image.new("RGB", (800, 600), (90, 140, 200)).save(picture, "JPEG")
    picture.seek(0)
    app.config["PHOTO_FOLDER"] = str(tmp_path)
    with app.app_context():
        attach(ticket, save_uploads([("IMG_1.jpg", picture)], str(tmp_path), clock.utcnow()), "intake", None)
    login("desk")
    photo = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    photo = client.get(re.search(r'src="(/photos/\d+/thumb)"', photo).group(1))
    exports = [client.get("/log/export.csv"), client.get("/loans/register/keys.csv")]
    assert [r.status_code for r in [photo, *exports]] == [200, 200, 200]
    for response in [photo, *exports]:
        assert_secured(response)
    for export in exports:
        assert export.headers["Cache-Control"] == "no-store"


@pytest.fixture
def private_links(estate, staff):
    """One real address of each kind that only its holder should know, as a resident or a tag opens it."""
    lobby = create_place(estate, name="1号楼电梯厅", kind="lift_lobby", building=estate.buildings.first(), floor=1)
    ticket = factories.ticket(estate, staff["desk"], channel="qr")
    Ticket.update(tracking_token="tr4ck1ng-t0ken").where(Ticket.id == ticket.id).execute()
    Estate.update(self_service_lending=True).where(Estate.id == estate.id).execute()
    umbrellas = create_item_type(estate, "雨伞", 3)
    loan = borrow(umbrellas.id, Unit.find(estate, "1-201"), 1, clock.utcnow() + timedelta(hours=4), "13912345678")
    key = create_key(estate, "1号楼机房钥匙")
    return [f"/q/{lobby.token}", "/t/tr4ck1ng-t0ken", f"/l/{loan.tracking_token}", f"/k/{key.token}",
            f"/i/{umbrellas.token}", "/t/no-such-token"]


def test_pages_whose_address_is_a_private_token_send_no_referrer_and_are_never_stored(client, private_links):
    for url in private_links:
        response = client.get(url)
        assert response.status_code < 500, url
        assert_secured(response)
        assert response.headers["Referrer-Policy"] == "no-referrer", url
        assert response.headers["Cache-Control"] == "no-store", url


def test_the_resident_page_keeps_its_css_inline_allowed_only_by_this_responses_nonce(client, private_links):
    first, second = client.get(private_links[0]), client.get(private_links[0])
    nonces = []
    for response in (first, second):
        page = response.get_data(as_text=True)
        nonce = re.search(r'<style nonce="([\w-]{16,})">', page).group(1)
        assert policy(response)["style-src"] == ["'self'", f"'nonce-{nonce}'"]
        assert "<link" not in page and "<script" not in page  # one round trip on 3G
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
    assert policy(client.get("/login"))["style-src"] == ["'self'"]  # no inline CSS there: no nonce offered


INLINE_CODE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|\bhx-on\b|javascript:|\sstyle\s*=", re.I)


def test_no_template_has_inline_script_event_handlers_or_style_attributes():
    found = {str(path.relative_to(TEMPLATES)): INLINE_CODE.findall(path.read_text(encoding="utf-8"))
             for path in TEMPLATES.rglob("*.html")}
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_only_the_resident_page_has_a_style_element_and_it_carries_the_nonce():
    styles = {str(path.relative_to(TEMPLATES)): re.findall(r"<style[^>]*>", path.read_text(encoding="utf-8"))
              for path in TEMPLATES.rglob("*.html")}
    assert {name: tags for name, tags in styles.items() if tags} == {
        "scan/_page.html": ['<style nonce="{{ csp_nonce() }}">']}


def test_htmx_is_told_to_inject_no_style_and_evaluate_no_code(client):
    page = client.get("/login").get_data(as_text=True)
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false, "allowEval": false}'>""" in page


@pytest.fixture
def behind_proxy(app):
    """The same deployment behind one trusted reverse proxy that terminates https."""
    return create_app(dict(app.config, TRUSTED_PROXIES=1)).test_client()


def sign_in(client, **request):
    response = client.post("/login", data={"login": "desk", "password": factories.PASSWORD}, **request)
    assert response.status_code == 302
    return response


def cookie_flags(response):
    return {part.strip() for part in response.headers["Set-Cookie"].split(";")[1:]}


def test_hsts_and_secure_cookies_exactly_when_https_came_through_the_trusted_proxy(client, behind_proxy, staff):
    https = sign_in(behind_proxy, headers={"X-Forwarded-Proto": "https"})
    assert https.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert {"Secure", "HttpOnly", "SameSite=Lax"} <= cookie_flags(https)
    # Plain http, or a client forging the proxy's header: the local demo's cookie must still come back.
    for http in (sign_in(behind_proxy), sign_in(client, headers={"X-Forwarded-Proto": "https"})):
        assert "Strict-Transport-Security" not in http.headers
        assert {"HttpOnly", "SameSite=Lax"} <= cookie_flags(http) and "Secure" not in cookie_flags(http)
    assert client.get("/desk").status_code == 200


def test_https_served_directly_also_gets_hsts_and_a_secure_cookie(app, staff):
    response = sign_in(app.test_client(), base_url="https://localhost")
    assert "Strict-Transport-Security" in response.headers
    assert "Secure" in cookie_flags(response)
