"""A center sets itself up: teams become data per estate (security and engineering as before, plus whatever the
center adds), a person works in a team, owners become rows of their own (a unit may have several), units and
estates get the facts the desk needs, and every change to master data is recorded (who, when, before → after).
"""
from peewee import (BooleanField, CharField, DateTimeField, DecimalField, ForeignKeyField, IntegerField, Model,
                    TextField)

BUILT_IN_TEAMS = ("security", "engineering")


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Estate(Base):
        pass

    class Unit(Base):
        pass

    class Staff(Base):
        pass

    class Team(Base):
        estate = ForeignKeyField(Estate, backref="teams", on_delete="CASCADE")
        code = CharField()
        name = CharField(default="")  # "" for a built-in team: its name is translated
        active = BooleanField(default=True)

        class Meta:
            indexes = ((("estate", "code"), True),)

    class Owner(Base):
        unit = ForeignKeyField(Unit, backref="owners", on_delete="CASCADE")
        name = CharField()
        phone = CharField(default="")
        notes = TextField(default="")

        class Meta:
            indexes = ((("phone",), False), (("name",), False))

    class AuditEntry(Base):
        estate = ForeignKeyField(Estate, null=True, on_delete="CASCADE")
        staff = ForeignKeyField(Staff, null=True)
        at = DateTimeField()
        subject = CharField()      # "unit", "staff", "estate"…
        subject_id = IntegerField()
        action = CharField()       # "create", "update", "deactivate"…
        before = TextField(default="{}")  # JSON of the fields that changed
        after = TextField(default="{}")

        class Meta:
            indexes = ((("subject", "subject_id"), False), (("estate", "at"), False))

    return [Team, Owner, AuditEntry]


def up(migrator, db):
    db.create_tables(_models(db))
    migrator.migrate(
        migrator.add_column("staff", "team", CharField(null=True)),
        migrator.add_column("staff", "must_change_password", BooleanField(default=False)),
        migrator.add_column("estate", "public_phone", CharField(default="")),
        migrator.add_column("unit", "floor_area", DecimalField(max_digits=8, decimal_places=2, null=True)),
        migrator.add_column("unit", "vacant", BooleanField(default=False)),
        migrator.add_column("dispatch_rule", "team", CharField(default="")),
    )
    db.execute_sql("UPDATE staff SET team = role WHERE role IN ('security', 'engineering')")
    for code in BUILT_IN_TEAMS:
        db.execute_sql(f"INSERT INTO team (estate_id, code, name, active) SELECT id, '{code}', '', TRUE FROM estate")
    db.execute_sql("INSERT INTO owner (unit_id, name, phone, notes) SELECT id, owner_name, owner_phone, '' FROM unit "
                   "WHERE owner_name <> '' OR owner_phone <> ''")
    migrator.migrate(migrator.drop_column("unit", "owner_name"), migrator.drop_column("unit", "owner_phone"))


def down(migrator, db):
    migrator.migrate(
        migrator.add_column("unit", "owner_name", CharField(default="")),
        migrator.add_column("unit", "owner_phone", CharField(default="")),
    )
    db.execute_sql("UPDATE unit SET owner_name = COALESCE((SELECT name FROM owner WHERE unit_id = unit.id "
                   "ORDER BY id LIMIT 1), ''), owner_phone = COALESCE((SELECT phone FROM owner "
                   "WHERE unit_id = unit.id ORDER BY id LIMIT 1), '')")
    migrator.migrate(
        migrator.drop_column("staff", "team"), migrator.drop_column("staff", "must_change_password"),
        migrator.drop_column("estate", "public_phone"), migrator.drop_column("unit", "floor_area"),
        migrator.drop_column("unit", "vacant"), migrator.drop_column("dispatch_rule", "team"))
    db.drop_tables(list(reversed(_models(db))))
