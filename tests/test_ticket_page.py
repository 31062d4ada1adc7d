"""The ticket page: the step this person most likely takes next comes first and large; one note box goes with
whichever step is tapped; cancelling says what it does, asks first, and works without script."""
import re

from webapp.models import Ticket, TicketEvent
from webapp.models.handling import advance, revisit

from . import factories


def page_of(client, ticket):
    response = client.get(f"/tickets/{ticket.number}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def next_step_section(page):
    return re.search(r'<section class="card actions".*?</section>', page, re.S).group(0)


def steps_form(page):
    return re.search(r'<form [^>]*class="steps".*?</form>', page, re.S).group(0)


def first_action(section):
    """The first button or button-like link of the section: what a thumb meets first."""
    return re.search(r'<(button|a class="button)[^>]*>', section).group(0)


def test_accept_comes_first_and_large_for_the_engineer_of_a_dispatched_repair(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "repair")
    login("eng")
    first = first_action(next_step_section(page_of(client, ticket)))
    assert "main-action" in first and "big" in first and first.count("/accept") == 1


def test_on_an_accepted_order_on_site_comes_first_and_finish_stays_at_hand(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "repair")
    advance(ticket.id, staff["eng"], "accept")
    login("eng")
    section = next_step_section(page_of(client, ticket))
    assert "/arrive" in first_action(section) and "main-action" in first_action(section)
    assert f'href="/tickets/{ticket.number}/completion"' in section


def test_once_on_site_finishing_is_the_main_action(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "repair")
    advance(ticket.id, staff["eng"], "accept")
    advance(ticket.id, staff["eng"], "arrive")
    login("eng")
    first = first_action(next_step_section(page_of(client, ticket)))
    assert "main-action" in first and f"/tickets/{ticket.number}/completion" in first


def test_one_note_box_serves_every_step_and_each_button_sends_it_to_its_own_step(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "repair")
    advance(ticket.id, staff["eng"], "accept")
    login("eng")
    form = steps_form(page_of(client, ticket))
    assert len(re.findall(r'<textarea[^>]*name="note"', form)) == 1
    assert re.search(rf'formaction="/tickets/{ticket.number}/hold"', form)
    assert re.search(rf'formaction="/tickets/{ticket.number}/escalate"', form)
    response = client.post(f"/tickets/{ticket.number}/hold", data={"note": "等待配件"})
    assert response.status_code == 302
    assert Ticket.get_by_id(ticket.id).hold_reason == "等待配件"


def test_a_person_chosen_for_dispatch_does_not_ride_along_with_another_step(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "repair")
    advance(ticket.id, staff["eng"], "accept")
    login("eng")
    client.post(f"/tickets/{ticket.number}/hold", data={"note": "等待配件", "target": staff["eng2"].id,
                                                        "team": "security"})
    held = Ticket.get_by_id(ticket.id)
    event = TicketEvent.get((TicketEvent.ticket == ticket) & (TicketEvent.action == "hold"))
    assert (held.state, held.team, event.target) == ("on_hold", "engineering", None)


def test_a_refused_step_keeps_the_note_that_was_typed(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "repair")
    login("desk")
    response = client.post(f"/tickets/{ticket.number}/reassign", data={"note": "请尽快处理"})  # nobody chosen
    assert response.status_code == 409
    form = steps_form(response.get_data(as_text=True))
    assert re.search(r'<textarea[^>]*name="note"[^>]*>请尽快处理</textarea>', form)


def test_cancel_reads_as_what_it_does_and_asks_before_it_happens(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "repair")
    login("desk")
    section = next_step_section(page_of(client, ticket))
    cancel = re.search(rf'<form [^>]*action="/tickets/{ticket.number}/cancel".*?</form>', section, re.S).group(0)
    assert "data-confirm=" in cancel and ticket.number in re.search(r'data-confirm="([^"]*)"', cancel).group(1)
    assert re.search(r"<button[^>]*>取消此处理单</button>", cancel)
    assert "/cancel" not in first_action(section)  # never the first thing a thumb meets


def test_cancel_works_without_script_and_needs_a_reason(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "repair")
    login("desk")
    refused = client.post(f"/tickets/{ticket.number}/cancel", data={"note": ""})
    assert refused.status_code == 409 and Ticket.get_by_id(ticket.id).state == "dispatched"
    assert "<details class=\"cancel-ticket\" open>" in refused.get_data(as_text=True)
    assert client.post(f"/tickets/{ticket.number}/cancel", data={"note": "业主已自行修好"}).status_code == 302
    assert Ticket.get_by_id(ticket.id).state == "cancelled"


def test_the_engineer_is_not_offered_cancel(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "repair")
    login("eng")
    assert "/cancel" not in page_of(client, ticket)


def test_a_done_ticket_offers_the_desk_its_return_visit_first(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "repair")
    advance(ticket.id, staff["eng"], "accept")
    advance(ticket.id, staff["eng"], "finish", note="已修复")
    login("desk")
    section = next_step_section(page_of(client, ticket))
    assert section.index(f'action="/tickets/{ticket.number}/revisit"') < section.index("<button")


def test_satisfaction_reads_in_words(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "repair")
    advance(ticket.id, staff["eng"], "accept")
    advance(ticket.id, staff["eng"], "finish", note="已修复")
    revisit(ticket.id, staff["desk"], reached=True, satisfaction=4)
    login("desk")
    assert re.search(r"<dd>满意</dd>", page_of(client, ticket))


def test_without_a_phone_number_the_page_does_not_say_reply_by_phone(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "repair", contact_phone="")
    login("desk")
    page = page_of(client, ticket)
    reply = re.search(r"<dt>答复方式</dt><dd>(.*?)</dd>", page, re.S).group(1)
    assert "电话" not in reply.replace("未留电话", "") and "tel:" not in page
