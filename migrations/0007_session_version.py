"""A session version per member of staff: signing out or changing the password moves it on, and every
session signed in under an earlier version is refused."""
from peewee import SQL, IntegerField


def up(migrator, db):
    # A default in the database too: a row written without the column (an older worker mid-deploy) starts at 0.
    migrator.migrate(migrator.add_column("staff", "session_version",
                                         IntegerField(default=0, constraints=[SQL("DEFAULT 0")])))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("staff", "session_version"))
