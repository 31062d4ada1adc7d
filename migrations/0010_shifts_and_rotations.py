"""Duty as shifts and rotations: a shift has wall-clock hours (overnight when it ends before it starts) and a
rotation puts people on it in turn from an anchor day, so the roster never runs out. Per-day `duty` rows stay,
as overrides of the rotation for that day."""
from peewee import BooleanField, CharField, DateField, ForeignKeyField, IntegerField, Model, TextField


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Estate(Base):
        pass

    class Shift(Base):
        estate = ForeignKeyField(Estate, backref="shifts", on_delete="CASCADE")
        team = CharField()
        name = CharField()
        starts = CharField()   # "HH:MM" on the estate's wall clock
        ends = CharField()
        lead = BooleanField(default=True)

        class Meta:
            indexes = ((("estate", "team"), False),)

    class Rotation(Base):
        shift = ForeignKeyField(Shift, backref="rotations", on_delete="CASCADE")
        anchor = DateField()
        people = TextField()   # staff ids in turn, comma-separated
        days_each = IntegerField(default=1)

    return [Shift, Rotation]


def up(migrator, db):
    db.create_tables(_models(db))


def down(migrator, db):
    db.drop_tables(list(reversed(_models(db))))
