"""Visitors (issue 15): the visitor register (前台接待信息登记表), each visitor a ledger record with its events
(came in, signed in, taken over, warned, signed out, voided, reviewed), and the block list that warns at entry."""
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

    class Unit(Base):
        pass

    class Visitor(Base):
        out_at = DateTimeField()
        out_by = ForeignKeyField(Staff, null=True, backref="+")
        due_at = DateTimeField()
        returned_at = DateTimeField(null=True)
        returned_by = ForeignKeyField(Staff, null=True, backref="+")
        voided_at = DateTimeField(null=True)
        voided_by = ForeignKeyField(Staff, null=True, backref="+")
        void_reason = TextField(default="")
        estate = ForeignKeyField(Estate, backref="+", on_delete="CASCADE")
        name = CharField(default="")
        phone = CharField(default="")
        id_number = CharField(default="")
        unit = ForeignKeyField(Unit, null=True, backref="+")
        host = CharField(default="")
        purpose = CharField(default="")
        companions = IntegerField(default=0)
        plate = CharField(default="")
        handled_by = ForeignKeyField(Staff, null=True, backref="+")
        served_at = DateTimeField(null=True)
        served_by = ForeignKeyField(Staff, null=True, backref="+")
        warning = TextField(default="")
        auto_signed_out = BooleanField(default=False)
        reviewed_at = DateTimeField(null=True)
        reviewed_by = ForeignKeyField(Staff, null=True, backref="+")
        review_note = TextField(default="")
        intake_key = CharField(null=True, unique=True)

        class Meta:
            indexes = ((("estate", "returned_at", "due_at"), False), (("estate", "out_at"), False),
                       (("estate", "auto_signed_out", "reviewed_at"), False))

    class VisitorEvent(Base):
        action = CharField()
        at = DateTimeField()
        by = ForeignKeyField(Staff, null=True, backref="+")
        note = TextField(default="")
        visitor = ForeignKeyField(Visitor, backref="+", on_delete="CASCADE")
        target = ForeignKeyField(Staff, null=True, backref="+")

    class BlockedVisitor(Base):
        estate = ForeignKeyField(Estate, backref="+", on_delete="CASCADE")
        name = CharField(default="")
        phone = CharField(default="")
        reason = TextField()
        added_by = ForeignKeyField(Staff, backref="+")
        added_at = DateTimeField()
        removed_at = DateTimeField(null=True)
        removed_by = ForeignKeyField(Staff, null=True, backref="+")
        removal_reason = TextField(default="")

    return [Visitor, VisitorEvent, BlockedVisitor]


def up(migrator, db):
    db.create_tables(_models(db))


def down(migrator, db):
    db.drop_tables(list(reversed(_models(db))))
