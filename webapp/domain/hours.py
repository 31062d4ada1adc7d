"""Desk hours and the estate's local clock."""
from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo

from . import N_, Refused

DEFAULT_OPENS, DEFAULT_CLOSES = time(8, 0), time(17, 30)


def parse_hhmm(text):
    """'08:00' -> time(8, 0); refuses anything else."""
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except (ValueError, AttributeError):
        raise Refused(N_("Use the form HH:MM, e.g. 08:00.")) from None


def local_time(moment_utc, tz_name):
    """A naive UTC timestamp as seen on the estate's wall clock."""
    return moment_utc.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(tz_name))


def is_desk_hours(local_moment, opens=DEFAULT_OPENS, closes=DEFAULT_CLOSES):
    """Whether the customer service desk is staffed at this local moment (08:00–17:30 by default)."""
    now = local_moment.time().replace(tzinfo=None)
    if opens <= closes:
        return opens <= now < closes
    return now >= opens or now < closes  # a desk open across midnight


def utc_naive(moment):
    """An aware moment as the naive UTC the database stores."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def local_day_bounds(day, tz_name):
    """The naive-UTC [start, end) of one local calendar day."""
    zone = ZoneInfo(tz_name)
    start = datetime.combine(day, time(0), zone)
    end = datetime.combine(day, time(23, 59, 59, 999999), zone)
    return utc_naive(start), utc_naive(end)


# The moments a person can mean: anything outside is a typo or a probe, and would overflow on conversion.
EARLIEST_YEAR, LATEST_YEAR = 1970, 2999


def local_moment_utc(text, tz_name):
    """A local date and time typed in a form ('2026-11-30T18:00'), as naive UTC; None if it is not one."""
    try:
        moment = datetime.fromisoformat((text or "").strip())
    except ValueError:
        return None
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        return None
    return utc_naive(moment.replace(tzinfo=ZoneInfo(tz_name)) if moment.tzinfo is None else moment)


def is_working_day(day, holidays=(), workdays=()):
    """Whether a day is worked: Monday to Friday and the official make-up days (调休), never a holiday."""
    if day in holidays:
        return False
    return day in workdays or day.weekday() < 5


def add_working_days(start, n, holidays=(), workdays=()):
    """The day `n` working days after `start` (the start itself not counted; n=0 gives the start)."""
    from datetime import timedelta
    day = start
    for _counted in range(max(0, n)):
        day += timedelta(days=1)
        while not is_working_day(day, holidays, workdays):
            day += timedelta(days=1)
    return day


def working_days_between(start, end, holidays=(), workdays=()):
    """How many working days come after `start` up to and including `end` (0 when `end` is not later)."""
    from datetime import timedelta
    return sum(1 for offset in range(1, (end - start).days + 1)
               if is_working_day(start + timedelta(days=offset), holidays, workdays))


def is_desk_day(day, holidays=(), workdays=(), open_weekends=True):
    """Whether the desk opens on a day: never on a holiday, always on a working day, at weekends as the estate
    chooses."""
    if day in holidays:
        return False
    return is_working_day(day, holidays, workdays) or open_weekends
