"""QR labels: what a phone's camera reads off a sticker is the place's public scan address."""
from io import BytesIO

import zxingcpp
from PIL import Image

from webapp.media import qr
from webapp.models.place import create_place



def decoded(image):
    return [code.text for code in zxingcpp.read_barcodes(image)]


def png_label(client, place):
    response = client.get(f"/places/{place.id}/label.png")
    assert response.status_code == 200
    return Image.open(BytesIO(response.data))


def test_label_png_decodes_to_the_places_scan_url(client, login, estate):
    place = create_place(estate, name="1号楼电梯厅", kind="lift_lobby")
    login("admin")
    assert decoded(png_label(client, place)) == [f"http://127.0.0.1:5000/q/{place.token}"]


def test_label_png_uses_the_public_base_url(app, client, login, estate):
    app.config["PUBLIC_BASE_URL"] = "https://wuye.example.cn/"
    place = create_place(estate, name="会所会议室", kind="meeting_room")
    login("admin")
    assert decoded(png_label(client, place)) == [f"https://wuye.example.cn/q/{place.token}"]


def test_a_new_token_changes_the_encoded_url(client, login, estate):
    place = create_place(estate, name="东门岗亭", kind="checkpoint")
    login("admin")
    before = decoded(png_label(client, place))
    client.post(f"/places/{place.id}/rotation")
    after = decoded(png_label(client, place))
    assert before != after and after[0].startswith("http://127.0.0.1:5000/q/")
    assert place.token not in after[0]


def test_rendered_labels_are_cached():
    url = qr.scan_url("http://127.0.0.1:5000", "cachedToken1")
    assert qr.label_svg(url) is qr.label_svg(url)
    assert qr.label_png(url, "钥匙柜", "扫码报修/求助") is qr.label_png(url, "钥匙柜", "扫码报修/求助")
    assert qr.label_png(url, "钥匙柜", "扫码报修/求助") is not qr.label_png(url, "借用柜", "扫码报修/求助")


def test_label_svg_scales_with_css_and_can_repeat_on_a_page():
    svg = qr.label_svg(qr.scan_url("http://127.0.0.1:5000", "svgToken1"))
    head = svg[:svg.index(">")]
    assert svg.startswith("<svg") and 'viewBox="0 0 ' in head
    assert " width=" not in head and " height=" not in head
    assert " id=" not in svg


def test_label_png_still_renders_without_a_chinese_font(monkeypatch):
    monkeypatch.setattr(qr, "cjk_font_path", lambda: None)
    qr._font.cache_clear()
    try:
        png = qr.label_png.__wrapped__("http://127.0.0.1:5000/q/noFontToken", "设备房", "扫码报修/求助")
    finally:
        qr._font.cache_clear()
    assert decoded(Image.open(BytesIO(png))) == ["http://127.0.0.1:5000/q/noFontToken"]


def test_scan_url_joins_the_public_address_and_the_token():
    assert qr.scan_url("https://wuye.example.cn/", "abc") == "https://wuye.example.cn/q/abc"
    assert qr.scan_url("https://wuye.example.cn", "abc") == "https://wuye.example.cn/q/abc"


def test_codes_for_a_loopback_address_are_flagged_and_public_ones_are_not():
    from webapp.media.qr import scans_nowhere
    assert all(map(scans_nowhere, ("http://127.0.0.1:5000", "http://localhost:8000", "http://0.0.0.0:5000",
                                   "http://[::1]:5000")))
    assert not any(map(scans_nowhere, ("https://wuye.example.cn", "http://192.168.1.20:5000")))
