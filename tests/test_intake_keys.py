"""A form sent twice gives one ticket, but a key copied from someone else's form never returns their ticket."""
import io
import os
import re

import pytest
from PIL import Image

from webapp.models import Photo, Ticket
from webapp.models.place import create_place

from . import factories


@pytest.fixture
def photo_folder(app, tmp_path):
    app.config["PHOTO_FOLDER"] = str(tmp_path / "photos")
    return tmp_path / "photos"


@pytest.fixture
def lobby(estate, staff):
    return create_place(estate, name="1号楼电梯厅", kind="lift_lobby", building=estate.buildings.first(), floor=1)


@pytest.fixture
def room(estate, staff):
    return create_place(estate, name="二楼会议室", kind="meeting_room")


def jpeg():
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (90, 140, 200)).save(out, "JPEG")
    out.seek(0)
    return out


def report(client, token, key, **fields):
    data = dict(choice="repair", description="电梯按钮失灵", intake_key=key, **fields)
    return client.post(f"/q/{token}", data=data, content_type="multipart/form-data")


def stored_files(folder):
    return sorted(os.path.join(d, f) for d, _, files in os.walk(folder) for f in files)


def test_a_resident_sending_a_desk_forms_key_gets_a_new_ticket_of_their_own(app, client, login, lobby):
    desk = app.test_client()
    desk.post("/login", data={"login": "desk", "password": factories.PASSWORD})
    desk.post("/tickets", data={"kind": "repair", "channel": "phone", "unit": "1-101", "contact_name": "王先生",
                                "description": "卫生间漏水", "intake_key": "desk-form-1"})
    staffs = Ticket.get()
    response = report(client, lobby.token, "desk-form-1")
    assert response.status_code == 303
    resident_ticket = Ticket.get(Ticket.tracking_token.is_null(False))
    assert resident_ticket.id != staffs.id and response.location.endswith(f"/t/{resident_ticket.tracking_token}")
    assert Ticket.get_by_id(staffs.id).description == "卫生间漏水"  # the desk's ticket is untouched


def test_a_staff_one_tap_key_sent_by_a_resident_makes_the_residents_own_ticket(client, login, room, lobby):
    login("desk")
    client.post(f"/q/{room.token}/checks", data=dict(stage="opening", lights="y", doors="y", cleanliness="y",
                                                      furniture="y"))
    page = client.get(f"/q/{room.token}/staff").get_data(as_text=True)
    key = re.search(r'name="intake_key" value="(\w+)"', page.split('name="item"', 1)[1])[1]
    check_id = re.search(r"/checks/(\d+)/tickets", page)[1]
    client.post(f"/q/{room.token}/checks/{check_id}/tickets", data={"item": "equipment", "intake_key": key})
    staffs = Ticket.get()
    client.post("/logout")
    response = report(client, room.token, key)
    assert response.status_code == 303 and Ticket.select().count() == 2
    assert Ticket.get(Ticket.id != staffs.id).tracking_token in response.location


def test_one_tap_keys_are_minted_afresh_each_time_the_page_is_drawn(client, login, room):
    login("desk")
    client.post(f"/q/{room.token}/checks", data=dict(stage="opening", lights="y"))
    keys = [re.findall(r'name="intake_key" value="(\w+)"', client.get(f"/q/{room.token}/staff").get_data(as_text=True))
            for _ in range(2)]
    assert keys[0] and not set(keys[0]) & set(keys[1])
    assert all(len(k) >= 32 for k in keys[0])


def test_the_same_key_at_another_sticker_is_another_report(client, estate, lobby):
    other = create_place(estate, name="2号楼电梯厅", kind="lift_lobby")
    first, second = report(client, lobby.token, "k-1"), report(client, other.token, "k-1")
    assert first.location != second.location and Ticket.select().count() == 2


def test_sending_a_report_again_stores_no_second_copy_of_its_photos(client, lobby, photo_folder):
    first = report(client, lobby.token, "with-photo", photos=[(jpeg(), "a.jpg")])
    files = stored_files(photo_folder)
    again = report(client, lobby.token, "with-photo", photos=[(jpeg(), "a.jpg")])
    assert again.location == first.location
    assert stored_files(photo_folder) == files and len(files) == 2  # the photo and its thumbnail, once
    assert Photo.select().count() == 1


def test_the_desk_sending_its_form_again_stores_no_second_copy_of_its_photos(client, login, photo_folder):
    login("desk")
    data = lambda: {"kind": "repair", "channel": "walk_in", "unit": "1-101", "contact_name": "王先生",  # noqa: E731
                    "description": "墙面开裂", "intake_key": "desk-photo", "photos": [(jpeg(), "crack.jpg")]}
    client.post("/tickets", content_type="multipart/form-data", data=data())
    files = stored_files(photo_folder)
    client.post("/tickets", content_type="multipart/form-data", data=data())
    assert stored_files(photo_folder) == files and Ticket.select().count() == 1
