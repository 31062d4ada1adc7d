"""Response targets per estate, a change counter per estate for live queues, photos, repair charges."""
import datetime

from peewee import (BooleanField, CharField, DateTimeField, DecimalField, ForeignKeyField, IntegerField,
                    Model, TextField)


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

    class Ticket(Base):
        class Meta:
            table_name = "ticket"

    class ChangeCounter(Base):
        estate = ForeignKeyField(Estate, primary_key=True, on_delete="CASCADE")
        value = IntegerField(default=0)

    class Photo(Base):
        ticket = ForeignKeyField(Ticket, on_delete="CASCADE")
        stage = CharField()
        name = CharField()
        thumb = CharField()
        width = IntegerField()
        height = IntegerField()
        size = IntegerField()
        uploaded_by = ForeignKeyField(Staff)
        at = DateTimeField(default=datetime.datetime.utcnow)

        class Meta:
            indexes = ((("ticket", "at"), False),)

    return ChangeCounter, Photo


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("estate", "target_help_minutes", IntegerField(default=5)),
        migrator.add_column("estate", "target_repair_minutes", IntegerField(default=30)),
        migrator.add_column("ticket", "paid", BooleanField(null=True)),
        migrator.add_column("ticket", "labour_fee", DecimalField(max_digits=10, decimal_places=2, null=True)),
        migrator.add_column("ticket", "materials", TextField(default="")),
        migrator.add_column("ticket", "materials_fee", DecimalField(max_digits=10, decimal_places=2, null=True)),
        migrator.add_index("ticket", ("estate_id", "team", "state", "created_at"), False),
    )
    db.create_tables(_models(db))
    db.execute_sql("INSERT INTO change_counter (estate_id, value) SELECT id, 0 FROM estate")


def down(migrator, db):
    db.drop_tables(_models(db))
    migrator.migrate(
        migrator.drop_index("ticket", "ticket_estate_id_team_state_created_at"),
        *[migrator.drop_column(table, column) for table, column in (
            ("estate", "target_help_minutes"), ("estate", "target_repair_minutes"), ("ticket", "paid"),
            ("ticket", "labour_fee"), ("ticket", "materials"), ("ticket", "materials_fee"))])
