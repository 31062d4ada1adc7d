"""Estates, staff, the duty roster, tickets with their timeline and return visits."""
import datetime

from peewee import (BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField,
                    Model, TextField)


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Staff(Base):
        username = CharField(unique=True)
        mobile = CharField(unique=True, null=True)
        name = CharField()
        role = CharField()
        password_hash = CharField()
        active = BooleanField(default=True)
        created_at = DateTimeField(default=datetime.datetime.utcnow)

    class Estate(Base):
        code = CharField(unique=True)
        name = CharField()
        timezone = CharField(default="Asia/Shanghai")
        desk_opens = CharField(default="08:00")
        desk_closes = CharField(default="17:30")
        max_open_orders = IntegerField(null=True)

    class Membership(Base):
        staff = ForeignKeyField(Staff, on_delete="CASCADE")
        estate = ForeignKeyField(Estate, on_delete="CASCADE")

        class Meta:
            indexes = ((("staff", "estate"), True),)

    class Area(Base):
        estate = ForeignKeyField(Estate)
        name = CharField()
        manager = ForeignKeyField(Staff, null=True)

    class Building(Base):
        estate = ForeignKeyField(Estate)
        number = IntegerField()
        name = CharField()
        area = ForeignKeyField(Area, null=True)

        class Meta:
            indexes = ((("estate", "number"), True),)

    class Unit(Base):
        estate = ForeignKeyField(Estate)
        building = ForeignKeyField(Building)
        number = CharField()
        floor = IntegerField()
        owner_name = CharField(default="")
        owner_phone = CharField(default="")
        important = BooleanField(default=False)

        class Meta:
            indexes = ((("estate", "number"), True),)

    class DispatchRule(Base):
        estate = ForeignKeyField(Estate)
        kind = CharField()
        category = CharField(default="")
        mode = CharField()

        class Meta:
            indexes = ((("estate", "kind", "category"), True),)

    class Duty(Base):
        estate = ForeignKeyField(Estate)
        day = DateField()
        team = CharField()
        staff = ForeignKeyField(Staff)
        lead = BooleanField(default=False)

        class Meta:
            indexes = ((("estate", "day", "team"), False),)

    class Ticket(Base):
        estate = ForeignKeyField(Estate)
        number = CharField(unique=True)
        kind = CharField()
        channel = CharField()
        category = CharField(default="")
        team = CharField(null=True)
        unit = ForeignKeyField(Unit, null=True)
        location = CharField(default="")
        contact_name = CharField(default="")
        contact_phone = CharField(default="")
        description = TextField()
        urgent = BooleanField(default=False)
        cosigners = IntegerField(default=0)
        owner_important = BooleanField(default=False)
        sensitive = BooleanField(default=False)
        state = CharField()
        taken_by = ForeignKeyField(Staff)
        assignee = ForeignKeyField(Staff, null=True)
        needs_revisit = BooleanField(default=True)
        after_hours = BooleanField(default=False)
        escalated = BooleanField(default=False)
        hold_reason = CharField(null=True)
        reply = TextField(null=True)
        satisfaction = IntegerField(null=True)
        archived = BooleanField(default=False)
        intake_key = CharField(null=True, unique=True)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        accepted_at = DateTimeField(null=True)
        done_at = DateTimeField(null=True)
        closed_at = DateTimeField(null=True)

        class Meta:
            indexes = (
                (("estate", "state", "created_at"), False),
                (("estate", "created_at"), False),
                (("assignee", "state"), False),
                (("unit", "created_at"), False),
            )

    class TicketEvent(Base):
        ticket = ForeignKeyField(Ticket, on_delete="CASCADE")
        at = DateTimeField()
        actor = ForeignKeyField(Staff, null=True)
        action = CharField()
        from_state = CharField(null=True)
        to_state = CharField()
        note = TextField(default="")
        target = ForeignKeyField(Staff, null=True)
        team = CharField(null=True)

        class Meta:
            indexes = ((("ticket", "at"), False),)

    class Revisit(Base):
        ticket = ForeignKeyField(Ticket, on_delete="CASCADE")
        at = DateTimeField()
        by = ForeignKeyField(Staff)
        reached = BooleanField()
        satisfaction = IntegerField(null=True)
        comment = TextField(default="")

    class DayCounter(Base):
        day = CharField(primary_key=True)
        last = IntegerField(default=0)

    return [Staff, Estate, Membership, Area, Building, Unit, DispatchRule, Duty, Ticket, TicketEvent,
            Revisit, DayCounter]


def up(migrator, db):
    db.create_tables(_models(db))


def down(migrator, db):
    db.drop_tables(_models(db))
