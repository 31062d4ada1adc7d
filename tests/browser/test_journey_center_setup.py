"""A new estate set up from nothing in real Chromium: the admin creates 星月花园, imports its buildings, units and
two engineers from a workbook, has repairs assigned by name, rosters the first engineer on duty today and puts up a
lift-lobby sticker; a resident reports a repair by it, and it waits for that engineer — not the other — once each
has chosen a password of their own."""
from openpyxl import Workbook

from .journeys import PHONE, SCREENSHOTS, sign_in, sign_in_with

ESTATE = "星月花园"
ENGINEERS = (("xy.li", "李工", "13700002001"), ("xy.zhao", "赵工", "13700002002"))
LOBBY = "1号楼电梯厅"
BROKEN = "1号楼电梯按钮失灵，按了没反应"


def test_new_estate_from_a_workbook_sends_a_sticker_repair_to_the_engineer_rostered_today(
        app, browser, live_server, estate, staff, tmp_path):
    app.config["IMPORT_FOLDER"] = str(tmp_path / "imports")  # as tests/test_import.py: not the project's instance
    admin = sign_in(browser.new_context(), live_server, "admin")

    create_the_estate(admin)
    passwords = import_the_workbook(admin, workbook(tmp_path))
    assign_repairs_by_name(admin)
    roster_the_engineers(admin)
    sticker = put_up_a_sticker(admin)
    number = resident_reports_a_repair(browser.new_context(**PHONE), live_server, sticker)

    (first, first_name, _), (second, second_name, _) = ENGINEERS
    page = sign_in_choosing_a_password(browser, live_server, first, passwords[first])
    held = page.locator("section.card").first
    assert first_name in page.locator("header .who").inner_text()
    assert BROKEN in held.locator(f"#ticket-{number}").inner_text()
    assert "已派单" in held.locator(f"#ticket-{number}").inner_text()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "center-setup-engineer-tickets.png"))

    page = sign_in_choosing_a_password(browser, live_server, second, passwords[second])
    assert second_name in page.locator("header .who").inner_text()
    assert "暂无分派给您的处理单。" in page.locator("section.card").first.inner_text()
    assert page.locator(f"#ticket-{number}").count() == 0 and BROKEN not in page.content()


def open_center_setup(page, link):
    page.locator("header nav").get_by_role("link", name="中心设置").click()
    assert page.locator("main h1").inner_text() == "中心设置"
    page.locator("ul.setup-links").get_by_role("link", name=link).click()


def create_the_estate(admin):
    open_center_setup(admin, "项目、片区与楼栋")
    admin.get_by_role("link", name="添加项目").click()
    admin.fill("input[name=code]", "XY")
    admin.fill("input[name=name]", ESTATE)
    admin.fill("input[name=timezone]", "Asia/Shanghai")
    admin.fill("input[name=public_phone]", "021-55550000")
    admin.click("main button.primary")
    assert f"已创建{ESTATE}及其安防、工程班组；您现在在该项目中工作。" in admin.locator("main").inner_text()
    assert admin.locator("select[name=estate_id] option:checked").inner_text() == ESTATE


def workbook(tmp_path):
    """The center's own spreadsheet: two buildings, five units with owners, two engineers."""
    book = Workbook()
    book.remove(book.active)
    sheets = {
        "楼栋": [["楼栋号", "楼栋名称", "片区"], [1, "1号楼", "东区"], [2, "2号楼", "东区"]],
        "房屋": [["楼栋号", "房号", "楼层", "建筑面积", "业主姓名", "业主电话"],
                 [1, 101, 1, 89.5, "陈一", "13911110101"], [1, 102, 1, 92, "陈二", "13911110102"],
                 [1, 201, 2, 89.5, "林三", "13911110201"], [2, 101, 1, 120, "周四", "13911112101"],
                 [2, 102, 1, 120, "吴五", "13911112102"]],
        "员工": [["用户名", "姓名", "手机", "角色", "班组"]] + [[u, n, m, "工程", ""] for u, n, m in ENGINEERS],
    }
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / "星月花园基础资料.xlsx"
    book.save(path)
    return path


def import_the_workbook(admin, path):
    """Upload, check the preview, confirm; the temporary passwords as the result page shows them."""
    open_center_setup(admin, "从表格导入")
    admin.set_input_files("input[name=sheet]", str(path))
    admin.click("main button.primary")
    assert admin.locator("main h1").first.inner_text() == f"导入预览 · {ESTATE}"
    to_create = [row.inner_text().split("\t")[:2] for row in admin.locator("#import-counts tbody tr").all()]
    assert to_create == [["楼栋", "2"], ["房屋和业主", "5"], ["员工", "2"]], to_create
    for _username, name, _mobile in ENGINEERS:
        assert name in admin.locator("#create-staff").inner_text()
    admin.get_by_role("button", name="导入", exact=True).click()
    assert admin.locator("main h1").first.inner_text() == f"导入完成 · {ESTATE}"
    rows = admin.locator("#passwords tbody tr")
    passwords = {row.locator("td").nth(0).inner_text(): row.locator("code").inner_text() for row in rows.all()}
    assert set(passwords) == {username for username, _name, _mobile in ENGINEERS}
    assert all(len(password) >= 8 for password in passwords.values())
    return passwords


def assign_repairs_by_name(admin):
    open_center_setup(admin, "前台时间、时限与派单方式")
    assert admin.locator("main h1").inner_text() == f"项目设置 · {ESTATE}"
    admin.select_option("select[name='mode-repair-']", "assign")
    admin.click("main button.primary")
    assert "设置已保存。" in admin.locator("main").inner_text()
    repairs = admin.locator("tbody tr", has=admin.locator("select[name='mode-repair-']"))
    assert "派单：指定人员接单" in repairs.locator("td").nth(3).inner_text()


def roster_the_engineers(admin):
    """A day shift taken in turn, counted from today with the first engineer."""
    open_center_setup(admin, "值班排班")
    admin.locator("nav.filters").get_by_role("link", name="工程").click()
    admin.get_by_role("link", name="添加班次").click()
    admin.fill("input[name=name]", "白班")
    admin.fill("input[name=starts]", "08:00")
    admin.fill("input[name=ends]", "20:00")
    admin.click("main button.primary")
    assert "班次已保存。" in admin.locator("main").inner_text()
    day_shift = admin.locator("tr", has_text="白班")
    day_shift.get_by_role("link", name="轮班").click()
    admin.fill("input[name=anchor]", "2026-11-23")
    admin.fill("input[name=days_each]", "1")
    for place, (_username, name, _mobile) in enumerate(ENGINEERS):
        admin.locator("select[name=people]").nth(place).select_option(label=name)
    admin.click("main button.primary")
    assert "轮班已保存。" in admin.locator("main").inner_text()
    week = admin.locator("tr", has_text="白班").locator("td")  # Monday 11/23 (today) first
    assert "11/23" in admin.locator("th.today").inner_text()
    assert [week.nth(day).inner_text().strip(" ✎\n") for day in range(3)] == ["李工", "赵工", "李工"]


def put_up_a_sticker(admin):
    """A lift lobby in building 1; the sticker's address as its edit page links it."""
    open_center_setup(admin, "地点与二维码")
    admin.get_by_role("link", name="添加地点").click()
    admin.fill("input[name=name]", LOBBY)
    admin.select_option("select[name=kind]", label="电梯厅")
    admin.select_option("select[name=building]", label="1号楼")
    admin.fill("input[name=floor]", "1")
    admin.click("main button.primary")
    assert f"已添加{LOBBY}，可在列表中打印其贴纸。" in admin.locator("main").inner_text()
    admin.locator("tr", has_text=LOBBY).get_by_role("link", name="编辑").click()
    link = admin.locator(".sticker-card a[href*='/q/']").get_attribute("href")
    return "/q/" + link.split("/q/", 1)[1]  # the public address's path, served here by the test server


def resident_reports_a_repair(context, base, sticker):
    resident = context.new_page()
    resident.goto(base + sticker)
    assert resident.locator("header h1").inner_text() == LOBBY
    assert ESTATE in resident.locator("header").inner_text()
    resident.fill("textarea[name=description]", BROKEN)
    resident.click("button[name=choice][value=repair]")
    resident.wait_for_url(lambda url: "/t/" in url)
    assert BROKEN in resident.locator("main").inner_text()
    assert "已收到：等待工作人员接单。" in resident.locator("main").inner_text()
    return resident.locator("header h1").inner_text().split("·")[-1].strip()


def sign_in_choosing_a_password(browser, base, username, temporary):
    """First sign-in with the temporary password: sent to choose one's own first, then to their tickets."""
    page = sign_in_with(browser.new_context(**PHONE), base, username, temporary)
    assert "/account/password" in page.url
    assert "请先设置您自己的密码：您收到的是临时密码。" in page.locator("main").inner_text()
    page.fill("input[name=current]", temporary)
    page.fill("input[name=new]", f"{username}-星月-2026")
    page.fill("input[name=repeat]", f"{username}-星月-2026")
    page.click("main button.primary")
    assert "密码已修改，其他设备上的登录已全部退出。" in page.locator("main").inner_text()
    page.get_by_role("link", name="我的处理单").click()
    assert page.locator("main h1").first.inner_text() == "我的处理单"
    return page
