"""Fixtures: an app on a real database built by the migrations (a SQLite file, or PostgreSQL when
DATABASE_URL is set), a client, and signing in as a role."""
import os
import shutil
from datetime import datetime

import pytest

from webapp import clock, create_app
from webapp.db import apply_migrations, db, open_database

from . import factories

POSTGRES_URL = os.environ.get("DATABASE_URL", "")
# 10:00 in Shanghai on a Monday: inside desk hours unless a test moves the clock.
DESK_HOURS_UTC = datetime(2026, 11, 23, 2, 0)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory):
    """A database migrated once per session: a SQLite file to copy, or a PostgreSQL schema to truncate."""
    if POSTGRES_URL:
        db.initialize(open_database(POSTGRES_URL, None))
        db.execute_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        apply_migrations()
        _release()
        return POSTGRES_URL
    path = tmp_path_factory.mktemp("template") / "servicedesk.sqlite3"
    db.initialize(open_database(f"sqlite:///{path}", None))
    apply_migrations()
    db.close()
    return path


def _fresh_database(template_db, tmp_path):
    if POSTGRES_URL:
        db.initialize(open_database(POSTGRES_URL, None))
        tables = [t for t in db.get_tables() if t != "schema_migration"]
        db.execute_sql(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        _release()
        return POSTGRES_URL
    path = tmp_path / "servicedesk.sqlite3"
    shutil.copy(template_db, path)
    return f"sqlite:///{path}"


@pytest.fixture
def app(template_db, tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
                      "DATABASE_URL": _fresh_database(template_db, tmp_path)})
    # No app context is held open: each request must get its own, as in production.
    with clock.frozen_at(DESK_HOURS_UTC):
        yield app
    _release()


def _release():
    """Close every connection, pooled ones included, so PostgreSQL never runs out of them."""
    if not db.is_closed():
        db.close()
    if hasattr(db.obj, "close_all"):
        db.obj.close_all()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def estate(app):
    """A small estate: two buildings of three floors, two doors a floor, two areas, staff of every role."""
    return factories.estate()


@pytest.fixture
def staff(estate):
    return factories.staff_of_every_role(estate)


@pytest.fixture
def login(client, staff):
    """Sign the client in as one of the estate's staff, by username."""
    def sign_in(username):
        response = client.post("/login", data={"login": username, "password": factories.PASSWORD})
        assert response.status_code == 302, response.data
        return staff[username]
    return sign_in
