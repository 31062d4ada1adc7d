"""Incidents at the desk (issue 15, seed 001): opened with an alert to the department and the first post, escalated
a level per tap, the record due two working days later and red on the board when late, typical cases, roles."""
import json
from datetime import date, datetime

from webapp.models import Alert, Delivery, Estate, Incident, IncidentEvent
from webapp.models.calendar import set_day
from webapp.models.incidents import alert_post, escalate, open_incident, record_due_at, write_record

from . import factories

FORM = dict(incident_class="A", happened_at="2026-11-23T09:50", place="服务中心大堂", who="业主王先生等3人",
            what="业主因漏水赔偿未谈妥，在大堂大声投诉")
RECORD = dict(handling="主任助理接待，引导至洽谈室，园区主任到场答复", outcome="业主接受次日上门复查，情绪平复离开",
              measures="漏水赔偿流程限时答复")


def _open(client, **changes):
    return client.post("/incidents/new", data=dict(FORM, **changes))


def _incident():
    return Incident.select().order_by(Incident.id.desc()).get()


def _alerted(incident):
    return {json.loads(a.payload)["level"]: a.recipient_id for a in Alert.select().where(
        Alert.once.startswith(f"incident:{incident.id}:"))}


def test_desk_opens_an_incident_and_its_department_and_first_post_are_alerted(client, login, staff, estate):
    Estate.update(webhook_url="https://relay.example.cn/hook", webhook_secret="s").where(
        Estate.id == estate.id).execute()
    login("desk")
    response = _open(client)
    incident = _incident()
    assert response.status_code == 302 and response.location.endswith(f"/incidents/{incident.id}")
    assert _alerted(incident) == {"quality_dept": None, "cs_head": staff["cshead"].id}
    message = json.loads(Alert.get(Alert.recipient == staff["cshead"]).payload)
    assert (message["kind"], message["class"], message["place"], message["url"]) == (
        "incident", "A", "服务中心大堂", f"/incidents/{incident.id}")
    assert "王" not in json.dumps(message, ensure_ascii=False)  # no names on a lock screen
    assert Delivery.select().where(Delivery.target == "https://relay.example.cn/hook").count() == 2
    page = client.get(f"/incidents/{incident.id}").get_data(as_text=True)
    assert "服务中心大堂" in page and "业主王先生等3人" in page and "上报园区主任" in page


def test_each_level_is_alerted_once_however_often_it_is_tapped(client, login, staff, estate):
    login("desk")
    _open(client)
    incident = _incident()
    first = client.post(f"/incidents/{incident.id}/escalation", data={"level": "1"})
    again = client.post(f"/incidents/{incident.id}/escalation", data={"level": "1"}, follow_redirects=True)
    assert first.status_code == 302 and "刚才已有人上报该事件" in again.get_data(as_text=True)
    assert _incident().level == 2
    assert not alert_post(_incident(), "area_manager")  # the clock or a retry alerting it again writes nothing
    assert _alerted(incident) == {"quality_dept": None, "cs_head": staff["cshead"].id,
                                  "area_manager": staff["area1"].id}
    escalate(incident.id, staff["desk"], 2)
    assert _alerted(incident)["center_head"] == staff["head"].id
    top = client.post(f"/incidents/{incident.id}/escalation", data={"level": "3"}, follow_redirects=True)
    assert "上报链上的各级均已通知" in top.get_data(as_text=True) and Alert.select().count() == 4
    steps = [(e.action, e.note) for e in IncidentEvent.select().order_by(IncidentEvent.id)]
    assert steps.count(("escalated", "area_manager")) == 1 and ("alerted", "center_head") in steps


def test_class_c_goes_to_the_center_head_and_administration(client, login, staff):
    login("desk")
    _open(client, incident_class="C", who="电视台记者2人", what="未经预约的媒体采访")
    assert _alerted(_incident()) == {"admin_dept": None, "center_head": staff["head"].id}


def test_the_record_is_due_two_working_days_later_across_the_weekend(app, estate, staff):
    friday = datetime(2026, 11, 20, 6, 0)  # 14:00 in Shanghai
    incident = open_incident(estate, staff["desk"], "B", friday, "前台", "被辞退员工到访")
    assert incident.due_at == datetime(2026, 11, 24, 15, 59, 59, 999999)  # Tuesday, end of the local day


def test_the_centers_holidays_and_make_up_days_count(app, estate, staff):
    for day in range(1, 8):
        set_day(estate, staff["admin"], date(2026, 10, day), "holiday", "国庆节")
    set_day(estate, staff["admin"], date(2026, 10, 10), "workday", "国庆调休")
    assert record_due_at(estate, datetime(2026, 9, 30, 2, 0)).date() == date(2026, 10, 9)
    assert record_due_at(estate, datetime(2026, 10, 9, 2, 0)).date() == date(2026, 10, 12)


def test_an_overdue_record_shows_red_on_the_board_and_the_list(client, login, staff, estate):
    late = open_incident(estate, staff["desk"], "A", datetime(2026, 11, 13, 2, 0), "大堂", "业主投诉")
    on_time = open_incident(estate, staff["desk"], "C", datetime(2026, 11, 23, 1, 0), "会议室", "工商检查")
    login("desk")
    board = client.get("/board/").get_data(as_text=True)
    assert f'id="late-incident-{late.id}"' in board and f'late-incident-{on_time.id}' not in board
    assert "突发事件记录表逾期" in board
    listing = client.get("/incidents/").get_data(as_text=True)
    assert f'class="incident overdue" id="incident-{late.id}"' in listing
    assert f'class="incident" id="incident-{on_time.id}"' in listing
    write_record(late.id, staff["desk"], RECORD["handling"], RECORD["outcome"])
    client.post(f"/incidents/{on_time.id}/record", data=RECORD)  # a write moves the board's cursor
    assert "没有逾期的突发事件记录表。" in client.get("/board/").get_data(as_text=True)


def test_the_record_is_written_once_and_refused_without_its_content(client, login, staff):
    login("desk")
    _open(client)
    incident = _incident()
    empty = client.post(f"/incidents/{incident.id}/record", data=dict(RECORD, handling="", outcome="业主离开"))
    assert empty.status_code == 422 and "业主离开" in empty.get_data(as_text=True)
    assert client.post(f"/incidents/{incident.id}/record", data=RECORD).status_code == 302
    written = _incident()
    assert (written.handling, written.measures, written.returned_by_id) == (
        RECORD["handling"], RECORD["measures"], staff["desk"].id)
    second = client.post(f"/incidents/{incident.id}/record", data=dict(RECORD, outcome="另一个结果"))
    assert second.status_code == 422 and _incident().outcome == RECORD["outcome"]
    sheet = client.get(f"/incidents/{incident.id}/print").get_data(as_text=True)
    assert RECORD["handling"] in sheet and "data-print" in sheet and "品质部" in sheet


def test_typical_cases_are_kept_by_the_cs_head_with_who_and_when(client, login, staff, estate):
    incident = open_incident(estate, staff["desk"], "A", datetime(2026, 11, 23, 1, 0), "大堂", "业主投诉")
    login("cshead")
    early = client.post(f"/incidents/{incident.id}/typical", data={"typical": "yes"}, follow_redirects=True)
    assert "请先填报记录表" in early.get_data(as_text=True)
    write_record(incident.id, staff["desk"], RECORD["handling"], RECORD["outcome"])
    client.post(f"/incidents/{incident.id}/typical", data={"typical": "yes"})
    kept = client.get("/incidents/typical").get_data(as_text=True)
    assert f"incident-{incident.id}" in kept and "cshead" in kept
    assert Incident.get_by_id(incident.id).typical_by_id == staff["cshead"].id
    client.post(f"/incidents/{incident.id}/typical", data={"typical": "no"})
    assert f"incident-{incident.id}" not in client.get("/incidents/typical").get_data(as_text=True)


def test_roles_and_estates(client, login, staff, estate):
    incident = open_incident(estate, staff["desk"], "A", datetime(2026, 11, 23, 1, 0), "大堂", "业主投诉")
    other = factories.estate(code="LY", name="丽园")
    theirs = open_incident(other, None, "A", datetime(2026, 11, 23, 1, 0), "丽园大堂", "业主投诉")
    login("guard")
    assert client.get("/incidents/").status_code == 403
    assert _open(client).status_code == 403
    client.get("/logout")
    login("area1")  # the area head in A's chain reads and escalates, the desk opens
    assert client.get(f"/incidents/{incident.id}").status_code == 200
    assert client.get("/incidents/new").status_code == 403
    client.get("/logout")
    login("desk")
    assert client.post(f"/incidents/{incident.id}/typical", data={"typical": "yes"}).status_code == 403
    assert client.get(f"/incidents/{theirs.id}").status_code == 404
    assert client.post(f"/incidents/{theirs.id}/escalation", data={"level": "1"}).status_code == 404


def test_junk_never_gives_a_server_error(client, login, staff):
    login("desk")
    for junk in (dict(incident_class="Z"), dict(happened_at="99999-01-01T00:00"), dict(happened_at="2030-01-01T00:00"),
                 dict(place=""), dict(what="x" * 5000), dict(happened_at="")):
        response = _open(client, **junk)
        assert response.status_code == 422, junk
    _open(client)
    incident = _incident()
    for level in ("abc", "0", "-1", "9" * 30, ""):
        assert client.post(f"/incidents/{incident.id}/escalation", data={"level": level}).status_code == 302
    assert client.post(f"/incidents/{incident.id}/record", data={"handling": "x" * 5000}).status_code == 422
    assert client.get("/incidents/99999999999999999999").status_code == 404
    assert Incident.get_by_id(incident.id).level == 1
