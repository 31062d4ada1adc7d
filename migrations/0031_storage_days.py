"""How long an estate keeps a deposited item before it counts as left over (issue 15): the center's own rule, 30
days unless it says otherwise."""
from peewee import SQL, IntegerField


def up(migrator, db):
    migrator.migrate(migrator.add_column("estate", "storage_days",
                                         IntegerField(default=30, constraints=[SQL("DEFAULT 30")])))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("estate", "storage_days"))
