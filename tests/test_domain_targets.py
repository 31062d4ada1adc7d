"""Waits in words and the moments a waiting request turns late; no database."""
from datetime import datetime, timedelta

import pytest

from webapp.domain.targets import card_clock, duration_words, epoch_ms, late_by, late_moments

CREATED = datetime(2026, 11, 23, 2, 0)
TARGETS = {"help": 5, "repair": 30}


@pytest.mark.parametrize("span, message, params", [
    (timedelta(seconds=59), "%(minutes)s min", {"minutes": 0}),
    (timedelta(minutes=3), "%(minutes)s min", {"minutes": 3}),
    (timedelta(minutes=59, seconds=59), "%(minutes)s min", {"minutes": 59}),
    (timedelta(hours=2), "%(hours)s h", {"hours": 2}),
    (timedelta(hours=2, minutes=5), "%(hours)s h %(minutes)s min", {"hours": 2, "minutes": 5}),
    (timedelta(hours=23, minutes=59), "%(hours)s h %(minutes)s min", {"hours": 23, "minutes": 59}),
    (timedelta(days=3, hours=4), "%(days)s d", {"days": 3}),
    (timedelta(minutes=8684), "%(days)s d", {"days": 6}),
])
def test_a_wait_reads_as_minutes_then_hours_and_minutes_then_days(span, message, params):
    assert tuple(duration_words(span)) == (message, params)


def test_a_wait_from_a_clock_behind_is_no_negative_time():
    assert duration_words(timedelta(minutes=-3)).params == {"minutes": 0}


def test_a_waiting_help_request_turns_late_at_its_target_and_very_late_at_twice_it():
    assert late_moments("help", "dispatched", CREATED, TARGETS) == (CREATED + timedelta(minutes=5),
                                                                   CREATED + timedelta(minutes=10))


def test_an_accepted_request_or_a_kind_without_target_never_turns_late():
    assert late_moments("help", "accepted", CREATED, TARGETS) is None
    assert late_moments("inquiry", "new", CREATED, TARGETS) is None


def test_late_by_counts_from_the_target_and_nothing_before_it():
    assert late_by("help", "dispatched", timedelta(minutes=5), TARGETS) is None
    assert late_by("help", "dispatched", timedelta(minutes=17), TARGETS) == timedelta(minutes=12)


def test_a_card_half_a_minute_late_says_one_minute_late_and_is_amber_at_once():
    clock = card_clock("help", "dispatched", CREATED, CREATED + timedelta(minutes=5, seconds=30), TARGETS)
    assert clock["lateness"] == "amber" and clock["late"].params == {"minutes": 1}


def test_a_card_carries_the_moments_it_turns_amber_and_red_in_epoch_milliseconds():
    clock = card_clock("help", "dispatched", CREATED, CREATED, TARGETS)
    assert clock["late"] is None and clock["lateness"] == "ok"
    assert clock["amber_at"] - epoch_ms(CREATED) == 5 * 60_000
    assert clock["red_at"] - epoch_ms(CREATED) == 10 * 60_000
    assert epoch_ms(datetime(1970, 1, 1, 0, 0, 1)) == 1000
