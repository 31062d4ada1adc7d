"""Setting up: migrations are the only way to a schema, the demo estate, SQLite pragmas, languages."""
import pytest

from webapp import create_app
from webapp.db import db
from webapp.models import Estate, Staff, Ticket

from .conftest import POSTGRES_URL


def test_app_refuses_to_start_on_a_database_with_pending_migrations(tmp_path):
    with pytest.raises(RuntimeError, match="flask --app webapp migrate"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"})


def test_migrate_command_builds_the_schema_then_reports_it_up_to_date(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}"})
    runner = app.test_cli_runner()
    assert "0001_initial" in runner.invoke(args=["migrate"]).output
    assert "up to date" in runner.invoke(args=["migrate"]).output
    db.close()
    create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}"})  # now it starts


def test_unmigrated_app_under_the_flask_command_serves_only_the_instruction(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}"})
    response = app.test_client().get("/login")
    assert response.status_code == 503 and b"flask --app webapp migrate" in response.data


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(app):
    if POSTGRES_URL:  # the PostgreSQL run really runs on PostgreSQL
        assert db.execute_sql("SHOW server_version").fetchone()[0]
        assert "PostgresqlDatabase" in type(db.obj).__name__
        return
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_demo_loads_two_estates_every_kind_and_state_and_prints_logins(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert "desk1" in result.output and "demo1234" in result.output
    main, small = Estate.select().order_by(Estate.id)
    assert main.units.count() == 2 * 20 * 4 and small.units.count() > 0
    tickets = Ticket.select().where(Ticket.estate == main)
    assert 25 <= tickets.count() <= 40
    assert {t.kind for t in tickets} == {"repair", "help", "complaint", "suggestion", "inquiry", "challenge"}
    assert {"dispatched", "accepted", "on_site", "on_hold", "done", "closed", "resolved_at_desk",
            "cancelled"} <= {t.state for t in tickets}
    assert {s.role for s in Staff.select()} >= {"front_desk", "area_manager", "cs_head", "center_head",
                                                "security", "engineering", "admin"}
    assert "not loaded again" in app.test_cli_runner().invoke(args=["demo"]).output


def test_chinese_by_default_and_english_on_request(client, staff):
    assert "登录" in client.get("/login").get_data(as_text=True)
    client.get("/lang/en")
    assert "Sign in" in client.get("/login").get_data(as_text=True)
    client.get("/lang/zh_CN")
    assert "登录" in client.get("/login").get_data(as_text=True)
