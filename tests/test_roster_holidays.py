"""Holidays and make-up working days (调休): working days for the clocks, the desk's days, the official calendar
loaded on request, and the center's own edits, each recorded."""
from datetime import date

from webapp.domain.hours import add_working_days, is_desk_day, is_working_day, working_days_between
from webapp.models import AuditEntry, CalendarDay, Estate
from webapp.models.calendar import desk_open_on, load_official, set_day, working_day

NATIONAL_DAY = {date(2026, 10, d) for d in range(1, 8)}
MAKE_UP = {date(2026, 9, 20), date(2026, 10, 10)}  # a Sunday and a Saturday worked for the National Day week


def test_weekends_are_off_unless_a_make_up_day_and_holidays_are_always_off():
    assert is_working_day(date(2026, 11, 23)) and not is_working_day(date(2026, 11, 28))
    assert is_working_day(date(2026, 10, 10), NATIONAL_DAY, MAKE_UP)  # Saturday 调休
    assert not is_working_day(date(2026, 10, 1), NATIONAL_DAY, MAKE_UP)  # Thursday, National Day


def test_working_days_are_counted_past_weekends_and_holidays_and_make_up_days_count():
    assert add_working_days(date(2026, 11, 27), 2) == date(2026, 12, 1)  # Friday + 2 = Tuesday
    assert add_working_days(date(2026, 9, 30), 1, NATIONAL_DAY, MAKE_UP) == date(2026, 10, 8)
    assert add_working_days(date(2026, 10, 9), 1, NATIONAL_DAY, MAKE_UP) == date(2026, 10, 10)
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 10), NATIONAL_DAY, MAKE_UP) == 3
    assert working_days_between(date(2026, 11, 27), date(2026, 11, 20)) == 0


def test_the_desk_opens_on_weekends_as_the_estate_chooses_but_never_on_holidays():
    saturday = date(2026, 11, 28)
    assert is_desk_day(saturday) and not is_desk_day(saturday, open_weekends=False)
    assert is_desk_day(date(2026, 10, 10), NATIONAL_DAY, MAKE_UP, open_weekends=False)
    assert not is_desk_day(date(2026, 10, 1), NATIONAL_DAY, MAKE_UP)


def test_a_saturday_make_up_day_is_a_working_day_with_the_desk_open(estate, staff):
    Estate.update(desk_open_weekends=False).where(Estate.id == estate.id).execute()
    estate = Estate.get_by_id(estate.id)
    saturday = date(2026, 2, 28)
    assert not working_day(estate, saturday) and not desk_open_on(estate, saturday)
    set_day(estate, staff["cshead"], saturday, "workday", "春节调休")
    assert working_day(estate, saturday) and desk_open_on(estate, saturday)


def test_a_weekday_holiday_closes_the_desk(estate, staff):
    thursday = date(2026, 10, 1)
    assert desk_open_on(estate, thursday)
    set_day(estate, staff["admin"], thursday, "holiday", "国庆节")
    assert not desk_open_on(estate, thursday) and not working_day(estate, thursday)


def test_an_admin_loads_the_official_holidays_once_and_the_centers_own_days_stay(client, login, estate, staff):
    set_day(estate, staff["cshead"], date(2026, 10, 1), "workday", "值守")
    login("admin")
    response = client.post("/roster/holidays/official")
    assert response.status_code == 302
    page = client.get("/roster/holidays?year=2026").get_data(as_text=True)
    assert "国庆节" in page and "2026-10-07" in page and "2026-02-28" in page
    assert CalendarDay.get(CalendarDay.day == date(2026, 10, 1)).kind == "workday"  # the center's choice stays
    assert not desk_open_on(estate, date(2026, 10, 2)) and desk_open_on(estate, date(2026, 10, 10))
    count = CalendarDay.select().count()
    client.post("/roster/holidays/official")
    assert CalendarDay.select().count() == count
    assert AuditEntry.select().where(AuditEntry.subject == "calendar_day").count() == count


def test_the_center_adds_changes_and_removes_a_day(client, login, estate):
    login("cshead")
    response = client.post("/roster/holidays", data={"day": "2026-12-31", "kind": "holiday", "name": "年终盘点"})
    assert response.status_code == 302
    client.post("/roster/holidays", data={"day": "2026-12-31", "kind": "workday", "name": "加班"})
    row = CalendarDay.get()
    assert (row.kind, row.name) == ("workday", "加班")
    assert client.post(f"/roster/holidays/{row.id}/deletion").status_code == 400
    assert client.post(f"/roster/holidays/{row.id}/deletion", data={"confirm": "y"}).status_code == 302
    assert not CalendarDay.select().exists()
    actions = [e.action for e in AuditEntry.select().where(AuditEntry.subject == "calendar_day").order_by(AuditEntry.id)]
    assert actions == ["create", "update", "delete"]


def test_a_bad_day_is_refused_with_the_entries_kept(client, login, estate):
    login("cshead")
    response = client.post("/roster/holidays", data={"day": "2026-02-30", "kind": "holiday", "name": "错日"})
    assert response.status_code == 422 and 'value="错日"' in response.get_data(as_text=True)


def test_the_desk_can_be_closed_at_weekends(client, login, estate):
    login("head")
    client.post("/roster/holidays/weekends", data={})
    assert not desk_open_on(estate.id, date(2026, 11, 28))
    client.post("/roster/holidays/weekends", data={"open_weekends": "y"})
    assert desk_open_on(estate.id, date(2026, 11, 28))


def test_only_the_heads_and_admins_keep_the_calendar(client, login, estate):
    login("guard")
    assert client.get("/roster/holidays").status_code == 403
    login("cshead")
    assert client.post("/roster/holidays/official").status_code == 403


def test_the_holidays_command_loads_a_year_into_every_estate(app, estate):
    result = app.test_cli_runner().invoke(args=["holidays", "--year", "2026"])
    assert result.exit_code == 0, result.output
    assert "HX: added" in result.output and working_day(estate, date(2026, 10, 10))
    assert load_official(estate, None, (2026,)) == 0


def test_a_repair_taken_in_desk_hours_of_a_holiday_goes_to_the_monitoring_center_as_after_hours(estate, staff):
    from webapp.models import TicketEvent
    from . import factories
    monday = date(2026, 11, 23)  # the frozen clock's day, at 10:00 in Shanghai
    assert factories.ticket(estate, staff["desk"]).team == "engineering"
    set_day(estate, staff["head"], monday, "holiday", "测试假日")
    ticket = factories.ticket(estate, staff["desk"], description="节日里水管爆裂")
    assert (ticket.team, ticket.assignee) == ("security", None)
    notes = [e.note for e in ticket.events.order_by(TicketEvent.id)]
    assert any("Outside desk hours" in note for note in notes), notes
