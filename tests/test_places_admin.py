"""Places admin: the CS head and the administrator add, edit, re-token, retire and print stickers of places."""
import re

import pytest

from webapp.domain.places import PLACE_KINDS
from webapp.models import Building, Place, ReplacedSticker
from webapp.models.place import create_place

from . import factories


def lobby(estate, **fields):
    fields.setdefault("name", "1号楼电梯厅")
    fields.setdefault("kind", "lift_lobby")
    return create_place(estate, **fields)


def building(estate, number):
    return Building.get((Building.estate == estate) & (Building.number == number))


def reloaded(place):
    return Place.get_by_id(place.id)


def test_admin_adds_a_place_that_gets_a_sticker_token(client, login, estate):
    login("admin")
    response = client.post("/places/new", data={"name": "2号楼会议室", "kind": "meeting_room",
                                                "building": building(estate, 2).id, "floor": "1", "team": ""})
    assert response.status_code == 302
    place = Place.get(Place.name == "2号楼会议室")
    assert (place.estate_id, place.kind, place.building.number, place.floor, place.team) == (
        estate.id, "meeting_room", 2, 1, None)
    assert place.token and not place.retired
    listing = client.get("/places/").get_data(as_text=True)
    assert "2号楼会议室" in listing and "会议室" in listing and "2号楼 1F 2号楼会议室" in listing


def test_cs_head_manages_places_too(client, login, estate):
    login("cshead")
    assert client.get("/places/").status_code == 200
    assert client.post("/places/new", data={"name": "东门岗亭", "kind": "checkpoint", "team": "security"}
                       ).status_code == 302
    assert Place.get(Place.name == "东门岗亭").team == "security"


def test_renaming_and_moving_a_place_keeps_its_sticker_token(client, login, estate):
    place = lobby(estate, building=building(estate, 1), floor=1)
    login("admin")
    form = client.get(f"/places/{place.id}/edit").get_data(as_text=True)
    assert 'value="1号楼电梯厅"' in form
    response = client.post(f"/places/{place.id}/edit", data={
        "name": "2号楼3层电梯厅", "kind": "lift_lobby", "building": building(estate, 2).id, "floor": "3",
        "team": "engineering"})
    assert response.status_code == 302
    moved = reloaded(place)
    assert (moved.name, moved.building.number, moved.floor, moved.team) == ("2号楼3层电梯厅", 2, 3, "engineering")
    assert moved.token == place.token


def test_a_new_sticker_token_replaces_the_old_one_which_is_remembered(client, login, estate):
    place = lobby(estate)
    login("admin")
    response = client.post(f"/places/{place.id}/rotation")
    assert response.status_code == 302
    assert reloaded(place).token != place.token
    assert ReplacedSticker.get(ReplacedSticker.token == place.token).place_id == place.id
    assert "贴纸" in client.get(response.location).get_data(as_text=True)  # the flash: print the new sticker


def test_retiring_a_place_keeps_it_listed_as_retired_and_off_the_label_sheet(client, login, estate):
    place = lobby(estate)
    login("admin")
    assert client.post(f"/places/{place.id}/retirement").status_code == 302
    assert reloaded(place).retired
    listing = client.get("/places/").get_data(as_text=True)
    assert "1号楼电梯厅" in listing and "已停用" in listing
    assert f'name="ids" value="{place.id}"' not in listing
    assert "1号楼电梯厅" not in client.get(f"/places/labels?ids={place.id}").get_data(as_text=True)


@pytest.mark.parametrize("request_", [("get", "/places/"), ("get", "/places/new"), ("post", "/places/new"),
                                      ("get", "/places/{id}/edit"), ("post", "/places/{id}/rotation"),
                                      ("post", "/places/{id}/retirement"), ("get", "/places/labels"),
                                      ("get", "/places/{id}/label.png")])
def test_front_desk_may_not_manage_places(client, login, estate, request_):
    place = lobby(estate)
    login("desk")
    method, path = request_
    assert getattr(client, method)(path.format(id=place.id)).status_code == 403
    assert reloaded(place).token == place.token and not reloaded(place).retired


def test_a_place_without_name_or_kind_is_refused_with_the_entries_kept(client, login, estate):
    login("admin")
    response = client.post("/places/new", data={"name": "  ", "kind": "", "building": building(estate, 1).id,
                                                 "floor": "500", "team": "security"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "请给地点起个名字" in page and "请选择地点类型" in page and "楼层" in page
    assert f'<option selected value="{building(estate, 1).id}">' in page
    assert 'value="500"' in page and '<option selected value="security">' in page
    assert Place.select().count() == 0


def test_a_building_of_another_estate_is_refused(client, login, estate):
    other = factories.estate(code="YJ", name="雅居苑")
    place = lobby(estate)
    login("admin")
    response = client.post(f"/places/{place.id}/edit", data={
        "name": "电梯厅", "kind": "lift_lobby", "building": building(other, 1).id})
    assert response.status_code == 422
    assert reloaded(place).building is None


def test_label_sheet_shows_the_chosen_places_with_their_codes(client, login, estate):
    chosen = [lobby(estate, name="1号楼电梯厅"), lobby(estate, name="会所多功能厅", kind="meeting_room")]
    lobby(estate, name="地库设备房", kind="plant_room")
    login("cshead")
    response = client.get("/places/labels?" + "&".join(f"ids={p.id}" for p in chosen))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count("<svg") == 2 and "viewBox" in page
    assert "1号楼电梯厅" in page and "会所多功能厅" in page and "地库设备房" not in page
    assert page.count("扫码报修/求助") == 2
    for place in chosen:
        assert f"127.0.0.1:5000/q/{place.token}" in page
    assert 'class="sheet stickers"' in page and "@page" in client.get("/static/app.css").get_data(as_text=True)


def test_label_sheet_has_a_sticker_for_every_kind_of_place(client, login, estate):
    for kind in PLACE_KINDS:
        lobby(estate, name=f"地点-{kind}", kind=kind)
    login("admin")
    page = client.get("/places/labels").get_data(as_text=True)  # none ticked: every place in use
    assert page.count("<svg") == len(PLACE_KINDS)
    listing = client.get("/places/").get_data(as_text=True)
    for label in ("会议室", "电梯厅", "公共区域", "钥匙柜", "借用柜", "巡查点", "设备房"):
        assert label in listing


def test_single_label_is_a_png_to_send_by_chat(client, login, estate):
    place = lobby(estate)
    login("admin")
    response = client.get(f"/places/{place.id}/label.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png" and response.data.startswith(b"\x89PNG")


@pytest.mark.parametrize("request_", [("get", "/places/{id}/edit"), ("post", "/places/{id}/edit"),
                                      ("post", "/places/{id}/rotation"), ("post", "/places/{id}/retirement"),
                                      ("get", "/places/{id}/label.png")])
def test_a_place_of_another_estate_is_not_found(client, login, estate, request_):
    elsewhere = lobby(factories.estate(code="YJ", name="雅居苑"), name="雅居苑电梯厅")
    login("cshead")
    method, path = request_
    assert getattr(client, method)(path.format(id=elsewhere.id), data={"name": "x", "kind": "lift_lobby"}
                                   ).status_code == 404
    assert reloaded(elsewhere).token == elsewhere.token and not reloaded(elsewhere).retired
    assert "雅居苑电梯厅" not in client.get(f"/places/labels?ids={elsewhere.id}").get_data(as_text=True)
    assert "雅居苑电梯厅" not in client.get("/places/").get_data(as_text=True)


def test_printing_stickers_for_a_loopback_address_warns_on_screen_and_a_public_one_does_not(app, client, login,
                                                                                           estate):
    lobby(estate, name="1号楼电梯厅")
    login("cshead")
    warned = client.get("/places/labels").get_data(as_text=True)
    assert "只有本机能打开" in warned and "PUBLIC_BASE_URL" in warned
    app.config["PUBLIC_BASE_URL"] = "https://wuye.example.cn"
    assert "只有本机能打开" not in client.get("/places/labels").get_data(as_text=True)
    assert "只有本机能打开" not in client.get("/keys/tags").get_data(as_text=True)


def test_each_place_in_the_list_links_to_its_own_sticker(client, login, estate):
    login("admin")
    client.post("/places/new", data={"name": "2号楼会议室", "kind": "meeting_room",
                                     "building": building(estate, 2).id, "floor": "1", "team": ""})
    place = Place.get(Place.name == "2号楼会议室")
    link = re.search(r'href="([^"]*)">二维码贴纸<', client.get("/places/").get_data(as_text=True)).group(1)
    sheet = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert "2号楼会议室" in sheet and place.token in sheet
