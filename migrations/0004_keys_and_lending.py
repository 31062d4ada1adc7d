"""Keys and lending-cabinet items with their loans (钥匙管理, 物品借用): append-only loan records."""
import datetime

from peewee import (BooleanField, CharField, DateTimeField, DecimalField, ForeignKeyField, IntegerField, Model,
                    TextField)


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Estate(Base):
        class Meta:
            table_name = "estate"

    class Staff(Base):
        class Meta:
            table_name = "staff"

    class Place(Base):
        class Meta:
            table_name = "place"

    class Unit(Base):
        class Meta:
            table_name = "unit"

    class Key(Base):
        estate = ForeignKeyField(Estate)
        label = CharField()
        opens = CharField(default="")
        cabinet = ForeignKeyField(Place, null=True)
        hook = CharField(default="")
        copies = IntegerField(default=1)
        contractors_allowed = BooleanField(default=True)
        token = CharField(unique=True)
        out_loan_id = IntegerField(null=True)
        retired = BooleanField(default=False)

    class ItemType(Base):
        estate = ForeignKeyField(Estate)
        name = CharField()
        cabinet = ForeignKeyField(Place, null=True)
        quantity = IntegerField()
        available = IntegerField()
        deposit = DecimalField(max_digits=10, decimal_places=2, default=0)
        token = CharField(unique=True)
        retired = BooleanField(default=False)

    class Loan(Base):
        estate = ForeignKeyField(Estate)
        key = ForeignKeyField(Key, null=True)
        item = ForeignKeyField(ItemType, null=True)
        quantity = IntegerField(default=1)
        holder_kind = CharField()
        holder_staff = ForeignKeyField(Staff, null=True)
        holder_name = CharField(default="")
        holder_company = CharField(default="")
        holder_id_number = CharField(default="")
        holder_unit = ForeignKeyField(Unit, null=True)
        holder_phone = CharField(default="")
        purpose = CharField(default="")
        photo = CharField(null=True)
        deposit = DecimalField(max_digits=10, decimal_places=2, null=True)
        deposit_method = CharField(default="none")
        deposit_refunded = BooleanField(null=True)
        out_at = DateTimeField()
        out_by = ForeignKeyField(Staff)
        due_at = DateTimeField()
        returned_at = DateTimeField(null=True)
        returned_by = ForeignKeyField(Staff, null=True)
        return_condition = CharField(default="")
        return_note = TextField(default="")
        voided_at = DateTimeField(null=True)
        voided_by = ForeignKeyField(Staff, null=True)
        void_reason = TextField(default="")

        class Meta:
            indexes = ((("estate", "returned_at", "due_at"), False), (("estate", "out_at"), False),
                       (("key", "out_at"), False), (("item", "out_at"), False))

    class LoanEvent(Base):
        loan = ForeignKeyField(Loan, on_delete="CASCADE")
        action = CharField()
        at = DateTimeField(default=datetime.datetime.utcnow)
        by = ForeignKeyField(Staff)
        note = TextField(default="")

    return [Key, ItemType, Loan, LoanEvent]


def up(migrator, db):
    db.create_tables(_models(db))


def down(migrator, db):
    db.drop_tables(_models(db))
