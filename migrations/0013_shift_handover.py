"""Shift hand-over (交接班): the outgoing person of a team hands over what is open at the end of a shift, the
incoming person confirms item by item, and what is not confirmed is carried into the next hand-over. The items
are a snapshot, kept as they were handed over, so a printed hand-over reads the same years later."""
from peewee import (BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, Model,
                    TextField)


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Estate(Base):
        pass

    class Staff(Base):
        pass

    class Handover(Base):
        estate = ForeignKeyField(Estate, backref="handovers", on_delete="CASCADE")
        team = CharField()
        outgoing = ForeignKeyField(Staff, backref="+")
        opened_at = DateTimeField()
        shift_name = CharField(default="")
        shift_starts = CharField(default="")
        shift_ends = CharField(default="")
        shift_day = DateField(null=True)
        notes = TextField(default="")
        handed_at = DateTimeField(null=True)
        incoming = ForeignKeyField(Staff, null=True, backref="+")
        confirmed_at = DateTimeField(null=True)
        pending = CharField(null=True, unique=True)  # "<estate id>:<team>" until confirmed: one at a time

        class Meta:
            indexes = ((("estate", "team", "opened_at"), False),)

    class HandoverItem(Base):
        handover = ForeignKeyField(Handover, backref="items", on_delete="CASCADE")
        kind = CharField()          # ticket, key, item, loan, note, carried
        ref_id = IntegerField(null=True)  # the ticket or loan; None for a note
        text = TextField()
        state = CharField(null=True)  # a ticket's state when handed over
        was = CharField(default="")   # a carried item's first kind
        confirmed = BooleanField(null=True)

    return [Handover, HandoverItem]


def up(migrator, db):
    db.create_tables(_models(db))


def down(migrator, db):
    db.drop_tables(list(reversed(_models(db))))
