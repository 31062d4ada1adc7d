"""Patrol (issue 14): routes of checkpoints, plans of when they are walked, the rounds made from the plans with
their events, each checkpoint's scans (visits) with the phone's clock and what is flagged, and findings."""
from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Estate(Base):
        pass

    class Staff(Base):
        pass

    class Place(Base):
        pass

    class Ticket(Base):
        pass

    class Route(Base):
        estate = ForeignKeyField(Estate, backref="+", on_delete="CASCADE")
        name = CharField()
        sequence = CharField(default="free")
        retired = BooleanField(default=False)
        created_at = DateTimeField()

    class RouteStop(Base):
        route = ForeignKeyField(Route, backref="+", on_delete="CASCADE")
        place = ForeignKeyField(Place, backref="+")
        position = IntegerField()
        walk_minutes = IntegerField(default=0)
        not_before = IntegerField(null=True)

        class Meta:
            indexes = ((("route", "position"), True),)

    class Plan(Base):
        estate = ForeignKeyField(Estate, backref="+", on_delete="CASCADE")
        route = ForeignKeyField(Route, backref="+")
        team = CharField()
        first = CharField()
        last = CharField(null=True)
        every = IntegerField(null=True)
        weekdays = CharField(default="")
        window_minutes = IntegerField(default=60)
        grace_minutes = IntegerField(default=15)
        active = BooleanField(default=True)
        created_at = DateTimeField()

    class Round(Base):
        estate = ForeignKeyField(Estate, backref="+", on_delete="CASCADE")
        plan = ForeignKeyField(Plan, null=True, backref="+")
        route = ForeignKeyField(Route, backref="+")
        team = CharField()
        starts_at = DateTimeField()
        ends_at = DateTimeField()
        closes_at = DateTimeField()
        state = CharField(default="waiting")
        stops = IntegerField()
        covered = IntegerField(default=0)
        assignee = ForeignKeyField(Staff, null=True, backref="+")
        first_assignee = ForeignKeyField(Staff, null=True, backref="+")
        started_at = DateTimeField(null=True)
        started_by = ForeignKeyField(Staff, null=True, backref="+")
        finished_at = DateTimeField(null=True)
        finished_by = ForeignKeyField(Staff, null=True, backref="+")
        note = TextField(default="")

        class Meta:
            indexes = ((("plan", "starts_at"), True), (("estate", "starts_at"), False),
                       (("state", "closes_at"), False))

    class RoundEvent(Base):
        round = ForeignKeyField(Round, backref="+", on_delete="CASCADE")
        action = CharField()
        at = DateTimeField()
        by = ForeignKeyField(Staff, null=True, backref="+")
        note = TextField(default="")
        target = ForeignKeyField(Staff, null=True, backref="+")

    class Visit(Base):
        round = ForeignKeyField(Round, backref="+", on_delete="CASCADE")
        stop = ForeignKeyField(RouteStop, backref="+")
        by = ForeignKeyField(Staff, backref="+")
        client_id = CharField(unique=True)
        via = CharField()
        at = DateTimeField()
        received_at = DateTimeField()
        device_at = DateTimeField(null=True)
        skew_seconds = IntegerField(null=True)
        verdict = CharField()
        counted = BooleanField()
        flags = CharField(default="")

        class Meta:
            indexes = ((("round", "at"), False),)

    class Finding(Base):
        round = ForeignKeyField(Round, backref="+", on_delete="CASCADE")
        place = ForeignKeyField(Place, backref="+")
        ticket = ForeignKeyField(Ticket, backref="+")
        by = ForeignKeyField(Staff, backref="+")
        at = DateTimeField()

    return [Route, RouteStop, Plan, Round, RoundEvent, Visit, Finding]


def up(migrator, db):
    db.create_tables(_models(db))


def down(migrator, db):
    db.drop_tables(list(reversed(_models(db))))
