"""The desk's rules on every path: sensitive replies approved, kinds reclassified, queues per team, settings live."""
import re
from datetime import datetime

from webapp import clock, create_app
from webapp.models import Ticket, TicketEvent
from webapp.models.handling import advance
from webapp.models.place import create_place

from . import factories

SENSITIVE_CHALLENGE = {"kind": "challenge", "channel": "phone", "unit": "1-101", "contact_name": "王先生",
                       "description": "为什么物业费涨了", "sensitive": "y"}


def test_a_sensitive_challenge_answered_at_intake_waits_for_the_cs_heads_approval(client, login, estate, staff):
    login("desk")
    client.post("/tickets", data=dict(SENSITIVE_CHALLENGE, answer="按业主大会决议调整", intake_key="s1"))
    ticket = Ticket.get()
    assert (ticket.state, ticket.reply) == ("awaiting_approval", "按业主大会决议调整")
    approved = advance(ticket.id, staff["cshead"], "approve")
    assert (approved.state, approved.needs_revisit) == ("resolved_at_desk", False) and approved.closed_at


def test_a_sensitive_challenge_settled_at_the_desk_later_waits_for_approval_too(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "challenge", sensitive=True)
    login("desk")
    client.post(f"/tickets/{ticket.number}/resolve_at_desk", data={"note": "已按统一口径答复"})
    assert Ticket.get_by_id(ticket.id).state == "awaiting_approval"
    sent_back = advance(ticket.id, staff["cshead"], "send_back", note="请补充决议日期")
    assert sent_back.state in ("new", "accepted")  # back to whoever answers it, never closed unapproved


def test_a_sensitive_challenge_finished_by_its_handler_waits_for_approval(estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "challenge", sensitive=True)
    advance(ticket.id, staff["area1"], "accept")
    assert advance(ticket.id, staff["area1"], "finish", note="已答复").state == "awaiting_approval"


def test_a_plain_challenge_settled_at_the_desk_closes_at_once(client, login, estate, staff):
    login("desk")
    client.post("/tickets", data=dict(SENSITIVE_CHALLENGE, sensitive="", answer="已解释", intake_key="p1"))
    assert Ticket.get().state == "resolved_at_desk"


def test_the_desk_refiles_a_residents_complaint_as_a_suggestion_and_it_goes_to_the_cs_head(
        client, login, estate, staff):
    lobby = create_place(estate, name="大堂", kind="public_area")
    client.post(f"/q/{lobby.token}", data={"choice": "complaint", "description": "建议大堂放几把椅子",
                                           "intake_key": "r1"})
    ticket = Ticket.get()
    assert (ticket.kind, ticket.state) == ("complaint", "new")
    login("desk")
    response = client.post(f"/tickets/{ticket.number}/kind", data={"kind": "suggestion"})
    assert response.status_code == 302
    refiled = Ticket.get_by_id(ticket.id)
    assert (refiled.kind, refiled.state, refiled.assignee.username) == ("suggestion", "dispatched", "cshead")
    step = refiled.events.where(TicketEvent.action == "reclassify").get()
    assert (step.actor.username, step.note, step.target.username) == ("desk", "complaint>suggestion", "cshead")
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "更改类别" in page and "投诉 → 建议" in page


def test_a_refiled_repair_moves_to_the_right_queue_and_only_the_desk_may_refile(client, login, estate, staff):
    ticket = factories.ticket(estate, staff["desk"], "inquiry", unit="1-101")
    login("area1")
    assert client.post(f"/tickets/{ticket.number}/kind", data={"kind": "repair"}).status_code == 403
    client.post("/logout")
    login("desk")
    client.post(f"/tickets/{ticket.number}/kind", data={"kind": "repair"})
    assert (Ticket.get_by_id(ticket.id).kind, Ticket.get_by_id(ticket.id).team) == ("repair", "engineering")
    same = client.post(f"/tickets/{ticket.number}/kind", data={"kind": "repair"})
    assert same.status_code == 409 and "另一个类别" in same.get_data(as_text=True)


def test_guards_and_engineers_see_only_their_own_teams_queue_and_the_desk_sees_both(client, login, estate, staff):
    login("guard")
    assert client.get("/queue/security").status_code == 200
    assert client.get("/queue/engineering").status_code == 403
    client.post("/logout")
    login("eng")
    assert client.get("/queue/security").status_code == 403
    client.post("/logout")
    login("cshead")
    assert [client.get(f"/queue/{team}").status_code for team in ("security", "engineering")] == [200, 200]


def test_a_cached_queue_never_carries_another_sessions_form_token(app, estate, staff):
    guarded = create_app(dict(app.config, WTF_CSRF_ENABLED=True))
    factories.ticket(estate, staff["desk"], "repair")
    phones = [guarded.test_client() for _ in range(2)]
    for phone in phones:
        page = phone.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]
        phone.post("/login", data={"login": "eng2", "password": factories.PASSWORD, "csrf_token": token})
    pages = [phone.get("/queue/engineering").get_data(as_text=True) for phone in phones]
    number = re.search(r"/queue/engineering/tickets/([\w-]+)/accept", pages[1])[1]
    token = re.search(r'name="csrf_token" value="([^"]+)"', pages[1].split("card-item", 1)[1])[1]
    accepted = phones[1].post(f"/queue/engineering/tickets/{number}/accept", data={"csrf_token": token})
    assert accepted.status_code == 302 and Ticket.get().state == "accepted"


def test_saved_settings_show_on_the_very_next_page(client, login, estate, staff):
    login("head")
    client.get("/settings/")  # the estate as this process keeps it for the signed-in person
    page = client.post("/settings/", data={"desk_opens": "07:15", "desk_closes": "21:45",
                                           "target_help_minutes": "4", "target_repair_minutes": "25"},
                       follow_redirects=True).get_data(as_text=True)
    assert 'value="07:15"' in page and 'value="21:45"' in page


def test_new_desk_hours_route_the_next_request_at_once(client, login, estate, staff):
    login("head")
    client.get("/settings/")
    client.post("/settings/", data={"desk_opens": "08:00", "desk_closes": "21:00",
                                    "target_help_minutes": "5", "target_repair_minutes": "30"})
    client.post("/logout")
    login("desk")
    with clock.frozen_at(datetime(2026, 11, 23, 12, 0)):  # 20:00 in Shanghai: open until 21:00 now
        client.post("/tickets", data={"kind": "repair", "channel": "phone", "unit": "1-101", "contact_name": "王",
                                      "description": "灯坏了", "intake_key": "late"})
    assert Ticket.get().after_hours is False
