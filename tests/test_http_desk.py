"""The front desk takes requests on one form and keeps the day's log."""
import re

import pytest

from webapp import create_app
from webapp.models import Ticket

PHONE_REPAIR = {"kind": "repair", "channel": "phone", "unit": "2-301", "contact_name": "王先生",
                "contact_phone": "13912345678", "description": "卫生间漏水", "intake_key": "form-1"}


def errors(response):
    return re.findall(r'class="error">([^<]*)<', response.get_data(as_text=True))


def test_clerk_logs_a_phone_repair_and_sees_its_number(client, login):
    login("desk")
    response = client.post("/tickets", data=PHONE_REPAIR)
    ticket = Ticket.get()
    assert response.status_code == 302 and ticket.number in response.location
    page = client.get(response.location).get_data(as_text=True)
    assert ticket.number in page
    assert (ticket.kind, ticket.channel, ticket.unit.number, ticket.state) == ("repair", "phone", "2-301", "dispatched")


def test_unit_typed_as_clerks_do_is_found(client, login):
    login("desk")
    client.post("/tickets", data=dict(PHONE_REPAIR, unit="2－0301"))
    assert Ticket.get().unit.number == "2-301"


def test_missing_fields_are_named_and_entries_kept(client, login):
    login("desk")
    response = client.post("/tickets", data={"kind": "repair", "channel": "phone", "contact_name": "李女士"})
    assert response.status_code == 422
    assert len(errors(response)) == 2  # no description; neither unit nor place
    assert 'value="李女士"' in response.get_data(as_text=True)
    assert Ticket.select().count() == 0


def test_unknown_unit_is_refused_with_its_number(client, login):
    login("desk")
    response = client.post("/tickets", data=dict(PHONE_REPAIR, unit="9-999"))
    assert response.status_code == 422 and any("9-999" in e for e in errors(response))
    assert 'value="卫生间漏水"' in response.get_data(as_text=True) or "卫生间漏水" in response.get_data(as_text=True)


def test_help_request_must_say_which_team(client, login):
    login("desk")
    response = client.post("/tickets", data=dict(PHONE_REPAIR, kind="help"))
    assert response.status_code == 422 and Ticket.select().count() == 0
    client.post("/tickets", data=dict(PHONE_REPAIR, kind="help", team="security"))
    assert Ticket.get().assignee.username == "guard"


def test_bad_phone_number_is_refused(client, login):
    login("desk")
    assert client.post("/tickets", data=dict(PHONE_REPAIR, contact_phone="call me")).status_code == 422


def test_double_submit_makes_one_ticket(client, login):
    login("desk")
    first = client.post("/tickets", data=PHONE_REPAIR)
    second = client.post("/tickets", data=PHONE_REPAIR)
    assert Ticket.select().count() == 1 and first.location == second.location


def test_inquiry_answered_on_the_spot_needs_no_return_visit(client, login):
    login("desk")
    client.post("/tickets", data=dict(PHONE_REPAIR, kind="inquiry", answer="物业费可在前台缴纳"))
    ticket = Ticket.get()
    assert (ticket.state, ticket.needs_revisit, ticket.reply) == ("resolved_at_desk", False, "物业费可在前台缴纳")
    assert f'id="revisit-{ticket.number}"' not in client.get("/revisits").get_data(as_text=True)


def test_unit_search_offers_matching_units_with_owner(client, login):
    login("desk")
    body = client.get("/units/search?unit=2-3").get_data(as_text=True)
    assert 'value="2-301"' in body and 'value="2-302"' in body and "1-301" not in body


def test_log_lists_the_days_requests_and_filters_by_kind(client, login, estate, staff):
    login("desk")
    client.post("/tickets", data=PHONE_REPAIR)
    client.post("/tickets", data=dict(PHONE_REPAIR, kind="complaint", intake_key="form-2", description="噪音"))
    repair, complaint = Ticket.select().order_by(Ticket.id)
    page = client.get("/log/?day=2026-11-23").get_data(as_text=True)
    assert repair.number in page and complaint.number in page
    only = client.get("/log/?day=2026-11-23&kind=complaint").get_data(as_text=True)
    assert complaint.number in only and repair.number not in only
    assert repair.number not in client.get("/log/?day=2026-11-22").get_data(as_text=True)


def test_log_exports_csv_for_a_date_range(client, login):
    login("desk")
    client.post("/tickets", data=PHONE_REPAIR)
    response = client.get("/log/export.csv?from=2026-11-20&to=2026-11-23")
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/csv" and text.startswith("\ufeff")
    assert Ticket.get().number in text and "13912345678" in text
    assert Ticket.get().number not in client.get("/log/export.csv?from=2026-11-24&to=2026-11-25").get_data(as_text=True)


@pytest.fixture
def csrf_client(app, estate, staff, tmp_path):
    """A client of an app with CSRF protection on, as in production."""
    guarded = create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": app.config["DATABASE_URL"]})
    return guarded.test_client()


def _token(page):
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"',
                     page).group(1, 2)


def test_form_without_a_valid_csrf_token_is_refused_and_nothing_saved(csrf_client):
    login_page = csrf_client.get("/login").get_data(as_text=True)
    token = next(t for t in _token(login_page) if t)
    from . import factories
    csrf_client.post("/login", data={"login": "desk", "password": factories.PASSWORD, "csrf_token": token})
    forged = csrf_client.post("/tickets", data=dict(PHONE_REPAIR, csrf_token="forged"))
    assert forged.status_code == 400 and Ticket.select().count() == 0
    form_token = next(t for t in _token(csrf_client.get("/desk").get_data(as_text=True)) if t)
    assert csrf_client.post("/tickets", data=dict(PHONE_REPAIR, csrf_token=form_token)).status_code == 302
    assert Ticket.select().count() == 1


def test_sign_in_without_csrf_token_is_refused(csrf_client):
    from . import factories
    assert csrf_client.post("/login", data={"login": "desk", "password": factories.PASSWORD}).status_code == 400


def test_repair_category_is_kept_on_the_ticket(client, login):
    login("desk")
    client.post("/tickets", data=dict(PHONE_REPAIR, category="electrical"))
    assert Ticket.get().category == "electrical"
    assert client.post("/tickets", data=dict(PHONE_REPAIR, category="magic", intake_key="x")).status_code == 422
