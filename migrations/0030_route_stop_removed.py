"""A checkpoint taken off a route after it was scanned stays as a removed stop (issue 14): past rounds' visits
point at it, and their record must keep saying where the guard was."""
from peewee import DateTimeField


def up(migrator, db):
    migrator.migrate(migrator.add_column("route_stop", "removed_at", DateTimeField(null=True)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("route_stop", "removed_at"))
