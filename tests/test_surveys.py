"""Satisfaction surveys as the CS head, a resident with the QR sheet, and a resident after a done ticket see them."""
from datetime import date, timedelta

import pytest

from webapp import clock
from webapp.db import db
from webapp.domain import surveys as rules
from webapp.models import AuditEntry, SurveyAnswer, SurveyBallot, SurveyCampaign, Ticket, TicketEvent
from webapp.models.handling import advance
from webapp.models.surveys import add_question, create_campaign, results_for_period

from . import factories
from .conftest import DESK_HOURS_UTC

TODAY = date(2026, 11, 23)  # the conftest's frozen day in Shanghai


def campaign(estate, staff, opens_on=TODAY, closes_on=date(2026, 11, 30)):
    """A campaign of three questions, set up the day before today."""
    with clock.frozen_at(DESK_HOURS_UTC - timedelta(days=1)):
        made = create_campaign(estate, staff["cshead"], "2026年度满意度调查", opens_on, closes_on)
        add_question(made, staff["cshead"], "security", "scale", "秩序维护满意度")
        add_question(made, staff["cshead"], "cleaning", "choice", "楼道是否干净?", "是\n否")
        add_question(made, staff["cshead"], "customer_service", "text", "您的建议")
    return SurveyCampaign.get_by_id(made.id)


def answers(made, **given):
    security, cleaning, comment = made.questions()
    data = {f"q{security.id}": "5", f"q{cleaning.id}": "是", f"q{comment.id}": "很好", "unit": "1-101",
            "last_four": "1101"}
    data.update(given)
    return data


def test_cs_head_creates_a_survey_and_each_change_is_recorded(client, login):
    login("cshead")
    response = client.post("/surveys/new", data={"title": "冬季调查", "opens_on": "2026-12-01",
                                                 "closes_on": "2026-12-15"})
    made = SurveyCampaign.get(SurveyCampaign.title == "冬季调查")
    assert response.status_code == 303
    client.post(f"/surveys/{made.id}/questions", data={"department": "greening", "kind": "scale",
                                                       "prompt": "绿化养护"})
    page = client.get(f"/surveys/{made.id}").get_data(as_text=True)
    assert "绿化养护" in page and f"/s/{made.token}" in page and "<svg" in page
    assert AuditEntry.select().where(AuditEntry.subject.in_(["survey", "survey_question"])).count() == 2


def test_a_survey_in_the_past_is_refused_with_the_entries_kept(client, login):
    login("cshead")
    response = client.post("/surveys/new", data={"title": "冬季调查", "opens_on": "2026-11-01",
                                                 "closes_on": "2026-11-15"})
    assert response.status_code == 422 and "冬季调查" in response.get_data(as_text=True)
    assert SurveyCampaign.select().count() == 0


def test_the_staff_pages_and_the_resident_form_show_the_survey(client, login, estate, staff):
    made = campaign(estate, staff)
    form = client.get(f"/s/{made.token}").get_data(as_text=True)
    assert "秩序维护满意度" in form and "楼道是否干净?" in form and "本户登记电话的后四位" in form
    login("desk")
    assert "2026年度满意度调查" in client.get("/surveys/").get_data(as_text=True)
    sheet = client.get(f"/surveys/{made.id}/sheet").get_data(as_text=True)
    assert "<svg" in sheet and f"/s/{made.token}" in sheet
    assert client.post(f"/surveys/{made.id}", data={"title": "改"}).status_code == 403


def test_guards_and_engineers_see_no_survey(client, login, estate, staff):
    made = campaign(estate, staff)
    login("guard")
    assert client.get(f"/surveys/{made.id}/results").status_code == 403


def test_an_open_survey_can_no_longer_be_changed(client, login, estate, staff):
    made = campaign(estate, staff)
    login("cshead")
    response = client.post(f"/surveys/{made.id}/questions", data={"department": "greening", "kind": "scale",
                                                                  "prompt": "绿化"})
    assert response.status_code == 422 and len(list(made.questions())) == 3


@pytest.mark.parametrize("who, status", [("desk", 403), ("guard", 403), ("eng", 403), ("head", 200),
                                         ("admin", 200)])
def test_only_the_heads_create_surveys(client, login, who, status):
    login(who)
    assert client.get("/surveys/new").status_code == status


def test_another_estates_survey_is_not_found(client, login, staff):
    other = factories.estate(code="LY", name="绿苑")
    made = create_campaign(other, None, "别的小区", TODAY, TODAY)
    login("cshead")
    assert client.get(f"/surveys/{made.id}").status_code == 404
    assert client.get(f"/surveys/{made.id}/results").status_code == 404


def test_a_unit_answers_once_and_the_second_time_is_refused_clearly(client, estate, staff):
    made = campaign(estate, staff)
    first = client.post(f"/s/{made.token}", data=answers(made))
    assert first.status_code == 303
    again = client.post(f"/s/{made.token}", data=answers(made, last_four="1101"))
    assert again.status_code == 422
    assert "您的房屋已参加过此次调查" in again.get_data(as_text=True)
    assert SurveyBallot.select().count() == 1 and SurveyAnswer.select().count() == 3


def test_wrong_phone_digits_are_refused_and_the_answers_are_kept(client, estate, staff):
    made = campaign(estate, staff)
    response = client.post(f"/s/{made.token}", data=answers(made, last_four="9999"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'value="1-101"' in page and "很好" in page
    assert "房号与电话后四位与登记信息不符" in page
    assert SurveyBallot.select().count() == 0 and SurveyAnswer.select().count() == 0


def test_the_ballot_table_has_no_link_to_the_answers(client, estate, staff):
    made = campaign(estate, staff)
    client.post(f"/s/{made.token}", data=answers(made))
    columns = {c.name for c in db.get_columns("survey_ballot")}
    assert columns == {"key", "campaign_id"}
    answer_columns = {c.name for c in db.get_columns("survey_answer")}
    assert not answer_columns & {"unit_id", "ballot_id", "key", "at", "created_at"}
    ballot = SurveyBallot.get()
    assert ballot.key not in {a.response for a in SurveyAnswer.select()}
    assert "1-101" not in ballot.key and all(a.day == TODAY for a in SurveyAnswer.select())


def test_before_its_first_day_and_after_its_last_the_resident_gets_a_polite_page(client, estate, staff):
    made = campaign(estate, staff, opens_on=date(2026, 11, 25), closes_on=date(2026, 11, 26))
    assert "2026-11-25" in client.get(f"/s/{made.token}").get_data(as_text=True)
    assert client.post(f"/s/{made.token}", data=answers(made)).status_code == 409
    with clock.frozen_at(DESK_HOURS_UTC.replace(day=27)):
        page = client.get(f"/s/{made.token}")
        assert page.status_code == 200 and "2026-11-26" in page.get_data(as_text=True)
    assert SurveyBallot.select().count() == 0


def test_results_by_hand(client, login, estate, staff):
    made = campaign(estate, staff)
    for unit, digits, score, clean in (("1-101", "1101", "5", "是"), ("1-102", "1102", "4", "否"),
                                       ("2-101", "2101", "2", "是")):
        assert client.post(f"/s/{made.token}", data=answers(made, unit=unit, last_four=digits, **{
            f"q{made.questions()[0].id}": score, f"q{made.questions()[1].id}": clean})).status_code == 303
    # Security: 5, 4, 2 -> average 11/3 = 3.67, 2 of 3 satisfied = 66.7%. Cleaning: 是 2, 否 1.
    period = results_for_period(estate, TODAY, date(2026, 12, 1))
    security, cleaning, comment = period["campaigns"][0]["questions"]
    assert (security["count"], security["average"], security["satisfied"]) == (3, 3.67, 66.7)
    assert cleaning["options"] == {"是": 2, "否": 1} and comment["count"] == 3
    assert period["campaigns"][0]["departments"] == {"security": 66.7}
    assert results_for_period(estate, date(2026, 12, 1), date(2027, 1, 1))["campaigns"] == []
    login("cshead")
    page = client.get(f"/surveys/{made.id}/results").get_data(as_text=True)
    assert "3.67" in page and "66.7%" in page


def done_ticket(estate, staff, token="track-me"):
    ticket = factories.ticket(estate, staff["desk"], "repair", tracking_token=token)
    advance(ticket.id, staff["eng"], "accept")
    return advance(ticket.id, staff["eng"], "finish", note="已修复")


def test_a_sampled_done_ticket_offers_the_follow_up_on_its_tracking_page(client, estate, staff, monkeypatch):
    ticket = done_ticket(estate, staff)
    monkeypatch.setattr(rules, "FOLLOW_UP_SHARE", 0)
    assert "/follow-up" not in client.get("/t/track-me").get_data(as_text=True)
    monkeypatch.setattr(rules, "FOLLOW_UP_SHARE", 100)
    assert f"/t/{ticket.tracking_token}/follow-up" in client.get("/t/track-me").get_data(as_text=True)


def test_a_dissatisfied_follow_up_puts_the_ticket_back_on_the_return_visit_list(client, login, estate, staff,
                                                                                 monkeypatch):
    monkeypatch.setattr(rules, "FOLLOW_UP_SHARE", 100)
    ticket = done_ticket(estate, staff)
    Ticket.update(needs_revisit=False).where(Ticket.id == ticket.id).execute()
    response = client.post("/t/track-me/follow-up", data={"rating": "2", "resolved": "yes", "comment": "太慢"})
    assert response.status_code == 303
    assert client.post("/t/track-me/follow-up", data={"rating": "5", "resolved": "yes"}).status_code == 200
    assert Ticket.get_by_id(ticket.id).state == "done"
    assert TicketEvent.select().where(TicketEvent.action == "follow_up").count() == 1
    login("desk")
    assert ticket.number in client.get("/revisits").get_data(as_text=True)


def test_a_satisfied_follow_up_opens_no_return_visit(client, estate, staff, monkeypatch):
    monkeypatch.setattr(rules, "FOLLOW_UP_SHARE", 100)
    ticket = done_ticket(estate, staff)
    client.post("/t/track-me/follow-up", data={"rating": "4", "resolved": "yes"})
    assert TicketEvent.select().where((TicketEvent.ticket == ticket.id) & (TicketEvent.action == "follow_up")).count() == 0


def test_a_follow_up_without_a_rating_is_refused_in_chinese(client, estate, staff, monkeypatch):
    monkeypatch.setattr(rules, "FOLLOW_UP_SHARE", 100)
    done_ticket(estate, staff)
    response = client.post("/t/track-me/follow-up", data={"resolved": "no", "comment": "还是漏水"},
                           headers={"Accept-Language": "zh-CN"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "还是漏水" in page and "请选择 1 至 5 分" in page


def test_the_monthly_report_shows_the_surveys_answered_in_its_period(client, login, estate, staff):
    made = campaign(estate, staff)
    client.post(f"/s/{made.token}", data=answers(made))
    login("cshead")
    page = client.get("/reports/monthly?from=2026-11-01&to=2026-11-30").get_data(as_text=True)
    assert "2026年度满意度调查" in page and "秩序维护满意度" in page
    october = client.get("/reports/monthly?from=2026-10-01&to=2026-10-31").get_data(as_text=True)
    assert "2026年度满意度调查" not in october and "本期没有问卷答复" in october
