"""Live queues and the desk's board: ordered, coloured by response targets, redrawn only when something changed."""
import html
import re
from datetime import timedelta

from flask import template_rendered

from webapp import clock
from webapp.db import db
from webapp.models.handling import advance

from . import factories
from .conftest import DESK_HOURS_UTC


def cursor_of(page):
    return re.search(r'data-cursor="([^"]+)"', page).group(1)


def poll_url(page):
    """The URL the open list polls, as htmx will request it."""
    return html.unescape(re.search(r'hx-get="([^"]+)"', page).group(1))


def card_numbers(html):
    return re.findall(r'id="card-(T[\d-]+)"', html)


def test_engineering_queue_lists_urgent_first_then_oldest(client, login, estate, staff):
    old = factories.ticket(estate, staff["desk"])
    with clock.frozen_at(DESK_HOURS_UTC + timedelta(minutes=3)):
        urgent = factories.ticket(estate, staff["desk"], urgent=True)
    login("eng2")
    with clock.frozen_at(DESK_HOURS_UTC + timedelta(minutes=12)):
        page = client.get("/queue/engineering").get_data(as_text=True)
    assert card_numbers(page)[:2] == [urgent.number, old.number]
    assert "12 分钟" in re.search(rf'id="card-{old.number}".*?class="clock [^>]*>(.*?)</span>', page, re.S).group(1)


def test_unchanged_poll_answers_204_without_querying_tickets_or_rendering(app, client, login, estate, staff):
    factories.ticket(estate, staff["desk"])
    login("eng")
    url = poll_url(client.get("/queue/engineering").get_data(as_text=True))
    rendered, queries = [], []
    original = db.obj.execute_sql

    def counting(sql, *args, **kwargs):
        queries.append(sql)
        return original(sql, *args, **kwargs)

    db.obj.execute_sql = counting
    template_rendered.connect(lambda sender, template, context, **kw: rendered.append(template.name), app)
    try:
        response = client.get(url, headers={"HX-Request": "true"})
    finally:
        db.obj.execute_sql = original
    assert response.status_code == 204 and response.data == b""
    assert rendered == []
    assert len(queries) == 1 and "change_counter" in queries[0]  # no ticket query; not even the user loaded


def test_a_forged_poll_pass_gets_no_shortcut(client, login, estate, staff):
    login("eng")
    url = poll_url(client.get("/queue/engineering").get_data(as_text=True))
    forged = re.sub(r"pass=(\d+)\.(\d+)\.\w+", r"pass=\1.\2.0000deadbeef0000", url)
    client.post("/logout")
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 204  # unchanged: nothing to reveal
    assert client.get(forged, headers={"HX-Request": "true"}).status_code == 401  # down the full path


def test_deactivated_staff_polling_a_changed_queue_is_sent_to_sign_in(client, login, estate, staff, monkeypatch):
    from webapp.web import auth
    from webapp.models import Staff
    login("eng")
    url = poll_url(client.get("/queue/engineering").get_data(as_text=True))
    Staff.update(active=False).where(Staff.username == "eng").execute()
    later = auth.time.monotonic() + auth.SIGNED_IN_SECONDS + 1  # the signed-in person is kept for a moment
    monkeypatch.setattr(auth.time, "monotonic", lambda: later)
    factories.ticket(estate, staff["desk"])
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 401 and "/login" in response.headers["HX-Redirect"]


def test_a_poll_from_a_role_without_the_queue_is_not_answered_from_the_session(client, login, estate, staff):
    login("area1")
    assert client.get("/queue/engineering?since=0.0", headers={"HX-Request": "true"}).status_code == 403


def test_a_new_ticket_reaches_an_open_queue_on_its_next_poll(client, login, estate, staff):
    login("eng")
    url = poll_url(client.get("/queue/engineering").get_data(as_text=True))
    ticket = factories.ticket(estate, staff["desk"])
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200 and ticket.number in card_numbers(response.get_data(as_text=True))
    assert "<html" not in response.get_data(as_text=True)  # a fragment, not a page


def test_waiting_help_turns_amber_at_80_percent_of_its_target_and_red_past_it(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "help", team="security")  # respond within 5 minutes
    login("guard")
    for minutes, colour in ((3, "late-ok"), (4, "late-amber"), (6, "late-red")):
        with clock.frozen_at(DESK_HOURS_UTC + timedelta(minutes=minutes)):
            page = client.get("/queue/security").get_data(as_text=True)
        assert re.search(rf'class="card-item {colour}[^"]*" id="card-{ticket.number}"', page), minutes


def test_ticket_past_its_target_is_escalated_on_the_board_with_no_one_looking(client, login, estate, staff):
    repair = factories.ticket(estate, staff["desk"])
    login("cshead")
    escalated_section = lambda page: page.split('class="cards escalated')[1].split("</ul>")[0]
    with clock.frozen_at(DESK_HOURS_UTC + timedelta(minutes=29)):
        assert repair.number not in escalated_section(client.get("/board/").get_data(as_text=True))
    with clock.frozen_at(DESK_HOURS_UTC + timedelta(minutes=31)):
        assert repair.number in escalated_section(client.get("/board/").get_data(as_text=True))


def test_estate_response_targets_are_its_own(client, login, estate, staff):
    estate.target_repair_minutes = 10
    estate.save()
    repair = factories.ticket(estate, staff["desk"])
    login("desk")
    with clock.frozen_at(DESK_HOURS_UTC + timedelta(minutes=11)):
        page = client.get("/board/").get_data(as_text=True)
    assert repair.number in page.split('class="cards escalated')[1].split("</ul>")[0]


def test_accepting_from_the_queue_moves_the_card_to_my_orders(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"])
    login("eng2")
    response = client.post(f"/queue/engineering/tickets/{ticket.number}/accept", headers={"HX-Request": "true"})
    mine = response.get_data(as_text=True).split("</h2>")[1]
    assert response.status_code == 200 and ticket.number in mine
    assert 'action="/queue/engineering/tickets/%s/arrive"' % ticket.number in mine


def test_acting_on_an_order_someone_just_took_says_who_took_it(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"])
    advance(ticket.id, staff["eng"], "accept")
    login("eng2")
    response = client.post(f"/queue/engineering/tickets/{ticket.number}/accept", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert re.search(r'class="flash error"[^>]*>[^<]*eng', response.get_data(as_text=True))


def test_guard_cannot_open_the_board_and_engineer_sees_no_security_cards(client, login, estate, staff):
    help_request = factories.ticket(estate, staff["desk"], "help", team="security")
    login("eng")
    assert client.get("/board/").status_code == 403
    assert help_request.number not in client.get("/queue/engineering").get_data(as_text=True)
    assert client.get("/queue/plumbers").status_code == 403  # not their team, whether or not it exists


def test_pages_that_answer_htmx_with_a_fragment_say_they_vary_by_it(client, login, estate, staff):
    login("desk")
    page, fragment = client.get("/board/"), client.get("/board/", headers={"HX-Request": "true"})
    assert "<html" in page.get_data(as_text=True) and "<html" not in fragment.get_data(as_text=True)
    assert all("HX-Request" in r.headers.get("Vary", "") for r in (page, fragment))
    assert "HX-Request" in client.get("/queue/security").headers.get("Vary", "")
    assert "HX-Request" in client.get("/no-such-page").headers.get("Vary", "")
    assert "HX-Request" not in client.get("/log/").headers.get("Vary", "")
