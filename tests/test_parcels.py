"""The parcel register at the desk: arrival with a notice to the gateway, pickup with the code once, the race of
two clerks, reminders at 1, 3 and 7 days, return to the sender, the pages and who may see them."""
import io
import re
import threading
from datetime import timedelta

import pytest
from PIL import Image

from webapp import clock
from webapp.alerts.clock import registers
from webapp.db import db
from webapp.domain import Refused
from webapp.models import Alert, Parcel, Unit
from webapp.models.parcels import hand_over, receive, remind_due

from . import factories
from .conftest import DESK_HOURS_UTC

ARRIVAL = {"kind": "parcel", "carrier": "sf", "tracking": "SF1234567890", "unit": "1-101", "recipient_name": "王小明",
           "recipient_phone": "13912345678", "size": "medium", "shelf": "A3"}


def arrive(estate, staff, **fields):
    values = dict(kind="parcel", carrier="sf", tracking="SF0001", unit=Unit.find(estate, "1-101"),
                  recipient_name="王小明", recipient_phone="13912345678", size="small", shelf="A1")
    values.update(fields)
    return receive(estate, staff["desk"], **values)


def png():
    out = io.BytesIO()
    Image.new("RGB", (60, 20), (255, 255, 255)).save(out, "PNG")
    out.seek(0)
    return out


def test_an_arrival_gets_a_code_and_tells_the_gateway_the_recipient_phone_and_code(client, login, estate):
    login("desk")
    response = client.post("/parcels/", data=ARRIVAL)
    assert response.status_code == 303
    parcel = Parcel.get()
    assert len(parcel.code) == 6 and parcel.code.isdigit() and parcel.unit.number == "1-101"
    alert = Alert.get(Alert.reason == "parcel_arrived")
    assert alert.once == f"parcel:{parcel.id}:arrived"
    assert alert.message == {"kind": "parcel", "number": "", "place": "1-101", "urgent": False,
                             "reason": "parcel_arrived", "url": "", "unit": "1-101", "name": "王**", "carrier": "顺丰",
                             "code": parcel.code, "desk_hours": "08:00–17:30", "phone": "13912345678", "shelf": "A3"}


def test_the_counter_keeps_carrier_and_size_and_shows_the_new_row_for_htmx(client, login, estate):
    login("desk")
    response = client.post("/parcels/", data=dict(ARRIVAL, carrier="zto", size="large"), headers={"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="parcel-counter"' in page and "<html" not in page
    assert response.headers["HX-Trigger"] == "parcel-arrived"  # the waiting list refreshes
    assert re.search(r'<input checked[^>]*value="zto"', page) and re.search(r'<input checked[^>]*value="large"', page)
    assert "…567890" in page and re.search(r'<input[^>]*autofocus[^>]*name="tracking"[^>]*value=""', page)


def test_fifty_arrivals_in_a_row_each_take_one_request(client, login, estate):
    login("desk")
    for n in range(50):
        response = client.post("/parcels/", data=dict(ARRIVAL, tracking=f"YT{n:010d}", unit=f"1-{101 + n % 2}"),
                               headers={"HX-Request": "true"})
        assert response.status_code == 200
    assert Parcel.select().count() == 50
    assert client.get("/parcels/").get_data(as_text=True).count('class="parcel-row') == 50 + 30


def test_mail_has_no_code_and_needs_only_a_name(client, login, estate):
    login("desk")
    response = client.post("/parcels/", data={"kind": "mail", "recipient_name": "李雷", "size": "small", "carrier": "sf"})
    assert response.status_code == 303
    assert Parcel.get().code is None and Parcel.get().carrier == ""


def test_a_bad_arrival_is_refused_with_the_form_kept(client, login, estate):
    login("desk")
    response = client.post("/parcels/", data=dict(ARRIVAL, tracking="", unit="9-999"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "王小明" in page and "9-999" in page
    assert Parcel.select().count() == 0


def test_the_code_is_single_use(app, estate, staff):
    parcel = arrive(estate, staff)
    hand_over(parcel.id, staff["desk"], code=parcel.code, signer_name="王小明")
    with pytest.raises(Refused, match="already picked up"):
        hand_over(parcel.id, staff["desk2"], code=parcel.code, signer_name="王小明")


def test_a_wrong_code_is_refused_and_the_parcel_stays(client, login, estate, staff):
    parcel = arrive(estate, staff)
    login("desk")
    wrong = "000000" if parcel.code != "000000" else "111111"
    response = client.post(f"/parcels/{parcel.id}/pickup", data={"code": wrong, "signer_name": "王小明"})
    assert response.status_code == 422 and 'id="parcel-refusal"' in response.get_data(as_text=True)
    assert Parcel.get_by_id(parcel.id).is_open


def test_pickup_with_the_code_and_a_signature_shows_the_signature(client, login, estate, staff, app, tmp_path):
    app.config["PHOTO_FOLDER"] = str(tmp_path)
    parcel = arrive(estate, staff)
    login("desk")
    response = client.post(f"/parcels/{parcel.id}/pickup", content_type="multipart/form-data",
                           data={"code": parcel.code, "signature": (png(), "signature.png")})
    assert response.status_code == 303
    done = Parcel.get_by_id(parcel.id)
    assert done.returned_at == DESK_HOURS_UTC and done.pickup_method == "code" and done.signature
    page = client.get(f"/parcels/{parcel.id}").get_data(as_text=True)
    assert f"/parcels/{parcel.id}/photos/signature" in page
    assert client.get(f"/parcels/{parcel.id}/photos/signature").status_code == 200


def test_a_proxy_needs_a_photo(client, login, estate, staff, app, tmp_path):
    app.config["PHOTO_FOLDER"] = str(tmp_path)
    parcel = arrive(estate, staff)
    login("desk")
    proxy = {"code": parcel.code, "proxy_name": "李四", "proxy_phone": "13900001111"}
    assert client.post(f"/parcels/{parcel.id}/pickup", data=proxy).status_code == 422
    response = client.post(f"/parcels/{parcel.id}/pickup", content_type="multipart/form-data",
                           data=dict(proxy, proxy_photo=(png(), "id.png")))
    assert response.status_code == 303 and Parcel.get_by_id(parcel.id).pickup_method == "proxy"


def test_two_clerks_handing_the_same_parcel_at_once_make_exactly_one_pickup(app, estate, staff):
    parcel = arrive(estate, staff)
    outcomes, start = [], threading.Barrier(2)

    def clerk(who):
        with app.app_context(), db.connection_context():
            start.wait()
            try:
                hand_over(parcel.id, staff[who], code=parcel.code, signer_name=who)
                outcomes.append("picked up")
            except Refused as refused:
                outcomes.append(refused.message)

    threads = [threading.Thread(target=clerk, args=(who,)) for who in ("desk", "desk2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["This parcel was already picked up or returned.", "picked up"]
    assert [e.action for e in Parcel.get_by_id(parcel.id).events] == ["out", "back"]


def test_reminders_go_at_one_three_and_seven_days_each_once(app, estate, staff):
    parcel = arrive(estate, staff)
    arrive(estate, staff, kind="newspaper", tracking="", recipient_name="")  # no notice, no reminder
    sent = []
    for days in (0.5, 1, 1.5, 3, 3, 6, 7, 8, 30):
        moment = DESK_HOURS_UTC + timedelta(days=days)
        with clock.frozen_at(moment):
            sent.append(remind_due(moment) + registers(moment)["parcels:remind_due"])
    assert sent == [0, 1, 0, 1, 0, 0, 1, 0, 0]
    reminders = Alert.select().where(Alert.reason == "parcel_reminder").order_by(Alert.id)
    assert [a.once for a in reminders] == [f"parcel:{parcel.id}:d{n}" for n in (1, 3, 7)]
    assert [a.message["days"] for a in reminders] == [1, 3, 7]
    assert reminders[0].message["code"] == parcel.code


def test_a_picked_up_parcel_is_not_reminded(app, estate, staff):
    parcel = arrive(estate, staff)
    hand_over(parcel.id, staff["desk"], code=parcel.code, signer_name="王小明")
    assert remind_due(DESK_HOURS_UTC + timedelta(days=8)) == 0


def test_return_to_sender_needs_a_reason_and_ends_the_waiting(client, login, estate, staff):
    parcel = arrive(estate, staff)
    login("desk")
    assert client.post(f"/parcels/{parcel.id}/return", data={"reason": " "}).status_code == 422
    assert client.post(f"/parcels/{parcel.id}/return", data={"reason": "地址错误，拒收"}).status_code == 303
    gone = Parcel.get_by_id(parcel.id)
    assert gone.voided_at and gone.void_reason == "地址错误，拒收" and not gone.is_open
    assert client.post(f"/parcels/{parcel.id}/pickup", data={"code": parcel.code, "signer_name": "x"}).status_code == 422
    assert remind_due(DESK_HOURS_UTC + timedelta(days=2)) == 0


def test_the_register_searches_by_unit_tracking_tail_code_and_name(client, login, estate, staff):
    first = arrive(estate, staff, tracking="JD0000998877", recipient_name="张三")
    arrive(estate, staff, tracking="SF5555", unit=Unit.find(estate, "2-302"), recipient_name="李四")
    login("desk")
    for query, shown in (("2-302", "李*"), ("998877", "张*"), (first.code, "张*"), ("张三", "张*")):
        page = client.get("/parcels/", query_string={"q": query}).get_data(as_text=True)
        assert shown in page.split('id="parcels-waiting"')[1], query


def test_the_unclaimed_list_by_age_and_the_days_sign_for_list(client, login, estate, staff):
    with clock.frozen_at(DESK_HOURS_UTC - timedelta(days=4)):
        arrive(estate, staff, recipient_name="老王")
    arrive(estate, staff, recipient_name="小李")
    login("desk")
    three = client.get("/parcels/unclaimed?days=3").get_data(as_text=True)
    assert "老*" in three and "小*" not in three
    sheet = client.get("/parcels/sheet?day=2026-11-23").get_data(as_text=True)
    assert "小*" in sheet and "老*" not in sheet and "139****5678" in sheet and "13912345678" not in sheet
    csv = client.get("/parcels/sheet.csv?day=2026-11-23")
    assert csv.status_code == 200 and "小*" in csv.get_data(as_text=True)


def test_the_slip_shows_the_code_and_the_desk_hours(client, login, estate, staff):
    parcel = arrive(estate, staff)
    login("desk")
    page = client.get(f"/parcels/{parcel.id}/slip").get_data(as_text=True)
    assert parcel.code in page and "08:00–17:30" in page and "王**" in page
    assert parcel.code not in client.get(f"/parcels/{parcel.id}").get_data(as_text=True)


@pytest.mark.parametrize("who", ["guard", "eng", "area1"])
def test_only_the_desk_keeps_the_parcel_register(client, login, estate, staff, who):
    parcel = arrive(estate, staff)
    login(who)
    for url in ("/parcels/", f"/parcels/{parcel.id}", "/parcels/unclaimed", "/parcels/sheet"):
        assert client.get(url).status_code == 403
    assert client.post(f"/parcels/{parcel.id}/pickup", data={"code": parcel.code}).status_code == 403


def test_another_estates_parcel_is_not_found(client, login, estate, staff):
    other = factories.estate(code="LY", name="丽园")
    parcel = receive(other, None, kind="mail", recipient_name="赵六")
    login("desk")
    assert client.get(f"/parcels/{parcel.id}").status_code == 404
    assert client.post(f"/parcels/{parcel.id}/return", data={"reason": "x"}).status_code == 404


def test_junk_never_gives_a_server_error(client, login, estate, staff):
    parcel = arrive(estate, staff)
    login("desk")
    junk = {"kind": "x" * 300, "carrier": "\t", "tracking": "长" * 300, "unit": "１－１０１", "size": "²",
            "recipient_phone": "=1+1", "page": "9" * 30}
    assert client.post("/parcels/", data=junk).status_code == 422
    assert client.post(f"/parcels/{parcel.id}/pickup", data={"code": "9" * 30, "signature": "text"}).status_code == 422
    for url in ("/parcels/?page=99999999999999999999&q=%25", "/parcels/unclaimed?days=²", "/parcels/sheet?day=9999-99-99",
                f"/parcels/{parcel.id}/photos/label", f"/parcels/{parcel.id}/photos/x"):
        assert client.get(url).status_code in (200, 404), url


def poll_url(page, region):
    """The address a live list polls, as its page gives it."""
    return re.search(rf'id="{region}" hx-get="([^"]+)"', page).group(1).replace("&amp;", "&")


def test_todays_list_stays_unchanged_until_another_clerk_registers_a_parcel(client, login, estate, staff):
    login("desk")
    url = poll_url(client.get("/parcels/").get_data(as_text=True), "parcels-today-list")
    unchanged = client.get(url, headers={"HX-Request": "true"})
    assert unchanged.status_code == 204 and unchanged.data == b""
    assert client.get(url.split("&pass=")[0], headers={"HX-Request": "true"}).status_code == 204
    receive(estate, staff["desk2"], kind="parcel", carrier="zto", tracking="ZT0077001122",
            unit=Unit.find(estate, "2-101"), recipient_name="钱七")
    changed = client.get(url, headers={"HX-Request": "true"})
    fragment = changed.get_data(as_text=True)
    assert changed.status_code == 200 and "2-101" in fragment and "…001122" in fragment
    assert 'id="parcels-today-list"' in fragment and "parcel-arrival" not in fragment  # the form is never swapped
    assert client.get(poll_url(fragment, "parcels-today-list"), headers={"HX-Request": "true"}).status_code == 204


def kept_token(page, field):
    return re.search(rf'name="{field}"[^>]*value="([0-9a-f]{{32}})"|value="([0-9a-f]{{32}})"[^>]*name="{field}"',
                     page).group(1, 2)


def test_a_wrong_code_keeps_the_signature_so_the_recipient_does_not_sign_again(client, login, estate, staff, app,
                                                                                 tmp_path):
    app.config["PHOTO_FOLDER"] = str(tmp_path)
    parcel = arrive(estate, staff)
    login("desk")
    wrong = "000000" if parcel.code != "000000" else "111111"
    refused = client.post(f"/parcels/{parcel.id}/pickup", content_type="multipart/form-data",
                          data={"code": wrong, "signature": (png(), "signature.png")})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "data-signature-kept" in page and Parcel.get_by_id(parcel.id).is_open
    token = next(t for t in kept_token(page, "kept_signature") if t)
    done = client.post(f"/parcels/{parcel.id}/pickup", data={"code": parcel.code, "kept_signature": token})
    assert done.status_code == 303
    picked = Parcel.get_by_id(parcel.id)
    assert picked.pickup_method == "code" and picked.signature
    assert client.get(f"/parcels/{parcel.id}/photos/signature").status_code == 200


def test_someone_elses_kept_signature_signs_nothing(client, login, estate, staff, app, tmp_path):
    app.config["PHOTO_FOLDER"] = str(tmp_path)
    parcel = arrive(estate, staff)
    login("desk")
    wrong = "000000" if parcel.code != "000000" else "111111"
    page = client.post(f"/parcels/{parcel.id}/pickup", content_type="multipart/form-data",
                       data={"code": wrong, "signature": (png(), "signature.png")}).get_data(as_text=True)
    token = next(t for t in kept_token(page, "kept_signature") if t)
    login("desk2")
    refused = client.post(f"/parcels/{parcel.id}/pickup", data={"code": parcel.code, "kept_signature": token})
    assert refused.status_code == 422 and Parcel.get_by_id(parcel.id).is_open
