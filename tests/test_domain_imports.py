"""The row rules of a spreadsheet import, without a database."""
import pytest

from webapp.domain import Refused
from webapp.domain.import_plan import plan
from webapp.domain.imports import building_number, check_sheet, floor_area, header_map, unit_of, yes_no
from webapp.media.sheets import MAX_ROWS, read_upload

NOTHING = {"buildings": {}, "areas": [], "units": {}, "staff": {}, "mobiles": {}}


def test_titles_are_read_in_chinese_or_english_whatever_the_case_and_spaces():
    assert header_map("units", [" 楼栋号 ", "Unit Number", "建筑面积(m²)", "OWNER  NAME"]) == \
        {"building": 0, "unit": 1, "floor_area": 2, "owner_name": 3}


def test_a_sheet_without_a_required_column_is_refused_naming_it():
    with pytest.raises(Refused) as refused:
        header_map("staff", ["用户名", "姓名"])
    assert refused.value.params == {"columns": "角色"}


@pytest.mark.parametrize("text, number", [("2", 2), ("2号楼", 2), ("12栋", 12), ("3#", 3)])
def test_a_building_is_named_by_its_number_as_people_write_it(text, number):
    assert building_number(text) == number


@pytest.mark.parametrize("text", ["", "0", "A座", "1000", "2.5"])
def test_anything_else_is_no_building_number(text):
    with pytest.raises(Refused):
        building_number(text)


def test_a_unit_is_its_full_number_or_its_room_in_the_building():
    assert unit_of(2, "1503") == unit_of(2, "2-1503") == unit_of(2, "2栋1503") == "2-1503"
    with pytest.raises(Refused):
        unit_of(3, "2-1503")


@pytest.mark.parametrize("text, kept", [("89.5", "89.50"), ("120", "120.00"), ("0", "0.00"), ("89.500", "89.50"),
                                        ("", None)])
def test_a_floor_area_is_kept_to_the_cent(text, kept):
    assert floor_area(text) == kept


@pytest.mark.parametrize("text", ["-1", "89.123", "NaN", "1e5", "大"])
def test_a_floor_area_that_is_negative_or_finer_than_a_cent_is_refused(text):
    with pytest.raises(Refused):
        floor_area(text)


def test_yes_and_no_in_chinese_or_english_and_empty_is_not_given():
    assert [yes_no(t) for t in ("是", "否", "Yes", "n", "")] == [True, False, True, False, None]
    with pytest.raises(Refused):
        yes_no("也许")


def test_a_floor_that_is_not_a_whole_number_is_refused_and_an_empty_one_comes_from_the_room():
    rows = [(1, ["楼栋号", "房号", "楼层"]), (2, [1, 1503, "15.5"]), (3, [1, 1504, None])]
    records, refusals = check_sheet("units", rows, {})
    assert refusals[0]["row"] == 2 and "whole number" in refusals[0]["message"]
    assert plan({"units": records}, [], {**NOTHING, "buildings": {1: {"id": 1, "name": "1", "area": None}}}
                )["create"]["units"][0]["floor"] == 15


def test_roles_are_known_by_their_chinese_names_and_an_admin_is_never_imported():
    rows = [(1, ["username", "name", "role", "team"]), (2, ["a1", "甲", "客服前台", ""]), (3, ["a2", "乙", "工程", ""]),
            (4, ["a3", "丙", "系统管理员", ""]), (5, ["a4", "丁", "一线员工", "cleaning"])]
    records, refusals = check_sheet("staff", rows, {"security": "security", "engineering": "engineering",
                                                    "cleaning": "cleaning"})
    assert [(r["role"], r["team"]) for r in records] == [
        ("front_desk", None), ("engineering", "engineering"), ("field", "cleaning")]
    assert [r["row"] for r in refusals] == [4]


def test_a_mobile_already_someone_elses_is_refused():
    records, _ = check_sheet("staff", [(1, ["用户名", "姓名", "手机", "角色"]), (2, ["a1", "甲", "13800000001", "安防"])], {})
    made = plan({"staff": records}, [], {**NOTHING, "mobiles": {"13800000001": "desk"}})
    assert made["refused"][0]["params"] == {"mobile": "13800000001"}


def test_a_csv_in_gbk_and_one_with_a_byte_order_mark_read_alike():
    text = "楼栋号,楼栋名称\r\n1,一号楼\r\n"
    assert read_upload(text.encode("gb18030"), "buildings", {}, ("buildings",)) == \
        read_upload(b"\xef\xbb\xbf" + text.encode(), "buildings", {}, ("buildings",)) == \
        {"buildings": [(1, ["楼栋号", "楼栋名称"]), (2, ["1", "一号楼"])]}


def test_a_file_of_too_many_rows_is_refused_before_it_is_checked():
    data = ("楼栋号,楼栋名称\n" + "1,x\n" * (MAX_ROWS + 1)).encode()
    with pytest.raises(Refused):
        read_upload(data, "buildings", {}, ("buildings",))


def test_a_zip_bomb_is_refused_by_its_unpacked_size_before_it_is_read():
    import io
    import zipfile
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (41 * 1024 * 1024))
    with pytest.raises(Refused) as refused:
        read_upload(out.getvalue(), "units", {}, ("units",))
    assert "unpacks" in refused.value.message
