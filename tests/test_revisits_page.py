"""The return-visit list on a phone: compact rows that open their form, satisfaction in words, and no "reply by
phone" where there is no phone number."""
import re

from webapp.models import Ticket
from webapp.models.handling import advance

from . import factories

WORDS = ["非常满意", "满意", "一般", "不满意", "非常不满意"]


def done_repair(estate, staff, **fields):
    ticket = factories.ticket(estate, staff["desk"], **fields)
    advance(ticket.id, staff["eng"], "accept")
    return advance(ticket.id, staff["eng"], "finish", note="已修复")


def row_of(page, ticket):
    return re.search(rf'<li class="ticket" id="revisit-{ticket.number}">.*?</li>', page, re.S).group(0)


def test_satisfaction_is_chosen_in_words_from_very_satisfied_to_very_dissatisfied(client, login, estate, staff):
    ticket = done_repair(estate, staff)
    login("desk")
    row = row_of(client.get("/revisits").get_data(as_text=True), ticket)
    labels = re.findall(r'name="satisfaction" type="radio" value="(\d)"><span>([^<]*)</span>', row)
    assert labels == [("5", WORDS[0]), ("4", WORDS[1]), ("3", WORDS[2]), ("2", WORDS[3]), ("1", WORDS[4])]


def test_each_row_is_a_compact_line_that_opens_its_form(client, login, estate, staff):
    ticket = done_repair(estate, staff)
    login("desk")
    row = row_of(client.get("/revisits").get_data(as_text=True), ticket)
    summary = re.search(r"<details>\s*<summary>(.*?)</summary>", row, re.S).group(1)
    assert ticket.number in summary and "<form" not in summary
    assert row.index("</summary>") < row.index(f'action="/tickets/{ticket.number}/revisit"')


def test_no_phone_number_means_no_reply_by_phone_and_no_call_link(client, login, estate, staff):
    ticket = done_repair(estate, staff, contact_phone="", channel="phone")
    login("desk")
    row = row_of(client.get("/revisits").get_data(as_text=True), ticket)
    assert "tel:" not in row and "答复方式" not in row and "未留电话" in row


def test_a_phone_number_gives_a_call_button(client, login, estate, staff):
    ticket = done_repair(estate, staff)
    login("desk")
    row = row_of(client.get("/revisits").get_data(as_text=True), ticket)
    assert re.search(r'<a class="button" href="tel:13912345678">', row)


def test_a_letter_is_answered_by_letter(client, login, estate, staff):
    ticket = done_repair(estate, staff, channel="letter")
    login("desk")
    row = row_of(client.get("/revisits").get_data(as_text=True), ticket)
    assert re.search(r"答复方式: <strong>信函</strong>", row)


def test_a_reached_owner_without_satisfaction_opens_the_row_with_the_group_marked(client, login, estate, staff):
    ticket = done_repair(estate, staff)
    login("desk")
    response = client.post(f"/tickets/{ticket.number}/revisit", data={"reached": "yes", "comment": "已联系"})
    assert response.status_code == 422 and Ticket.get_by_id(ticket.id).state == "done"
    row = row_of(response.get_data(as_text=True), ticket)
    assert "<details open>" in row and "已联系" in row
    group = re.search(r'<fieldset class="choices satisfaction invalid"[^>]*>.*?</fieldset>', row, re.S).group(0)
    assert re.search(r'<span role="alert" id="satisfaction-error" class="error">[^<]+</span>', group)
    assert 'aria-describedby="satisfaction-error"' in group
    assert re.search(r'<input checked[^>]*name="reached"[^>]*value="yes"', row)


def test_recording_a_visit_in_words_stores_the_number(client, login, estate, staff):
    ticket = done_repair(estate, staff)
    login("desk")
    assert client.post(f"/tickets/{ticket.number}/revisit",
                       data={"reached": "yes", "satisfaction": "2"}).status_code == 302
    assert (Ticket.get_by_id(ticket.id).state, Ticket.get_by_id(ticket.id).satisfaction) == ("closed", 2)
