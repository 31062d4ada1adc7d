"""Each kind's escalation chain, without a database: who hears at which multiple of the target."""
from datetime import datetime

from webapp.domain.escalation import levels_due, once_key, reached, recipient

PEOPLE = dict(handler=1, team_lead=2, on_duty_lead=3, area_manager=4, cs_head=5, center_head=6)


def test_a_complaint_goes_to_its_handler_and_the_area_manager_at_the_target_then_up():
    assert levels_due("complaint", "resolve", 1139, 1140) == []
    assert levels_due("complaint", "resolve", 1140, 1140) == [(1, "handler"), (2, "area_manager")]
    assert levels_due("complaint", "resolve", 2280, 1140, done={1, 2}) == [(3, "cs_head"), (4, "center_head")]


def test_a_repair_reaches_its_team_lead_later_than_a_help_request():
    assert [rung for _l, rung in levels_due("repair", "respond", 30, 30)] == ["handler"]
    assert [rung for _l, rung in levels_due("help", "respond", 5, 5)] == ["handler", "team_lead"]
    assert reached("repair", "resolve", 3 * 1440, 1440) == "center_head"
    assert reached("repair", "resolve", 100, 1440) is None


def test_a_late_return_visit_goes_to_the_cs_head_then_the_center_head():
    assert levels_due("repair", "revisit", 48 * 60, 48 * 60) == [(1, "cs_head")]


def test_nobody_handling_means_the_lead_on_duty_hears_and_no_area_manager_means_the_team_lead():
    assert recipient("handler", PEOPLE) == 1
    assert recipient("handler", dict(PEOPLE, handler=None)) == 3
    assert recipient("area_manager", dict(PEOPLE, area_manager=None)) == 2
    assert recipient("team_lead", dict(PEOPLE, team_lead=None)) == 3
    assert recipient("center_head", dict(PEOPLE, center_head=None)) is None   # the webhook still hears


def test_each_run_of_a_stage_has_its_own_keys():
    first = once_key(7, "respond", datetime(2026, 11, 29, 8, 0), 1)
    again = once_key(7, "respond", datetime(2026, 11, 29, 9, 30), 1)
    assert first != again and first.endswith(":1")
