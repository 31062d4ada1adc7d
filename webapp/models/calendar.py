"""The estate's calendar: public holidays (休) and make-up working days (调休, 班), seeded from the official
calendar and edited by the center; it decides the desk's days and the working-day clocks."""
from datetime import date

from peewee import CharField, DateField, ForeignKeyField

from ..db import BaseModel, db
from ..domain import N_, Refused
from ..domain.hours import is_desk_day, is_working_day
from .audit import record, snapshot
from .estate import Estate

HOLIDAY, WORKDAY = "holiday", "workday"
DAY_KINDS = (HOLIDAY, WORKDAY)
DAY_FIELDS = ("day", "kind", "name")
# The official calendar names its holidays in English; the center reads them in Chinese.
OFFICIAL_NAMES = {"New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
                  "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
                  "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "抗战胜利纪念日"}


class CalendarDay(BaseModel):
    estate = ForeignKeyField(Estate, backref="calendar_days", on_delete="CASCADE")
    day = DateField()
    kind = CharField()  # HOLIDAY or WORKDAY
    name = CharField(default="")

    class Meta:
        indexes = ((("estate", "day"), True),)

    @classmethod
    def of_year(cls, estate, year):
        return cls.select().where((cls.estate == estate) & cls.day.between(date(year, 1, 1), date(year, 12, 31))
                                  ).order_by(cls.day)


def days_off_and_on(estate, first, last):
    """(holidays, make-up working days) of an estate between two days, as sets of dates."""
    rows = CalendarDay.select(CalendarDay.day, CalendarDay.kind).where(
        (CalendarDay.estate == estate) & CalendarDay.day.between(first, last))
    off, on = set(), set()
    for row in rows:
        (off if row.kind == HOLIDAY else on).add(row.day)
    return off, on


def working_day(estate, day):
    """Whether a day is a working day in an estate (weekdays and make-up days, never holidays)."""
    return is_working_day(day, *days_off_and_on(estate, day, day))


def desk_open_on(estate, local_day):
    """Whether the customer service desk opens on a local day: on working days, at weekends unless the estate
    closes it then, never on a holiday (requests then route as after hours)."""
    estate = estate if isinstance(estate, Estate) else Estate.get_by_id(estate)
    return is_desk_day(local_day, *days_off_and_on(estate, local_day, local_day), estate.desk_open_weekends)


def set_day(estate, actor, day, kind, name=""):
    """Mark a day a holiday or a make-up working day (replacing what it was); recorded."""
    if kind not in DAY_KINDS:
        raise Refused(N_("Choose holiday or make-up working day."))
    with db.atomic():
        row = CalendarDay.get_or_none((CalendarDay.estate == estate) & (CalendarDay.day == day))
        before = snapshot(row, DAY_FIELDS) if row else {}
        if row is None:
            row = CalendarDay.create(estate=estate, day=day, kind=kind, name=name)
        else:
            CalendarDay.update(kind=kind, name=name).where(CalendarDay.id == row.id).execute()
            row = CalendarDay.get_by_id(row.id)
        record(actor, "calendar_day", row.id, "update" if before else "create", before,
               snapshot(row, DAY_FIELDS), estate.id)
    return row


def remove_day(estate, actor, day_id):
    """Make a day ordinary again; recorded. False if the estate has no such day."""
    with db.atomic():
        row = CalendarDay.get_or_none((CalendarDay.id == day_id) & (CalendarDay.estate == estate))
        if row is None:
            return False
        record(actor, "calendar_day", row.id, "delete", snapshot(row, DAY_FIELDS), {}, estate.id)
        row.delete_instance()
    return True


def official_days(years):
    """{day: (kind, name)} of the official holidays and make-up days of some years, as far as known."""
    from chinese_calendar.constants import holidays, workdays
    found = {}
    for table, kind in ((holidays, HOLIDAY), (workdays, WORKDAY)):
        for day, name in table.items():
            if day.year in years:
                found[day] = (kind, OFFICIAL_NAMES.get(str(name), str(name)))
    return found


def load_official(estate, actor, years):
    """Add the official holidays and make-up days of some years, leaving the days the center set alone;
    returns how many were added (0 for a year the official calendar does not know yet)."""
    known = {row.day for row in CalendarDay.select(CalendarDay.day).where(CalendarDay.estate == estate)}
    added = 0
    with db.atomic():
        for day, (kind, name) in sorted(official_days(set(years)).items()):
            if day not in known:
                row = CalendarDay.create(estate=estate, day=day, kind=kind, name=name)
                record(actor, "calendar_day", row.id, "create", {}, snapshot(row, DAY_FIELDS), estate.id)
                added += 1
    return added


def open_desk_at_weekends(estate, actor, is_open):
    """Choose whether the desk opens on Saturdays and Sundays that are not make-up days; recorded."""
    with db.atomic():
        before = snapshot(Estate.get_by_id(estate.id), ("desk_open_weekends",))
        Estate.update(desk_open_weekends=bool(is_open)).where(Estate.id == estate.id).execute()
        record(actor, "estate", estate.id, "update", before, {"desk_open_weekends": bool(is_open)}, estate.id)
