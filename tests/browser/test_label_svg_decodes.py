"""QR stickers as Chromium draws them: the inline SVG and the printed A4 sheet decode to the scan addresses."""
from io import BytesIO

import zxingcpp
from PIL import Image

from webapp.media import qr
from webapp.domain.places import PLACE_KINDS
from webapp.models.keys import create_key
from webapp.models.place import create_place

# Shared with the journey test; it would sit better in conftest.py.
from .journeys import SCREENSHOTS, sign_in

# A4 at 96 CSS px per inch: 210 x 297 mm.
A4 = {"width": 794, "height": 1123}
MM = 96 / 25.4


def decoded(png):
    return sorted(code.text for code in zxingcpp.read_barcodes(Image.open(BytesIO(png))))


def test_label_svg_drawn_by_chromium_decodes_to_the_scan_url(browser):
    url = qr.scan_url("http://127.0.0.1:5000", "Svg-Token_9x")
    page = browser.new_page()
    page.set_content(f'<body style="margin:0;background:#fff"><div style="width:40mm;height:40mm">'
                     f'<style>svg{{width:100%;height:100%}}</style>{qr.label_svg(url)}</div></body>')
    assert decoded(page.screenshot()) == [url]
    page.close()


def test_printed_label_sheet_is_a_grid_of_40mm_codes_without_the_app_bar(browser, live_server, estate, staff):
    places = [create_place(estate, name=name, kind=kind) for name, kind in zip(
        ("3号会议室", "1号楼电梯厅", "中心花园", "前台钥匙柜", "雨伞借用柜", "东门巡查点", "地下水泵房"), PLACE_KINDS)]
    page = sign_in(browser.new_context(viewport=A4), live_server, "cshead")
    page.goto(f"{live_server}/places/")
    for place in places:
        page.check(f"input[name=ids][value='{place.id}']")
    page.click("form[action$='/places/labels'] button.primary")
    page.wait_for_url("**/places/labels?ids=*")
    page.emulate_media(media="print")

    assert not page.locator("header.bar").is_visible()
    assert page.locator(".sticker").count() == len(places)
    box = page.locator(".sticker svg").first.bounding_box()
    assert abs(box["width"] - 40 * MM) < 2 and abs(box["height"] - 40 * MM) < 2
    assert page.locator(".sticker .call").first.inner_text() == "扫码报修/求助"
    SCREENSHOTS.mkdir(exist_ok=True)
    shot = page.screenshot(path=str(SCREENSHOTS / "label-sheet-print.png"), full_page=True)
    assert decoded(shot) == sorted(f"http://127.0.0.1:5000/q/{p.token}" for p in places)


def test_printed_key_tags_are_22mm_codes_of_each_keys_own_address(browser, live_server, estate, staff):
    keys = [create_key(estate, label, hook=hook) for label, hook in (("消防控制室", "B3"), ("垃圾房", "B4"))]
    create_key(estate, "车库岗亭", hook="C4")  # not ticked: not printed
    # A printer's resolution, not a screen's: 22 mm is ~83 CSS px, so draw at twice that.
    page = sign_in(browser.new_context(viewport=A4, device_scale_factor=2), live_server, "desk")
    page.goto(f"{live_server}/keys/")
    for key in keys:
        page.check(f"input[name=ids][value='{key.id}']")
    page.click("form[action$='/keys/tags'] button.primary")
    page.wait_for_url("**/keys/tags?ids=*")
    page.emulate_media(media="print")

    box = page.locator(".tag svg").first.bounding_box()
    assert abs(box["width"] - 22 * MM) < 2 and page.locator(".tag").count() == 2
    assert decoded(page.screenshot(full_page=True)) == sorted(f"http://127.0.0.1:5000/k/{k.token}" for k in keys)
