"""The incident rules (seed 001): classes and their chains, the record due two working days after the incident."""
from datetime import date, datetime

import pytest

from webapp.domain import Refused
from webapp.domain.incidents import (CHAINS, DEPARTMENTS, alert_payload, check_class, check_happened, check_record,
                                     check_typical, next_post, record_due_day)
from webapp.models.calendar import official_days

# The 2026 calendar as the official one gives it: National Day 1–7 October off, Saturday 10 October worked.
NATIONAL_DAY = {date(2026, 10, day) for day in range(1, 8)}
MAKE_UP = {date(2026, 10, 10)}


def test_a_friday_incident_is_written_up_by_tuesday():
    assert record_due_day(date(2026, 11, 20)) == date(2026, 11, 24)


def test_a_wednesday_incident_is_written_up_by_friday():
    assert record_due_day(date(2026, 11, 18)) == date(2026, 11, 20)


def test_an_incident_on_a_saturday_counts_from_monday():
    assert record_due_day(date(2026, 11, 21)) == date(2026, 11, 24)


def test_the_national_day_holiday_is_not_counted():
    assert record_due_day(date(2026, 9, 30), NATIONAL_DAY, MAKE_UP) == date(2026, 10, 9)


def test_the_make_up_saturday_counts_as_a_working_day():
    assert record_due_day(date(2026, 10, 9), NATIONAL_DAY, MAKE_UP) == date(2026, 10, 12)
    assert record_due_day(date(2026, 10, 9)) == date(2026, 10, 13)  # without the make-up day: one more


def test_the_official_2026_calendar_gives_the_same_days():
    days = official_days({2026})
    holidays = {d for d, (kind, _name) in days.items() if kind == "holiday"}
    workdays = {d for d, (kind, _name) in days.items() if kind == "workday"}
    assert NATIONAL_DAY <= holidays and MAKE_UP <= workdays
    assert record_due_day(date(2026, 9, 30), holidays, workdays) == date(2026, 10, 9)


def test_each_class_tells_its_department_first():
    assert DEPARTMENTS == {"A": "quality_dept", "B": "hr_dept", "C": "admin_dept"}


def test_chains_go_up_on_site_level_by_level():
    assert CHAINS["A"] == ("cs_head", "area_manager", "center_head")
    assert [next_post("A", level) for level in (1, 2)] == ["area_manager", "center_head"]
    assert next_post("B", 2) == "hr_officer" and next_post("C", 1) == "supervisor"


def test_nobody_above_the_top_of_the_chain():
    with pytest.raises(Refused):
        next_post("C", 2)
    with pytest.raises(Refused):
        next_post("A", -1)


def test_only_three_classes():
    assert check_class("B") == "B"
    with pytest.raises(Refused):
        check_class("D")


def test_an_incident_cannot_happen_in_the_future():
    now = datetime(2026, 11, 23, 2, 0)
    assert check_happened(datetime(2026, 11, 23, 1, 0), now)
    with pytest.raises(Refused):
        check_happened(datetime(2026, 11, 23, 3, 0), now)
    with pytest.raises(Refused):
        check_happened(None, now)


def test_a_record_needs_how_it_was_handled_and_how_it_ended():
    check_record("安抚业主，引导至洽谈室", "业主离开")
    for handling, outcome in (("", "业主离开"), ("安抚", "  ")):
        with pytest.raises(Refused):
            check_record(handling, outcome)


def test_a_typical_case_needs_its_record():
    check_typical(True)
    with pytest.raises(Refused):
        check_typical(False)


def test_an_alert_names_no_one():
    payload = alert_payload("A", "前台大堂" * 20, "cs_head", "/incidents/1")
    assert payload["kind"] == "incident" and payload["class"] == "A" and payload["url"] == "/incidents/1"
    assert len(payload["place"]) <= 40 and set(payload) == {"kind", "class", "place", "level", "urgent", "url"}
