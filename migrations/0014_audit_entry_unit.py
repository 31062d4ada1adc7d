"""A change record names the unit it concerns (the unit's own changes and its owners'), so a unit's history is
one indexed read, also for owners who have since left."""
from peewee import ForeignKeyField, Model


def _unit(db):
    class Unit(Model):
        class Meta:
            database = db
            legacy_table_names = False
    return Unit


def up(migrator, db):
    unit = _unit(db)
    migrator.migrate(
        migrator.add_column("audit_entry", "unit_id", ForeignKeyField(unit, null=True, field=unit.id)))  # indexed
    db.execute_sql("UPDATE audit_entry SET unit_id = subject_id WHERE subject = 'unit'")
    db.execute_sql("UPDATE audit_entry SET unit_id = (SELECT unit_id FROM owner WHERE owner.id = audit_entry.subject_id) "
                   "WHERE subject = 'owner'")


def down(migrator, db):
    migrator.migrate(migrator.drop_index("audit_entry", "audit_entry_unit_id"),
                     migrator.drop_column("audit_entry", "unit_id"))
