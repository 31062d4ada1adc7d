"""The center keeps its own master data: estates, areas, buildings, units and their owners, with a change history."""
import re

from webapp.domain.people import mask_phone
from webapp.models import Area, Building, Estate, Owner, Team, Unit
from webapp.models.estate import new_estate

from . import factories


def _building(estate, number):
    return Building.get((Building.estate == estate) & (Building.number == number))


def _add_unit(client, building, number, **extra):
    data = dict(dict(building=str(building.id), number=number, floor="", floor_area=""), **extra)
    return client.post("/units/new", data=data)


def test_mask_phone_keeps_the_first_three_and_last_four_digits():
    assert mask_phone("13912345678") == "139****5678"
    assert mask_phone("") == ""


def test_center_head_sets_up_a_building_and_a_unit_with_two_owners(client, login, estate):
    login("head")
    area = Area.get(Area.name == "1区")
    response = client.post("/estates/buildings/new", data=dict(number="3", name="3号楼", area=str(area.id)))
    assert response.status_code == 302
    building = _building(estate, 3)
    assert building.area == area

    response = _add_unit(client, building, "3栋1502", floor_area="89.50", important="y")
    assert response.status_code == 302
    unit = Unit.find(estate, "3-1502")
    assert unit.floor == 15 and unit.important and str(unit.floor_area).startswith("89.5")
    for name, phone in (("张三", "13912345678"), ("李四", "13687654321")):
        assert client.post("/units/3-1502/owners/new", data=dict(name=name, phone=phone, notes="")).status_code == 302

    listing = client.get("/units/", query_string={"building": building.id}).get_data(as_text=True)
    assert "3-1502" in listing and "张三" in listing and "李四" in listing
    assert "139****5678" in listing and "136****4321" in listing
    assert "13912345678" not in listing

    page = client.get("/units/3-1502").get_data(as_text=True)
    assert "13912345678" in page and "13687654321" in page
    assert "/units/3-1502/edit" in page


def test_area_manager_sees_the_list_but_masked_phones_outside_their_area(client, login, estate):
    login("area1")  # manages building 1 only
    assert client.get("/units/").status_code == 200
    assert "13900002101" not in client.get("/units/2-101").get_data(as_text=True)
    assert "13900001101" in client.get("/units/1-101").get_data(as_text=True)
    assert "/units/1-101/edit" not in client.get("/units/1-101").get_data(as_text=True)


def test_search_finds_a_unit_by_phone_tail_owner_name_or_number_prefix(client, login, estate):
    unit = Unit.find(estate, "2-302")
    Owner.create(unit=unit, name="欧阳娜娜", phone="18611112222")
    login("desk")

    def found(**args):
        page = client.get("/units/", query_string=args).get_data(as_text=True)
        return {u.number for u in Unit.select() if f">{u.number}<" in page}

    assert found(q="2222") == {"2-302"}
    assert found(q="阳娜") == {"2-302"}
    assert found(q="2-3") == found(q="2栋30") == {"2-301", "2-302"}
    assert found(area=str(Area.get(Area.name == "1区").id)) == {u.number for u in Unit.select() if u.number[0] == "1"}
    assert found(q="nobody") == set()


def test_search_as_you_type_answers_with_the_list_alone(client, login, estate):
    login("desk")
    response = client.get("/units/?q=1-2", headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body and "1-201" in body and "2-101" not in body
    assert "HX-Request" in response.headers.get("Vary", "")


def test_the_list_is_paged(client, login, estate):
    building = _building(estate, 1)
    for room in range(1, 120):
        Unit.create(estate=estate, building=building, number=f"1-{9000 + room}", floor=90)
    login("desk")
    first = client.get("/units/").get_data(as_text=True)
    assert "page=2" in first
    assert len(re.findall(r'id="unit-\d', first)) == 100
    assert len(re.findall(r'id="unit-\d', client.get("/units/?page=2").get_data(as_text=True))) == 131 - 100


def test_duplicate_unit_number_is_refused_and_the_entries_kept(client, login, estate):
    login("head")
    response = _add_unit(client, _building(estate, 1), "1-101", floor_area="77")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "1-101" in body and 'value="77"' in body
    assert Unit.select().where(Unit.number == "1-101").count() == 1


def test_a_unit_in_the_wrong_or_an_unknown_building_is_refused(client, login, estate):
    login("head")
    assert _add_unit(client, _building(estate, 1), "2-909").status_code == 422
    response = client.post("/units/new", data=dict(building="999999", number="1-909"))
    assert response.status_code == 422
    assert Unit.find(estate, "1-909") is None and Unit.find(estate, "2-909") is None


def test_a_bad_phone_is_refused_and_the_name_kept(client, login, estate):
    login("head")
    response = client.post("/units/1-101/owners/new", data=dict(name="王五", phone="call me maybe"))
    assert response.status_code == 422 and "王五" in response.get_data(as_text=True)
    assert not Owner.select().where(Owner.name == "王五").exists()


def test_an_edit_shows_before_and_after_in_the_units_history_with_who(client, login, estate, staff):
    login("head")
    data = dict(building=str(_building(estate, 1).id), number="1-101", floor="1", floor_area="", vacant="y")
    assert client.post("/units/1-101/edit", data=data).status_code == 302
    owner = Unit.find(estate, "1-101").first_owner
    client.post(f"/units/1-101/owners/{owner.id}/edit", data=dict(name=owner.name, phone="13955556666", notes=""))
    page = client.get("/units/1-101").get_data(as_text=True)
    history = page.split("Change history" if "Change history" in page else "变更记录")[1]
    assert "head" in history
    assert "13900001101 → 13955556666" in history
    assert re.search(r"(Vacant|空置): (No|否) → (Yes|是)", history)


def test_removing_an_owner_stays_in_the_units_history(client, login, estate):
    login("head")
    owner = Unit.find(estate, "1-102").first_owner
    response = client.post(f"/units/1-102/owners/{owner.id}/removal", data=dict(reason="已售出"))
    assert response.status_code == 302
    assert Owner.get_or_none(Owner.id == owner.id) is None
    page = client.get("/units/1-102").get_data(as_text=True)
    assert owner.name in page.split("<h2>")[-1] and "已售出" in page


def test_front_desk_cannot_create_or_edit_units(client, login, estate):
    login("desk")
    assert _add_unit(client, _building(estate, 1), "1-909").status_code == 403
    assert client.get("/units/1-101/edit").status_code == 403
    assert client.get("/estates/").status_code == 403
    assert Unit.find(estate, "1-909") is None


def test_center_head_of_one_estate_cannot_touch_another_estates_units(client, login, estate):
    other = factories.estate(code="QT", name="其他小区")
    login("head")
    foreign = Unit.find(other, "1-101")
    response = client.post("/units/1-101/edit", data=dict(building=str(foreign.building_id), number="1-101",
                                                         floor="1"))
    assert response.status_code == 422  # a building of the other estate is no choice here
    assert client.get(f"/estates/{other.id}/edit").status_code == 404
    assert client.get(f"/estates/buildings/{foreign.building_id}/edit").status_code == 404
    assert client.get(f"/units/1-101/owners/{foreign.first_owner.id}/edit").status_code == 404


def test_admin_creates_an_estate_with_its_teams_and_works_in_it(client, login, estate):
    login("admin")
    response = client.post("/estates/new", data=dict(code="NEW1", name="新城花园", timezone="Asia/Shanghai",
                                                     public_phone="0571-88886666", desk_opens="08:30",
                                                     desk_closes="18:00"))
    assert response.status_code == 302
    made = Estate.get(Estate.code == "NEW1")
    assert {t.code for t in Team.select().where(Team.estate == made)} == {"security", "engineering"}
    assert "新城花园" in client.get("/estates/").get_data(as_text=True)
    page = client.get("/units/").get_data(as_text=True)
    assert "新城花园" in page  # now working in the new estate


def test_estate_refusals_keep_the_entries(client, login, estate):
    login("admin")
    base = dict(code="HX", name="重复", timezone="Asia/Shanghai", public_phone="", desk_opens="08:00",
                desk_closes="17:30")
    for wrong in ({}, {"code": "N2", "timezone": "Mars/Olympus"}, {"code": "N3", "desk_opens": "25:00"},
                  {"code": "N4", "desk_closes": "08:00"}, {"code": "N5", "public_phone": "abc"}):
        response = client.post("/estates/new", data=base | wrong)
        assert response.status_code == 422, wrong
        assert "重复" in response.get_data(as_text=True)
    assert Estate.select().count() == 1


def test_duplicate_building_number_is_refused(client, login, estate):
    login("head")
    response = client.post("/estates/buildings/new", data=dict(number="1", name="又一号楼", area=""))
    assert response.status_code == 422 and "又一号楼" in response.get_data(as_text=True)


def test_an_estate_edit_shows_in_its_change_history(client, login, estate):
    login("head")
    data = dict(code="HX", name="和谐家园二期", timezone="Asia/Shanghai", public_phone="",
                desk_opens="08:00", desk_closes="18:00")
    assert client.post(f"/estates/{estate.id}/edit", data=data).status_code == 302
    page = client.get(f"/estates/{estate.id}/edit").get_data(as_text=True)
    assert "和谐家园 → 和谐家园二期" in page and "17:30 → 18:00" in page and "head" in page


def test_area_gets_a_customer_manager_of_the_estate_only(client, login, estate, staff):
    login("head")
    assert client.post("/estates/areas/new", data=dict(name="3区", manager=str(staff["desk"].id))).status_code == 422
    assert client.post("/estates/areas/new", data=dict(name="3区", manager=str(staff["area2"].id))).status_code == 302
    assert Area.get(Area.name == "3区").manager_id == staff["area2"].id


def test_new_estate_for_tests_has_built_in_teams(app):
    made = new_estate("ZZ", "测试")
    assert Team.select().where(Team.estate == made).count() == 2
