"""A ticket's page, its steps over HTTP, return visits, visibility between roles and estates."""
import re
from datetime import timedelta

from webapp.models import Ticket
from webapp.models.handling import advance

from . import factories


def flash_errors(response):
    return re.findall(r'class="flash error"[^>]*>([^<]*)<', response.get_data(as_text=True))


def test_engineer_accepts_goes_on_site_and_finishes(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"])
    login("eng2")
    assert ticket.number in client.get("/tickets/").get_data(as_text=True)  # waiting in the queue
    for action, data in (("accept", {}), ("arrive", {}), ("completion", {"note": "更换了密封圈", "paid": "free"})):
        assert client.post(f"/tickets/{ticket.number}/{action}", data=data).status_code == 302
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert Ticket.get_by_id(ticket.id).state == "done" and "更换了密封圈" in page


def test_second_engineer_sees_who_took_the_order(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"])
    advance(ticket.id, staff["eng"], "accept")
    login("eng2")
    response = client.post(f"/tickets/{ticket.number}/accept")
    assert response.status_code == 409
    assert any("eng" in message for message in flash_errors(response))


def test_finishing_without_a_note_keeps_the_order_and_says_why(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"])
    login("eng")
    client.post(f"/tickets/{ticket.number}/accept")
    response = client.post(f"/tickets/{ticket.number}/completion", data={"note": "", "paid": "free"})
    assert response.status_code == 422 and 'class="error"' in response.get_data(as_text=True)
    assert Ticket.get_by_id(ticket.id).state == "accepted"


def test_unknown_step_is_not_found(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"])
    login("desk")
    assert client.post(f"/tickets/{ticket.number}/teleport").status_code == 404


def test_ticket_page_shows_timeline_and_reply_channel(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "suggestion", channel="letter")
    login("cshead")
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert page.count("<li><time>") == 2  # taken, routed
    assert re.search(r"<strong>[^<]*</strong></dd>", page)  # the reply-by line


def done_repair(estate, staff, **fields):
    ticket = factories.ticket(estate, staff["desk"], **fields)
    advance(ticket.id, staff["eng"], "accept")
    return advance(ticket.id, staff["eng"], "finish", note="已修复")


def test_revisit_list_is_oldest_first_and_closes_on_a_reached_owner(client, login, estate, staff):
    newer = done_repair(estate, staff)
    older = done_repair(estate, staff, unit="2-101")  # taken later, but finished earlier
    Ticket.update(done_at=newer.done_at - timedelta(hours=1)).where(Ticket.id == older.id).execute()
    login("desk2")
    page = client.get("/revisits").get_data(as_text=True)
    assert page.index(older.number) < page.index(newer.number)
    response = client.post(f"/tickets/{older.number}/revisit",
                           data={"reached": "yes", "satisfaction": "4", "comment": "满意"})
    assert response.status_code == 302
    closed = Ticket.get_by_id(older.id)
    assert (closed.state, closed.satisfaction) == ("closed", 4)
    assert f'id="revisit-{older.number}"' not in client.get("/revisits").get_data(as_text=True)


def test_revisit_of_a_reached_owner_needs_a_satisfaction(client, login, estate, staff):
    ticket = done_repair(estate, staff)
    login("desk")
    response = client.post(f"/tickets/{ticket.number}/revisit", data={"reached": "yes", "comment": "已联系"})
    assert response.status_code == 422 and "已联系" in response.get_data(as_text=True)
    assert Ticket.get_by_id(ticket.id).state == "done"


def test_engineer_cannot_do_the_return_visit(client, login, estate, staff):
    ticket = done_repair(estate, staff)
    login("eng")
    assert client.post(f"/tickets/{ticket.number}/revisit",
                       data={"reached": "yes", "satisfaction": "5"}).status_code == 403
    assert Ticket.get_by_id(ticket.id).state == "done"


def test_guard_cannot_see_the_cs_heads_suggestion(client, login, estate, staff):
    suggestion = factories.ticket(estate, staff["desk"], "suggestion")
    login("guard")
    assert client.get(f"/tickets/{suggestion.number}").status_code == 404
    assert client.post(f"/tickets/{suggestion.number}/escalate", data={"note": "x"}).status_code == 404


def test_guard_sees_security_tickets_but_not_engineering_ones(client, login, estate, staff):
    help_request = factories.ticket(estate, staff["desk"], "help", team="security")
    repair = factories.ticket(estate, staff["desk"], "repair")
    login("guard2")
    assert client.get(f"/tickets/{help_request.number}").status_code == 200
    assert client.get(f"/tickets/{repair.number}").status_code == 404


def test_another_estates_desk_cannot_see_the_ticket_but_the_admin_can(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"])
    other = factories.estate("YQ", "云栖公寓")
    factories.person("yqdesk", "front_desk", other)
    client.post("/login", data={"login": "yqdesk", "password": factories.PASSWORD})
    assert client.get(f"/tickets/{ticket.number}").status_code == 404
    assert ticket.number not in client.get("/log/?day=2026-11-23").get_data(as_text=True)
    client.post("/logout")
    login("admin")
    assert client.get(f"/tickets/{ticket.number}").status_code == 200


def test_staff_of_two_estates_switch_between_them(client, estate, staff):
    other = factories.estate("YQ", "云栖公寓")
    head = factories.person("both", "center_head", estate, other)
    theirs = factories.ticket(other, head, unit="1-101")
    client.post("/login", data={"login": "both", "password": factories.PASSWORD})
    assert theirs.number not in client.get("/log/?day=2026-11-23").get_data(as_text=True)
    client.post("/estate", data={"estate_id": other.id})
    assert theirs.number in client.get("/log/?day=2026-11-23").get_data(as_text=True)


def test_unit_page_shows_history_and_the_owners_archive(client, login, estate, staff):
    from webapp.models.handling import revisit
    suggestion = factories.ticket(estate, staff["desk"], "suggestion", unit="1-201")
    advance(suggestion.id, staff["cshead"], "accept")
    advance(suggestion.id, staff["cshead"], "finish", note="已采纳")
    revisit(suggestion.id, staff["desk"], reached=True, satisfaction=5)
    repair = factories.ticket(estate, staff["desk"], unit="1-201")
    login("desk")
    page = client.get("/units/1-201").get_data(as_text=True)
    archive, history = page.split("<h2>", 2)[1:3]
    assert suggestion.number in archive and repair.number not in archive
    assert suggestion.number in history and repair.number in history
    assert client.get("/units/9-999").status_code == 404


def test_user_text_is_shown_as_text(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], description="<script>alert(1)</script>")
    login("desk")
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_center_head_sets_desk_hours_cap_and_dispatch_mode_per_category(client, login, estate, staff):
    login("head")
    assert client.get("/settings/").status_code == 200
    response = client.post("/settings/", data={"desk_opens": "07:30", "desk_closes": "20:00",
                                               "max_open_orders": "4", "mode-repair-electrical": "assign",
                                               "target_help_minutes": "3", "target_repair_minutes": "20"})
    assert response.status_code == 302
    electrical = factories.ticket(estate, staff["desk"], "repair", category="electrical")
    plumbing = factories.ticket(estate, staff["desk"], "repair", category="plumbing")
    assert electrical.assignee.username == "eng" and plumbing.assignee is None
    from webapp.models import Estate
    saved = Estate.get_by_id(estate.id)
    assert (saved.desk_opens, saved.desk_closes, saved.max_open_orders) == ("07:30", "20:00", 4)
    assert saved.targets == {"help": 3, "repair": 20}


def test_settings_refuse_a_malformed_time_and_keep_the_old_ones(client, login, estate):
    login("head")
    response = client.post("/settings/", data={"desk_opens": "8点", "desk_closes": "17:30",
                                                               "target_help_minutes": "5", "target_repair_minutes": "30"})
    assert response.status_code == 422 and 'value="8点"' in response.get_data(as_text=True)
    from webapp.models import Estate
    assert Estate.get_by_id(estate.id).desk_opens == "08:00"


def test_only_the_center_head_and_admin_change_settings(client, login):
    login("desk")
    assert client.get("/settings/").status_code == 403
    assert client.post("/settings/", data={"desk_opens": "00:00", "desk_closes": "23:59"}).status_code == 403
