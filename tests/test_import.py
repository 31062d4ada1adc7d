"""Setting an estate up from its spreadsheets: a preview that writes nothing and says why each refused row is
refused, a confirmation that writes everything or nothing, staff with temporary passwords, templates."""
import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook
from peewee import IntegrityError

from webapp import clock
from webapp.models import AuditEntry, Building, Membership, Owner, Staff, Unit

from . import factories
from .conftest import DESK_HOURS_UTC

UNIT_TITLES = ["楼栋号", "房号", "楼层", "建筑面积", "业主姓名", "业主电话", "重要业主", "空置", "备注"]


def workbook(**sheets):
    """An XLSX file's bytes with a sheet per keyword (title: rows)."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows, encoding="utf-8-sig"):
    return "\r\n".join(",".join(str(c) for c in row) for row in rows).encode(encoding)


@pytest.fixture
def admin(app, client, login, tmp_path):
    app.config["IMPORT_FOLDER"] = str(tmp_path / "imports")
    client.get("/lang/en")
    return login("admin")


def upload(client, data, name="estate.xlsx", kind="units"):
    return client.post("/imports/", data={"sheet": (io.BytesIO(data), name), "kind": kind},
                       content_type="multipart/form-data")


def plan_id(response):
    return re.search(r'name="plan" type="hidden" value="([^"]+)"', response.get_data(as_text=True)).group(1)


def confirm(client, preview):
    return client.post("/imports/confirm", data={"plan": plan_id(preview)})


def test_preview_says_why_each_refused_row_is_refused_and_writes_nothing(client, admin, estate):
    units = Unit.select().count()
    data = workbook(房屋=[UNIT_TITLES, [9, 101, 1, 80, "王五", "13911112222"], [2, 2401, "", "", "赵六", "13911113333"],
                        [2, "2-2401", "", "", "钱七", "13911114444"], [2, 2402, "", "", "孙八", "call me"]])
    response = upload(client, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Building 9 is neither in the file nor in the estate." in page
    assert "Unit 2-2401 is already on row 3." in page
    assert "call me does not look like a phone number." in page
    assert re.search(r"<td>\s*2\s*</td>\s*<td>\s*Building 9", page.replace("<td>Units and owners</td>", ""))
    assert "disabled" in page
    assert Unit.select().count() == units and not Owner.select().where(Owner.name == "赵六").exists()


def test_confirm_is_refused_while_any_row_is_refused(client, admin, estate):
    preview = upload(client, workbook(房屋=[UNIT_TITLES, [2, 2401, "", "", "赵六", "13911113333"],
                                          [9, 101, "", "", "王五", ""]]))
    response = confirm(client, preview)
    assert response.status_code == 422
    assert "Some rows were refused" in response.get_data(as_text=True)
    assert Unit.find(estate, "2-2401") is None


def test_a_clean_workbook_creates_buildings_units_and_owners_in_one_go(client, admin, estate):
    data = workbook(
        units=[UNIT_TITLES + ["业主2姓名", "业主2电话"],
               [3, 101, "", "89.5", "周一", "13900003101", "是", "否", "养狗", "周二", "13900003102"],
               ["3号楼", "3-102", 1, "", "吴三", "13900003103", "", "是"]],
        buildings=[["楼栋号", "楼栋名称", "片区"], [3, "3号楼", "三区"]])
    preview = upload(client, data)
    assert preview.status_code == 200 and "disabled" not in preview.get_data(as_text=True)
    response = confirm(client, preview)
    assert response.status_code == 200
    building = Building.get(Building.estate == estate, Building.number == 3)
    assert building.area.name == "三区"
    first, second = Unit.find(estate, "3-101"), Unit.find(estate, "3-102")
    assert (first.floor, first.floor_area, first.important, first.vacant) == (1, Decimal("89.50"), True, False)
    assert [(o.name, o.phone, o.notes) for o in first.owners.order_by(Owner.id)] == \
        [("周一", "13900003101", "养狗"), ("周二", "13900003102", "")]
    assert second.vacant and second.building_id == building.id
    summary = AuditEntry.get(AuditEntry.subject == "import")
    assert '"units_created": 2' in summary.after and summary.staff_id == admin.id
    assert AuditEntry.select().where(AuditEntry.subject == "unit", AuditEntry.action == "create").count() == 2


def test_an_import_that_fails_midway_leaves_nothing_behind(client, admin, estate, monkeypatch):
    preview = upload(client, workbook(楼栋=[["楼栋号", "楼栋名称"], [3, "3号楼"]],
                                      房屋=[UNIT_TITLES, [3, 101, "", "", "周一", "13900003101"]]))

    def conflict(*args, **kwargs):
        raise IntegrityError("duplicate owner")  # as a row saved meanwhile by someone else would
    monkeypatch.setattr(Owner, "insert_many", conflict)
    response = confirm(client, preview)
    assert response.status_code == 422
    assert "The estate changed since the preview" in response.get_data(as_text=True)
    assert not Building.select().where(Building.number == 3).exists() and Unit.find(estate, "3-101") is None
    assert not AuditEntry.select().where(AuditEntry.subject == "import").exists()


def test_a_unit_added_by_someone_else_since_the_preview_stops_the_whole_import(client, admin, estate):
    preview = upload(client, csv_bytes([UNIT_TITLES, [1, 401, 4, "", "周一", "13900001401"],
                                        [1, 402, 4, "", "周二", "13900001402"]]), name="units.csv")
    Unit.create(estate=estate, building=Building.get(number=1), number="1-402", floor=4)
    response = confirm(client, preview)
    assert response.status_code == 422 and "changed since the preview" in response.get_data(as_text=True)
    assert Unit.find(estate, "1-401") is None


def test_a_new_owner_of_an_existing_unit_shows_as_an_update_with_what_changes(client, admin, estate):
    preview = upload(client, csv_bytes([UNIT_TITLES, [1, 101, "", "", "新业主", "13911112222"]]), name="u.csv")
    page = preview.get_data(as_text=True)
    assert 'id="update-units"' in page and 'id="create-units"' not in page
    assert "业主111 13900001101 → 新业主 13911112222" in page
    assert confirm(client, preview).status_code == 200
    assert Unit.find(estate, "1-101").first_owner.name == "新业主"
    assert Unit.find(estate, "1-101").owners.count() == 1


def test_a_csv_saved_by_excel_in_china_in_gbk_is_read(client, admin, estate):
    data = csv_bytes([["楼栋号", "楼栋名称", "片区"], [5, "五号楼（商铺）", "商业区"]], encoding="gb18030")
    preview = upload(client, data, name="楼栋.csv", kind="buildings")
    assert "五号楼（商铺）" in preview.get_data(as_text=True)
    assert confirm(client, preview).status_code == 200
    assert Building.get(number=5).name == "五号楼（商铺）"


def test_new_staff_sign_in_with_their_temporary_password_and_must_change_it(client, admin, estate):
    data = workbook(员工=[["用户名", "姓名", "手机", "角色", "班组"], ["lisi", "李四", "13811112222", "安防", ""],
                        ["wangwu", "王五", "", "Front desk", ""]])
    preview = upload(client, data)
    assert "disabled" not in preview.get_data(as_text=True)
    done = confirm(client, preview)
    assert done.status_code == 200 and done.headers["Cache-Control"] == "no-store"
    password = re.search(r"<td>lisi</td><td>李四</td><td><code>([^<]+)</code>", done.get_data(as_text=True)).group(1)
    assert len(password) >= 12
    lisi = Staff.get(Staff.username == "lisi")
    assert (lisi.role, lisi.team, lisi.must_change_password) == ("security", "security", True)
    assert Membership.select().where(Membership.staff == lisi, Membership.estate == estate).exists()
    client.post("/logout")
    assert client.post("/login", data={"login": "13811112222", "password": password}).status_code == 302


def test_an_unknown_role_or_team_is_refused_with_its_name(client, admin, estate):
    page = upload(client, workbook(staff=[["username", "name", "role", "team"], ["a1", "甲", "boss", ""],
                                          ["a2", "乙", "一线员工", "绿化"]])).get_data(as_text=True)
    assert "Unknown role boss" in page and "There is no team 绿化 in this estate." in page


@pytest.mark.parametrize("plan", ["x" * 32, "../../secret_key", ""])
def test_a_forged_preview_id_gets_a_clear_message(client, admin, estate, plan):
    response = client.post("/imports/confirm", data={"plan": plan})
    assert response.status_code == 422
    assert "This preview is no longer available" in response.get_data(as_text=True)


def test_a_preview_expires_after_thirty_minutes(client, admin, estate):
    preview = upload(client, csv_bytes([UNIT_TITLES, [1, 401, 4, "", "周一", "13900001401"]]), name="u.csv")
    with clock.frozen_at(DESK_HOURS_UTC + timedelta(minutes=31)):
        response = confirm(client, preview)
    assert response.status_code == 422 and "no longer available" in response.get_data(as_text=True)
    assert Unit.find(estate, "1-401") is None


def test_someone_elses_preview_cannot_be_confirmed(app, client, admin, estate, staff):
    preview = upload(client, csv_bytes([UNIT_TITLES, [1, 401, 4, "", "周一", "13900001401"]]), name="u.csv")
    other = app.test_client()
    other.post("/login", data={"login": "head", "password": factories.PASSWORD})
    other.get("/lang/en")
    assert other.post("/imports/confirm", data={"plan": plan_id(preview)}).status_code == 422
    assert Unit.find(estate, "1-401") is None


@pytest.mark.parametrize("data, name", [(b"\xff\xd8\xff\xe0 a photo", "photo.jpg"), (b"PK\x03\x04broken", "x.xlsx"),
                                        (b"\xd0\xcf\x11\xe0old excel", "old.xls"), (b"", "empty.csv")])
def test_a_file_that_is_no_spreadsheet_gets_422_and_a_message(client, admin, estate, data, name):
    response = upload(client, data, name=name)
    assert response.status_code == 422
    assert 'class="flash error"' in response.get_data(as_text=True)


def test_only_admins_and_the_center_head_import(client, login, estate):
    login("desk")
    assert client.get("/imports/").status_code == 403


def test_the_template_workbook_has_three_sheets_and_imports_cleanly(client, admin, estate):
    response = client.get("/imports/template")
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    assert book.sheetnames == ["楼栋", "房屋", "员工"]
    assert [c.value for c in next(book["房屋"].iter_rows(max_row=1))][:3] == ["楼栋号", "房号", "楼层"]
    preview = upload(client, response.data)
    assert preview.status_code == 200 and 'id="refused"' not in preview.get_data(as_text=True)
    csv_template = client.get("/imports/template?kind=staff")
    assert csv_template.get_data(as_text=True).startswith("\ufeff用户名,姓名,手机,角色,班组")
