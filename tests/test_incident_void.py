"""Incidents opened by mistake are voided with a reason (issue 15), and a class A visit alerts the area head of
the owner's own unit, not the estate's first area manager."""
import json
import threading
from datetime import datetime

import pytest

from webapp.db import db
from webapp.domain import Refused
from webapp.models import Alert, Incident, IncidentEvent, Staff, Unit
from webapp.models.incidents import escalate, open_incident, void, write_record

from . import factories

FORM = dict(incident_class="A", happened_at="2026-11-23T09:50", place="服务中心大堂", who="业主王先生",
            what="业主因漏水赔偿未谈妥，在大堂大声投诉")
RECORD = dict(handling="主任助理接待，引导至洽谈室", outcome="业主情绪平复离开")


@pytest.fixture
def late(estate, staff):
    """An incident whose record is overdue (it happened ten days ago)."""
    return open_incident(estate, staff["desk"], "A", datetime(2026, 11, 13, 2, 0), "大堂", "误登记的事件")


def _alerted(incident):
    return {json.loads(a.payload)["level"]: a.recipient_id for a in Alert.select().where(
        Alert.once.startswith(f"incident:{incident.id}:"))}


def _latest():
    return Incident.select().order_by(Incident.id.desc()).get()


def test_voided_with_a_reason_the_page_says_so_with_who_and_when_and_the_history_keeps_it(client, login, late):
    login("desk")
    response = client.post(f"/incidents/{late.id}/void", data={"reason": "重复登记，见上一条"})
    assert response.status_code == 302
    page = client.get(f"/incidents/{late.id}").get_data(as_text=True)
    assert "已作废: 重复登记，见上一条" in page and "desk" in page
    assert "作废此事件" not in page and "填写记录表" not in page  # no fold, no record form, no escalation
    assert "已作废：不再通知任何人。" in page and "上报园区主任" not in page
    assert "原因：重复登记，见上一条" in page  # the void in the history, in words
    steps = [e.action for e in IncidentEvent.select().where(IncidentEvent.incident == late.id)]
    assert steps[:1] == ["out"] and steps[-1] == "void"
    voided = Incident.get_by_id(late.id)
    assert voided.void_reason == "重复登记，见上一条" and voided.voided_at is not None


def test_a_voided_incident_is_no_longer_overdue_on_the_board_or_the_list(client, login, staff, late):
    login("desk")
    assert f'id="late-incident-{late.id}"' in client.get("/board/").get_data(as_text=True)
    client.post(f"/incidents/{late.id}/void", data={"reason": "误登记"})
    board = client.get("/board/").get_data(as_text=True)
    assert f"late-incident-{late.id}" not in board and "没有逾期的突发事件记录表。" in board
    listing = client.get("/incidents/").get_data(as_text=True)
    assert f'class="incident overdue" id="incident-{late.id}"' not in listing
    assert f'class="incident" id="incident-{late.id}"' in listing and "作废" in listing


def test_a_voided_incident_cannot_be_escalated_or_written_up(client, login, staff, late):
    void(late.id, staff["desk"], "误登记")
    login("desk")
    tapped = client.post(f"/incidents/{late.id}/escalation", data={"level": "1"}, follow_redirects=True)
    assert "该事件已作废：不再上报" in tapped.get_data(as_text=True)
    written = client.post(f"/incidents/{late.id}/record", data=RECORD)
    assert written.status_code == 422 and "该事件已作废：不再上报" in written.get_data(as_text=True)
    after = Incident.get_by_id(late.id)
    assert (after.level, after.returned_at, after.handling) == (1, None, "")
    assert "area_manager" not in _alerted(late)
    with pytest.raises(Refused):
        escalate(late.id, staff["desk"], 1)


def test_without_a_reason_nothing_changes_and_the_page_asks_for_one(client, login, late):
    login("desk")
    response = client.post(f"/incidents/{late.id}/void", data={"reason": "  "})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "请说明作废原因。" in page
    assert '<details class="void-incident" open>' in page
    assert Incident.get_by_id(late.id).voided_at is None
    assert [e.action for e in IncidentEvent.select().where(IncidentEvent.incident == late.id)][-1] != "void"


def test_voiding_twice_is_refused_clearly(client, login, late):
    login("desk")
    client.post(f"/incidents/{late.id}/void", data={"reason": "误登记"})
    again = client.post(f"/incidents/{late.id}/void", data={"reason": "再次作废"})
    assert again.status_code == 422 and "该事件已经作废。" in again.get_data(as_text=True)
    assert Incident.get_by_id(late.id).void_reason == "误登记"


def test_an_incident_whose_record_is_written_cannot_be_voided(client, login, staff, late):
    write_record(late.id, staff["desk"], RECORD["handling"], RECORD["outcome"])
    login("desk")
    assert "作废此事件" not in client.get(f"/incidents/{late.id}").get_data(as_text=True)
    refused = client.post(f"/incidents/{late.id}/void", data={"reason": "误登记"})
    assert refused.status_code == 422 and "记录表已填报，不能再作废" in refused.get_data(as_text=True)
    kept = Incident.get_by_id(late.id)
    assert kept.voided_at is None and kept.returned_at is not None


def test_those_who_open_incidents_void_them_others_may_not(client, login, estate, staff, late):
    theirs = open_incident(factories.estate(code="LY", name="丽园"), None, "A", datetime(2026, 11, 23, 1, 0),
                           "丽园大堂", "业主投诉")
    login("area1")  # reads and escalates, but does not open, so does not void
    assert "作废此事件" not in client.get(f"/incidents/{late.id}").get_data(as_text=True)
    assert client.post(f"/incidents/{late.id}/void", data={"reason": "误登记"}).status_code == 403
    client.get("/logout")
    login("guard")
    assert client.post(f"/incidents/{late.id}/void", data={"reason": "误登记"}).status_code == 403
    client.get("/logout")
    login("desk")
    assert client.post(f"/incidents/{theirs.id}/void", data={"reason": "误登记"}).status_code == 404
    assert "作废此事件" in client.get(f"/incidents/{late.id}").get_data(as_text=True)
    assert Incident.get_by_id(late.id).voided_at is None and Incident.get_by_id(theirs.id).voided_at is None
    client.get("/logout")
    login("cshead")
    assert client.post(f"/incidents/{late.id}/void", data={"reason": "误登记"}).status_code == 302


def test_class_a_for_a_unit_in_the_second_area_alerts_that_areas_manager(client, login, staff):
    login("desk")
    response = client.post("/incidents/new", data=dict(FORM, unit="2-101"))
    incident = _latest()
    assert response.status_code == 302 and incident.unit.number == "2-101"
    client.post(f"/incidents/{incident.id}/escalation", data={"level": "1"})
    assert _alerted(incident)["area_manager"] == staff["area2"].id
    page = client.get(f"/incidents/{incident.id}").get_data(as_text=True)
    assert "2-101" in page and "2-101" in client.get(f"/incidents/{incident.id}/print").get_data(as_text=True)


def test_without_a_unit_the_estates_first_area_manager_is_alerted(client, login, staff):
    login("desk")
    client.post("/incidents/new", data=FORM)
    incident = _latest()
    assert incident.unit_id is None
    client.post(f"/incidents/{incident.id}/escalation", data={"level": "1"})
    assert _alerted(incident)["area_manager"] == staff["area1"].id
    assert "房号" not in client.get(f"/incidents/{incident.id}/print").get_data(as_text=True)


def test_an_inactive_area_manager_gives_way_to_the_fallback(estate, staff):
    Staff.update(active=False).where(Staff.id == staff["area2"].id).execute()
    incident = open_incident(estate, staff["desk"], "A", datetime(2026, 11, 23, 1, 0), "大堂", "业主投诉",
                             unit=Unit.find(estate, "2-101"))
    escalate(incident.id, staff["desk"], 1)
    assert _alerted(incident)["area_manager"] == staff["area1"].id


def test_an_unknown_unit_is_refused_and_the_entries_kept(client, login):
    login("desk")
    response = client.post("/incidents/new", data=dict(FORM, unit="9-999"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "9-999" in page and "服务中心大堂" in page
    assert Incident.select().count() == 0


def test_the_void_rule_wants_a_reason_an_unwritten_record_and_one_void_only():
    from webapp.domain.incidents import check_void
    check_void("误登记", record_written=False, voided=False)
    for reason, written, voided in (("  ", False, False), ("误登记", True, False), ("误登记", False, True)):
        with pytest.raises(Refused):
            check_void(reason, written, voided)


def test_a_void_and_the_record_written_at_once_leave_exactly_one_of_them(app, late, staff):
    outcomes, start = [], threading.Barrier(2)

    def desk(step):
        with app.app_context(), db.connection_context():
            start.wait()
            try:
                step()
                outcomes.append("done")
            except Refused:
                outcomes.append("refused")

    steps = (lambda: void(late.id, staff["desk"], "登记错了"),
             lambda: write_record(late.id, staff["desk2"], **RECORD))
    threads = [threading.Thread(target=desk, args=(step,)) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    incident = Incident.get_by_id(late.id)
    assert sorted(outcomes) == ["done", "refused"]
    assert (incident.voided_at is None) != (incident.returned_at is None)   # voided or written, never both
