"""Queue and board cards read at a glance: the stage's clock in words, urgent/late/urged said in words, a call button,
the accountable owner; and the page carries what it needs to say when it is disconnected."""
import calendar
import re
from datetime import timedelta

from webapp import clock
from webapp.models import Ticket
from webapp.models.handling import advance

from . import factories
from .conftest import DESK_HOURS_UTC


def card_of(page, ticket):
    """The HTML of one ticket's card."""
    return re.search(rf'<li class="card-item[^>]*id="card-{ticket.number}".*?</li>', page, re.S).group(0)


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def queue_at(client, minutes, path="/queue/security"):
    with clock.frozen_at(DESK_HOURS_UTC + timedelta(minutes=minutes)):
        return client.get(path).get_data(as_text=True)


def clock_text(card):
    """The words of a card's running clock."""
    return text_of(re.search(r'<span class="clock [^>]*>.*?</span>', card, re.S).group(0)).strip()


def test_clocks_read_in_minutes_hours_and_minutes_or_days_never_thousands_of_minutes(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"])
    login("eng")
    for minutes, words in ((3, "3 分钟"), (125, "2 小时 5 分"), (8684, "6 天")):
        card = card_of(queue_at(client, minutes, "/queue/engineering"), ticket)
        assert clock_text(card).startswith(f"待响应 {words} / 时限 30 分钟"), clock_text(card)
    client.get("/lang/en")
    assert "2 h 5 min / target 30 min" in text_of(card_of(queue_at(client, 125, "/queue/engineering"), ticket))


def test_an_urgent_card_says_urgent_in_words(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "help", team="security", urgent=True)
    login("guard")
    card = card_of(queue_at(client, 1), ticket)
    assert '<span class="badge urgent">紧急</span>' in card and "已催单" not in card


def test_a_card_is_amber_near_its_target_and_red_past_it_saying_so_in_words(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "help", team="security")  # respond within 5 minutes
    login("guard")
    on_time, near, past, long_past = (card_of(queue_at(client, minutes), ticket) for minutes in (3, 4, 7, 17))
    assert 'class="card-item late-ok' in on_time and "超时" not in text_of(on_time)
    assert 'class="card-item late-amber' in near and "4 分钟 / 时限 5 分钟 · 即将超时" in text_of(near)
    assert 'class="card-item late-red' in past and "已超时 2 分钟" in clock_text(past)
    assert "已超时 12 分钟" in clock_text(long_past)


def test_a_card_not_yet_late_carries_the_moments_it_turns_amber_and_red_to_the_second(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "help", team="security")
    login("guard")
    amber, red = map(int, re.search(r'data-late="(\d+) (\d+)"', card_of(queue_at(client, 3), ticket)).groups())
    made = calendar.timegm(DESK_HOURS_UTC.timetuple())  # when the ticket was taken
    assert (amber - made, red - made) == (4 * 60, 5 * 60)  # 80 % of the target, then the target
    near = card_of(queue_at(client, 4), ticket)
    assert re.search(r'data-late="0 (\d+)"', near).group(1) == str(made + 5 * 60)  # already amber
    assert 'data-near="即将超时" data-past="已超时"' in near  # the words the page shows when it turns the card
    assert "data-late" not in card_of(queue_at(client, 6), ticket)  # red: nothing left to turn


def test_an_urged_card_says_urged_and_looks_unlike_urgent(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "help", team="security")
    Ticket.update(urged_at=DESK_HOURS_UTC).where(Ticket.id == ticket.id).execute()
    login("guard")
    card = card_of(queue_at(client, 1), ticket)
    assert '<span class="badge urged">已催单</span>' in card and "紧急" not in card


def test_each_card_has_a_tap_to_call_button_for_the_contact(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "help", team="security", contact_phone="139 1234 5678")
    login("guard")
    card = card_of(queue_at(client, 1), ticket)
    assert re.search(r'<a class="call" href="tel:13912345678">致电 王先生</a>', card)


def test_the_accountable_owner_shows_only_where_it_differs_from_the_handler(client, login, estate, staff):
    taken_by_desk = factories.ticket(estate, staff["desk"], "help", team="security")
    advance(taken_by_desk.id, staff["guard"], "accept")
    own = factories.ticket(estate, staff["guard"], "help", team="security")
    advance(own.id, staff["guard"], "accept")
    login("guard")
    page = queue_at(client, 1)
    assert "首接负责人：desk" in text_of(card_of(page, taken_by_desk))
    assert "首接负责人" not in card_of(page, own)
    login("desk")
    on_board = text_of(card_of(queue_at(client, 1, "/board/"), taken_by_desk))
    assert "首接负责人：desk" in on_board and "处理人：guard" in on_board


def test_the_board_cards_read_the_same_way(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "help", team="security", urgent=True)
    login("desk")
    page = queue_at(client, 125, "/board/")
    card = text_of(card_of(page, ticket))
    assert "2 小时 5 分" in card and "紧急" in card and "超时 2 小时" in card and "tel:" in card_of(page, ticket)


def test_the_queue_and_board_pages_carry_the_disconnected_banner_and_their_script(client, login, estate, staff):
    login("guard")
    for path in ("/queue/security", "/board/"):
        if path == "/board/":
            login("desk")
        page = client.get(path).get_data(as_text=True)
        assert re.search(r'data-offline-banner\s+data-text="连接中断（\{time\} 起）— 正在重试"', page), path
        assert re.search(r'<script src="/static/queue\.js\?v=\w+" defer>', page) and "data-live" in page


def test_only_the_teams_own_queue_alerts_and_offers_to_turn_on_sound(client, login, estate, staff):
    login("guard")
    own = client.get("/queue/security").get_data(as_text=True)
    assert "data-alerts" in own and "点此开启提示音" in own and "data-waiting" in own
    login("desk")
    assert "data-alerts" not in client.get("/queue/security").get_data(as_text=True)
