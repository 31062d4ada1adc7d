"""A round that ends short (missed by the clock, or finished with checkpoints left) tells the team's lead at once,
once, with a link to the supervisors' page of the round and never a sticker's check-in link."""
import json
from datetime import timedelta

from webapp import clock
from webapp.alerts.clock import patrol
from webapp.alerts.push import payload
from webapp.domain.hours import local_time
from webapp.models.duty import Duty
from webapp.models import Alert, Round
from webapp.models import rounds
from webapp.models.estate import Team
from webapp.models.place import Place

from . import factories
from .conftest import DESK_HOURS_UTC

NOW = DESK_HOURS_UTC  # 10:00 in Shanghai, the round's time


def round_alerts():
    return list(Alert.select().where(Alert.reason.startswith("round_")).order_by(Alert.id))


def lead_security(estate, person):
    Team.update(lead=person).where((Team.estate == estate) & (Team.code == "security")).execute()


def test_a_missed_round_alerts_the_team_lead_once_when_the_grace_closes(estate, staff):
    lead_security(estate, staff["guard2"])
    round_, _ = factories.round_today(estate)
    patrol(NOW + timedelta(minutes=74))
    assert round_alerts() == []                                   # window + grace not over: nothing yet
    patrol(NOW + timedelta(minutes=75))
    patrol(NOW + timedelta(minutes=80))
    [alert] = round_alerts()
    assert alert.reason == "round_missed" and alert.recipient_id == staff["guard2"].id
    assert alert.message["url"] == f"/patrol/board/rounds/{round_.id}" and alert.message["number"] == "0/3"


def test_the_alert_carries_no_check_in_link(estate, staff):
    round_, places = factories.round_today(estate)
    patrol(NOW + timedelta(minutes=75))
    [alert] = round_alerts()
    text = json.dumps(alert.message, ensure_ascii=False)
    assert all(p.token not in text for p in Place.select()) and "/q/" not in text
    assert round_.route.name in text


def test_the_push_says_in_chinese_which_round_ended_short(app, estate, staff):
    factories.round_today(estate)
    patrol(NOW + timedelta(minutes=75))
    [alert] = round_alerts()
    with app.test_request_context():
        shown = payload(alert.message)
    assert shown["title"] == "巡查 0/3" and "漏巡" in shown["body"]


def test_a_guard_finishing_with_checkpoints_left_alerts_once_and_the_clock_adds_nothing(estate, staff):
    lead_security(estate, staff["guard2"])
    round_, places = factories.round_today(estate)
    guard = staff["guard"]
    with clock.frozen_at(NOW + timedelta(minutes=5)):
        rounds.scan(round_.id, guard, places[0].token, "s1", "camera")
        rounds.finish(round_.id, guard, "电梯停用，三楼去不了")
    patrol(NOW + timedelta(minutes=90))
    [alert] = round_alerts()
    assert alert.reason == "round_incomplete" and alert.message["number"] == "1/3"


def test_a_round_walked_in_full_alerts_nobody(estate, staff):
    round_, places = factories.round_today(estate)
    guard = staff["guard"]
    for minutes, place in enumerate(places):
        with clock.frozen_at(NOW + timedelta(minutes=5 + 10 * minutes)):
            rounds.scan(round_.id, guard, place.token, f"s{minutes}", "camera")
    patrol(NOW + timedelta(minutes=90))
    assert Round.get().state == "done" and round_alerts() == []


def test_without_a_team_lead_the_lead_on_duty_hears(estate, staff):
    Team.update(lead=None).where(Team.estate == estate).execute()
    factories.round_today(estate)
    patrol(NOW + timedelta(minutes=75))
    [alert] = round_alerts()
    on_duty = Duty.leads_now(estate, local_time(NOW + timedelta(minutes=75), estate.timezone)).get("security")
    assert on_duty is not None and alert.recipient_id == on_duty
