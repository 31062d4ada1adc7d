"""A real center's first run: `flask setup` makes the first estate and admin, once, without the demo loader."""
from webapp.models import Estate, Staff


def setup(app, *args, password="Str0ng-pass"):
    return app.test_cli_runner().invoke(args=["setup", *args], input=f"{password}\n{password}\n")


ARGS = ("--estate-code", "XY", "--estate-name", "星月花园", "--timezone", "Asia/Shanghai", "--username", "boss",
        "--name", "王主任")


def test_setup_makes_the_first_estate_and_an_admin_who_can_sign_in(app):
    result = setup(app, *ARGS)
    assert result.exit_code == 0, result.output
    assert Estate.get(Estate.code == "XY").name == "星月花园"
    boss = Staff.get(Staff.username == "boss")
    assert boss.role == "admin" and boss.password_hash != "Str0ng-pass"
    client = app.test_client()
    assert client.post("/login", data={"login": "boss", "password": "Str0ng-pass"}).status_code == 302
    assert "星月花园" in client.get("/settings/").get_data(as_text=True)


def test_setup_is_refused_once_an_admin_exists_and_changes_nothing(app):
    assert setup(app, *ARGS).exit_code == 0
    again = setup(app, "--estate-code", "ZZ", "--estate-name", "另一个", "--username", "boss2", "--name", "李",
                  "--timezone", "Asia/Shanghai")
    assert again.exit_code != 0 and "already set up" in again.output
    assert Estate.select().count() == 1 and Staff.select().count() == 1


def test_setup_refuses_a_weak_password_and_an_unknown_time_zone(app):
    weak = setup(app, *ARGS, password="boss")
    assert weak.exit_code != 0 and "8 to 200" in weak.output
    zone = setup(app, *ARGS[:4], "--timezone", "Mars/Olympus", *ARGS[6:])
    assert zone.exit_code != 0 and "Mars/Olympus" in zone.output
    assert Estate.select().count() == 0 and Staff.select().count() == 0
