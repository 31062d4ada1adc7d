"""Parcels and mail (issue 15): the parcel register (代收/签收登记表) and each parcel's events."""
from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField


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

    class Parcel(Base):
        out_at = DateTimeField()
        out_by = ForeignKeyField(Staff, null=True, backref="+")
        due_at = DateTimeField()
        returned_at = DateTimeField(null=True)
        returned_by = ForeignKeyField(Staff, null=True, backref="+")
        voided_at = DateTimeField(null=True)
        voided_by = ForeignKeyField(Staff, null=True, backref="+")
        void_reason = TextField(default="")
        estate = ForeignKeyField(Estate, backref="+")
        kind = CharField(default="parcel")
        carrier = CharField(default="")
        carrier_other = CharField(default="")
        tracking = CharField(default="")
        unit = ForeignKeyField(Unit, null=True, backref="+")
        recipient_name = CharField(default="")
        recipient_phone = CharField(default="")
        size = CharField(default="small")
        shelf = CharField(default="")
        code = CharField(null=True)
        label_photo = CharField(null=True)
        reminded = IntegerField(default=0)
        next_reminder_at = DateTimeField(null=True)
        pickup_method = CharField(default="")
        signer_name = CharField(default="")
        signature = CharField(null=True)
        proxy_name = CharField(default="")
        proxy_phone = CharField(default="")
        proxy_photo = CharField(null=True)

        class Meta:
            indexes = ((("estate", "out_at"), False), (("estate", "returned_at", "voided_at", "out_at"), False),
                       (("next_reminder_at",), False), (("estate", "code"), False), (("estate", "tracking"), False))

    class ParcelEvent(Base):
        parcel = ForeignKeyField(Parcel, backref="+", on_delete="CASCADE")
        action = CharField()
        at = DateTimeField()
        by = ForeignKeyField(Staff, null=True, backref="+")
        note = TextField(default="")

    return [Parcel, ParcelEvent]


def up(migrator, db):
    db.create_tables(_models(db))


def down(migrator, db):
    db.drop_tables(list(reversed(_models(db))))
