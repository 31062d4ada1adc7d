"""The center finds every setup screen from one page, and each person finds their own shifts and hand-over."""
import re


def links(page):
    return re.findall(r'href="(/[^"]*)"', page)


def test_the_center_head_reaches_every_setup_screen_from_the_setup_page(client, login):
    login("head")
    assert "/settings/center" in links(client.get("/board/").get_data(as_text=True))
    page = client.get("/settings/center").get_data(as_text=True).split("<main>")[1]
    setup = [href for href in links(page) if href.split("?")[0].rstrip("/") in (
        "/estates", "/units", "/imports", "/staff", "/staff/teams", "/roster", "/roster/holidays",
        "/handover/history", "/settings")]
    assert len(setup) == 9
    assert all(client.get(href).status_code == 200 for href in setup)


def test_the_front_desk_has_no_setup_page_but_finds_the_units(client, login):
    login("desk")
    assert client.get("/settings/center").status_code == 403
    nav = links(client.get("/board/").get_data(as_text=True))
    assert "/units/" in nav and "/settings/center" not in nav


def test_a_guard_finds_their_shifts_their_team_roster_and_the_hand_over_on_the_phone(client, login):
    login("guard")
    nav = links(client.get("/tickets/mine").get_data(as_text=True))
    assert {"/roster/mine", "/handover/", "/roster/?team=security"} <= set(nav)
    assert all(client.get(href).status_code == 200 for href in ("/roster/mine", "/handover/", "/roster/?team=security"))
