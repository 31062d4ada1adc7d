"""Places with QR stickers, resident reports (no taker), tracking links, urging, ratings, room checks."""
import datetime

from peewee import (BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField)


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Estate(Base):
        class Meta:
            table_name = "estate"

    class Building(Base):
        class Meta:
            table_name = "building"

    class Staff(Base):
        class Meta:
            table_name = "staff"

    class Ticket(Base):
        class Meta:
            table_name = "ticket"

    class Place(Base):
        estate = ForeignKeyField(Estate)
        name = CharField()
        kind = CharField()
        building = ForeignKeyField(Building, null=True)
        floor = IntegerField(null=True)
        team = CharField(null=True)
        token = CharField(unique=True)
        retired = BooleanField(default=False)
        created_at = DateTimeField(default=datetime.datetime.utcnow)

    class RetiredToken(Base):
        token = CharField(unique=True)
        place = ForeignKeyField(Place, on_delete="CASCADE")
        retired_at = DateTimeField(default=datetime.datetime.utcnow)

    class RoomCheck(Base):
        place = ForeignKeyField(Place, on_delete="CASCADE")
        stage = CharField()
        results = TextField()
        passed = BooleanField()
        by = ForeignKeyField(Staff)
        at = DateTimeField(default=datetime.datetime.utcnow)
        ticket = ForeignKeyField(Ticket, null=True)

        class Meta:
            indexes = ((("place", "at"), False),)

    return Place, RetiredToken, RoomCheck


def up(migrator, db):
    place, retired_token, room_check = _models(db)
    db.create_tables([place, retired_token])
    migrator.migrate(
        migrator.drop_not_null("ticket", "taken_by_id"),
        migrator.drop_not_null("photo", "uploaded_by_id"),
        migrator.add_column("ticket", "place_id", ForeignKeyField(place, null=True, field=place.id)),
        migrator.add_column("ticket", "tracking_token", CharField(null=True, unique=True)),
        migrator.add_column("ticket", "urged_at", DateTimeField(null=True)),
        migrator.add_column("ticket", "resident_rating", IntegerField(null=True)),
        migrator.add_column("ticket", "resident_comment", TextField(default="")),
    )
    db.create_tables([room_check])


def down(migrator, db):
    place, retired_token, room_check = _models(db)
    db.drop_tables([room_check])
    migrator.migrate(*[migrator.drop_column("ticket", c) for c in (
        "place_id", "tracking_token", "urged_at", "resident_rating", "resident_comment")])
    db.drop_tables([retired_token, place])
