"""The outbox's requests: an entry sent twice (a lost answer, a repeated replay) is done once and answered alike;
the outbox is told plainly whether an entry was taken, must wait, or needs the person."""
from datetime import datetime

import pytest

from webapp.models import Photo, Ticket, TicketEvent
from webapp.models.replay import ReplayedRequest, claim
from webapp.web.replay import device_time

from .test_completion_photos import accepted_repair, jpeg

KEY = "0b7c4d1e-5f6a-4b8c-9d0e-1f2a3b4c5d6e"
OUTBOX = {"X-Outbox": "1"}


def finish(client, ticket, key=KEY, headers=None, note="已更换角阀", **data):
    return client.post(f"/tickets/{ticket.number}/completion", content_type="multipart/form-data",
                       headers={"Idempotency-Key": key, **(headers or {})},
                       data={"note": note, "paid": "free", **data})


def finishes(ticket):
    return TicketEvent.select().where(TicketEvent.ticket == ticket, TicketEvent.action == "finish").count()


def test_the_same_entry_sent_twice_is_done_once_and_answered_alike(client, login, estate, staff):
    ticket = accepted_repair(estate, staff)
    login("eng")
    first = finish(client, ticket, photos=[(jpeg(), "IMG_0001.jpg")])
    second = finish(client, ticket, photos=[(jpeg(), "IMG_0001.jpg")])
    assert first.status_code == second.status_code == 302
    assert first.location == second.location
    assert second.headers["X-Replayed"] == "1"
    assert finishes(ticket) == 1 and Photo.select().where(Photo.ticket == ticket).count() == 1


def test_an_outbox_entry_taken_is_answered_204_with_where_to_go_next_also_when_sent_again(client, login, estate, staff):
    ticket = accepted_repair(estate, staff)
    login("eng")
    first = finish(client, ticket, headers=OUTBOX)
    again = finish(client, ticket, headers=OUTBOX)
    assert (first.status_code, again.status_code) == (204, 204)
    assert first.headers["X-Location"] == again.headers["X-Location"] == "/"
    assert Ticket.get_by_id(ticket.id).state == "done" and finishes(ticket) == 1


def test_an_entry_still_being_sent_is_answered_409_with_retry_after(client, login, estate, staff):
    ticket = accepted_repair(estate, staff)
    eng = login("eng")
    assert claim(eng.id, KEY, f"/tickets/{ticket.number}/completion") is None  # another request runs it
    response = finish(client, ticket, headers=OUTBOX)
    assert response.status_code == 409 and int(response.headers["Retry-After"]) > 0
    assert Ticket.get_by_id(ticket.id).state == "accepted"


def test_a_refused_entry_gives_its_key_back_so_the_fixed_entry_goes_through(client, login, estate, staff):
    ticket = accepted_repair(estate, staff)
    login("eng")
    refused = finish(client, ticket, note="", headers=OUTBOX)
    assert refused.status_code == 422 and Ticket.get_by_id(ticket.id).state == "accepted"
    assert ReplayedRequest.select().count() == 0
    fixed = finish(client, ticket, headers=OUTBOX)
    assert fixed.status_code == 204 and finishes(ticket) == 1


def test_a_ticket_finished_meanwhile_refuses_the_entry_with_the_reason(client, login, estate, staff):
    ticket = accepted_repair(estate, staff)
    login("eng")
    assert finish(client, ticket, key="first-device-key").status_code == 302
    late = finish(client, ticket, headers=OUTBOX)
    assert late.status_code == 422 and 'class="flash error"' in late.get_data(as_text=True)
    assert finishes(ticket) == 1


@pytest.mark.parametrize("key", ["short", "x" * 65, "has space 123", "键键键键键键键键", "semi;colon12", ""])
def test_a_malformed_key_is_refused_400_and_nothing_is_done(client, login, estate, staff, key):
    ticket = accepted_repair(estate, staff)
    login("eng")
    assert finish(client, ticket, key=key, headers=OUTBOX).status_code == 400
    assert Ticket.get_by_id(ticket.id).state == "accepted"


def test_a_key_is_one_persons_own_another_engineers_same_key_is_a_new_entry(client, app, login, estate, staff):
    ticket = accepted_repair(estate, staff)
    login("eng")
    eng = staff["eng"]
    claim(staff["eng2"].id, KEY, "/elsewhere")  # eng2 used the same key for something else
    assert finish(client, ticket, headers=OUTBOX).status_code == 204
    assert ReplayedRequest.select().where(ReplayedRequest.staff == eng).count() == 1


def test_a_key_sent_again_to_another_page_is_refused_not_replayed(client, login, estate, staff):
    ticket, other = accepted_repair(estate, staff), accepted_repair(estate, staff)
    login("eng")
    assert finish(client, ticket, headers=OUTBOX).status_code == 204
    response = finish(client, other, headers=OUTBOX)
    assert response.status_code == 422 and Ticket.get_by_id(other.id).state == "accepted"


def test_an_outbox_entry_of_someone_signed_out_is_401_not_success(client, estate, staff):
    ticket = accepted_repair(estate, staff)
    response = finish(client, ticket, headers=OUTBOX)
    assert response.status_code == 401 and "登录" in response.get_data(as_text=True)
    assert Ticket.get_by_id(ticket.id).state == "accepted"


def test_the_outbox_token_is_fresh_for_staff_and_401_for_the_signed_out(client, login, estate, staff):
    assert client.get("/outbox/token", headers=OUTBOX).status_code == 401
    login("eng")
    response = client.get("/outbox/token", headers=OUTBOX)
    assert response.status_code == 200 and response.json["token"]
    assert response.headers["Cache-Control"] == "no-store"


def test_the_outbox_and_completion_pages_are_kept_for_offline_use(client, login, estate, staff):
    ticket = accepted_repair(estate, staff)
    login("eng")
    assert client.get("/outbox").headers["X-Offline"] == "keep"
    assert client.get(f"/tickets/{ticket.number}/completion").headers["X-Offline"] == "keep"
    assert "X-Offline" not in client.get("/tickets/mine").headers


def test_no_key_nor_header_gives_a_server_error(client, login, estate, staff):
    ticket = accepted_repair(estate, staff)
    login("eng")
    for headers in ({"Idempotency-Key": "\x00" * 10}, {"X-Outbox": "1", "X-Device-Time": "9" * 40},
                    {"Idempotency-Key": KEY, "X-Outbox": "yes"}):
        response = client.post(f"/tickets/{ticket.number}/completion", headers=headers, data={"note": "x"})
        assert response.status_code < 500, headers


@pytest.mark.parametrize("sent, read", [
    ("1795399200000", datetime(2026, 11, 23, 2, 0)), ("1795399200123", datetime(2026, 11, 23, 2, 0, 0, 123000)), ("", None), ("abc", None), ("-5", None),
    ("9" * 15, None), ("9" * 40, None), ("١٢٣٤٥", None), ("1e12", None)])
def test_device_time_is_the_phones_clock_as_utc_or_none_when_absent_or_nonsense(app, sent, read):
    with app.test_request_context("/", headers={"X-Device-Time": sent}):
        assert device_time() == read
