"""Signing in and the role check on every route."""
import pytest

from webapp.models import Staff

from . import factories


def test_anonymous_visitor_is_sent_to_login(client, staff):
    response = client.get("/desk")
    assert response.status_code == 302 and "/login" in response.location


def test_anonymous_htmx_request_is_redirected_by_htmx(client, staff):
    response = client.get("/tickets/", headers={"HX-Request": "true"})
    assert response.status_code == 401 and "/login" in response.headers["HX-Redirect"]


def test_staff_sign_in_with_mobile_number(client, staff):
    response = client.post("/login", data={"login": staff["desk"].mobile, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert client.get("/desk").status_code == 200


def test_wrong_password_is_refused_with_a_message(client, staff):
    response = client.post("/login", data={"login": "desk", "password": "nope"})
    assert response.status_code == 422
    assert client.get("/desk").status_code == 302


def test_deactivated_staff_cannot_sign_in(client, staff):
    Staff.update(active=False).where(Staff.username == "desk").execute()
    assert client.post("/login", data={"login": "desk", "password": factories.PASSWORD}).status_code == 422


def test_passwords_are_stored_hashed(staff):
    stored = Staff.get(Staff.username == "desk").password_hash
    assert factories.PASSWORD not in stored and stored.startswith(("scrypt:", "pbkdf2:"))


def test_sign_in_does_not_redirect_off_site(client, staff):
    response = client.post("/login?next=https://evil.example/x",
                           data={"login": "desk", "password": factories.PASSWORD})
    assert response.location == "/"


@pytest.mark.parametrize("username, url, status", [
    ("eng", "/desk", 403), ("eng", "/log/", 403), ("eng", "/revisits", 403), ("guard", "/units/1-101", 403),
    ("area1", "/revisits", 403), ("area1", "/units/1-101", 200), ("desk", "/log/export.csv", 200),
    ("eng", "/tickets/", 200), ("cshead", "/revisits", 200), ("admin", "/desk", 200),
])
def test_each_role_reaches_only_its_pages(client, login, username, url, status):
    login(username)
    assert client.get(url).status_code == status


def test_signing_out_takes_a_post(client, login):
    login("desk")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/desk").status_code == 302


def test_staff_not_yet_placed_in_an_estate_are_told_so_not_shown_an_error(client, staff):
    factories.person("newbie", "front_desk")
    client.post("/login", data={"login": "newbie", "password": factories.PASSWORD})
    assert client.get("/desk").status_code == 403
