"""The on-duty roster (值班): who leads security and engineering on a given day."""
from peewee import BooleanField, CharField, DateField, ForeignKeyField

from ..db import BaseModel
from .estate import Estate
from .people import Staff


class Duty(BaseModel):
    estate = ForeignKeyField(Estate, backref="duties")
    day = DateField()
    team = CharField()
    staff = ForeignKeyField(Staff, backref="duties")
    lead = BooleanField(default=False)  # 当值主管 / 值班工程人员 who receives dispatched orders

    class Meta:
        indexes = ((("estate", "day", "team"), False),)

    @classmethod
    def leads(cls, estate, day):
        """{team: staff id} of the on-duty leads for the day."""
        rows = cls.select().where((cls.estate == estate) & (cls.day == day) & cls.lead)
        return {row.team: row.staff_id for row in rows}
