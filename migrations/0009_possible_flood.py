"""A report sent from a sticker past its hourly limit still goes through (with a phone number) and is marked
as a possible flood, so the board can show it apart. A hold reason is as long as the note it comes from.
"""
from peewee import BooleanField, SqliteDatabase, TextField


def up(migrator, db):
    migrator.migrate(migrator.add_column("ticket", "possible_flood", BooleanField(default=False)))
    if not isinstance(db.obj if hasattr(db, "obj") else db, SqliteDatabase):  # SQLite keeps any length already
        migrator.migrate(migrator.alter_column_type("ticket", "hold_reason", TextField(null=True)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("ticket", "possible_flood"))
