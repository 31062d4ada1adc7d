"""Spans in words and moments in epoch milliseconds; no database."""
from datetime import datetime, timedelta

import pytest

from webapp.domain.targets import duration_words, epoch_ms


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


def test_a_moment_reads_in_milliseconds_since_the_epoch():
    assert epoch_ms(datetime(1970, 1, 1, 0, 0, 1)) == 1000
    assert epoch_ms(datetime(1970, 1, 1, 0, 0, 0, 2500)) == 2
