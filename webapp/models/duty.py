"""The duty roster (值班): shifts on the estate's wall clock, rotations over them, and per-day overrides."""
from peewee import BooleanField, CharField, DateField, ForeignKeyField, IntegerField, TextField

from ..db import BaseModel
from ..domain.duty import covering_start, rotation_person
from ..domain.hours import parse_hhmm
from .estate import Estate
from .people import Staff


class Shift(BaseModel):
    """A team's shift, e.g. security nights 20:00–08:00 (overnight when it ends before it starts)."""
    estate = ForeignKeyField(Estate, backref="shifts", on_delete="CASCADE")
    team = CharField()
    name = CharField()
    starts = CharField()  # "HH:MM" on the estate's wall clock
    ends = CharField()
    lead = BooleanField(default=True)  # whoever works it receives the team's dispatched orders

    class Meta:
        indexes = ((("estate", "team"), False),)

    def started_on(self, local_now):
        """The day this shift began if it is running at `local_now`, else None."""
        return covering_start(local_now, parse_hhmm(self.starts), parse_hhmm(self.ends))


class Rotation(BaseModel):
    """People taking a shift in turn, `days_each` days each, counted from `anchor`: it never runs out."""
    shift = ForeignKeyField(Shift, backref="rotations", on_delete="CASCADE")
    anchor = DateField()
    people = TextField()  # staff ids in turn, comma-separated
    days_each = IntegerField(default=1)

    def person_on(self, day):
        ids = [int(p) for p in self.people.split(",") if p.strip().isdigit()]
        return rotation_person(self.anchor, ids, self.days_each, day)


class Duty(BaseModel):
    """A person put on duty for a whole day by hand: overrides the rotation of that team for the day."""
    estate = ForeignKeyField(Estate, backref="duties")
    day = DateField()
    team = CharField()
    staff = ForeignKeyField(Staff, backref="duties")
    lead = BooleanField(default=False)  # 当值主管 / 值班工程人员 who receives dispatched orders

    class Meta:
        indexes = ((("estate", "day", "team"), False),)

    @classmethod
    def leads(cls, estate, day):
        """{team: staff id} of the leads put on duty by hand for the day."""
        rows = cls.select().where((cls.estate == estate) & (cls.day == day) & cls.lead)
        return {row.team: row.staff_id for row in rows}

    @classmethod
    def leads_now(cls, estate, local_now):
        """{team: staff id} of who leads each team at this local moment: a hand-made duty for today wins, else
        the rotation of the shift running now (today's, or yesterday's overnight one)."""
        rostered = {}
        for shift in Shift.select().where((Shift.estate == estate) & Shift.lead):
            day = shift.started_on(local_now)
            person = next((r.person_on(day) for r in shift.rotations), None) if day else None
            if person:
                rostered.setdefault(shift.team, person)
        active = {s.id for s in Staff.select(Staff.id).where(Staff.id.in_(list(rostered.values())) & Staff.active)}
        on_duty = {team: person for team, person in rostered.items() if person in active}
        on_duty.update(cls.leads(estate, local_now.date()))
        return on_duty
