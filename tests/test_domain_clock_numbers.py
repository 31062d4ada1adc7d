"""Desk hours, local days and numbering; no database."""
from datetime import date, datetime, time

import pytest

from webapp.domain import Refused
from webapp.domain.hours import is_desk_hours, local_day_bounds, local_time, parse_hhmm
from webapp.domain.numbering import normalise_unit, ticket_number


def test_desk_is_open_from_eight_to_half_past_five():
    day = date(2026, 11, 23)
    assert not is_desk_hours(datetime.combine(day, time(7, 59)))
    assert is_desk_hours(datetime.combine(day, time(8, 0)))
    assert is_desk_hours(datetime.combine(day, time(17, 29)))
    assert not is_desk_hours(datetime.combine(day, time(17, 30)))


def test_desk_hours_are_configurable_even_across_midnight():
    assert is_desk_hours(datetime(2026, 11, 23, 23, 0), time(20, 0), time(2, 0))
    assert not is_desk_hours(datetime(2026, 11, 23, 12, 0), time(20, 0), time(2, 0))


def test_utc_is_read_on_the_estate_clock():
    assert local_time(datetime(2026, 11, 23, 1, 0), "Asia/Shanghai").hour == 9


def test_a_local_day_in_shanghai_starts_at_16_utc_the_day_before():
    start, end = local_day_bounds(date(2026, 11, 23), "Asia/Shanghai")
    assert start == datetime(2026, 11, 22, 16, 0)
    assert end.date() == date(2026, 11, 23) and end.hour == 15


def test_hhmm_parsing_refuses_nonsense():
    assert parse_hhmm("08:30") == time(8, 30)
    with pytest.raises(Refused):
        parse_hhmm("8点")


def test_ticket_numbers_are_readable_over_the_phone():
    assert ticket_number(date(2026, 11, 23), 42) == "T20261123-0042"


@pytest.mark.parametrize("typed", ["2-1503", "2－1503", "2#1503", " 2 1503 ", "2栋1503", "02-1503室"])
def test_unit_numbers_are_understood_as_clerks_type_them(typed):
    assert normalise_unit(typed) == "2-1503"


def test_leading_zero_floor_is_the_same_unit():
    assert normalise_unit("1-0502") == "1-502"


@pytest.mark.parametrize("typed", ["", "abc", "1503", "2-15"])
def test_unit_numbers_that_are_not_units_are_refused(typed):
    with pytest.raises(Refused):
        normalise_unit(typed)
