"""A guard scans stickers in the app (/scan): Chromium's fake camera plays a real place's sticker and the guard lands
on the place's staff page; a typed short address does the same; garbage and other codes are named as not ours; a
page that cancels `scanner:found` (the round page) stays where it is."""
from io import BytesIO

import pytest
import qrcode
from PIL import Image

from webapp.models.place import create_place

from .conftest import CHROMIUM, CHROMIUM_ARGS, _unavailable
from .journeys import PHONE, sign_in

FAKE_CAMERA = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
FRAME = (640, 480)
SCANNER = "[data-scanner]"


def camera_file(path, images):
    """A YUV4MPEG2 (4:2:0) clip showing each image for one second, as Chromium's fake camera plays (and loops) it."""
    with open(path, "wb") as out:
        out.write(b"YUV4MPEG2 W%d H%d F1:1 Ip A1:1 C420\n" % FRAME)
        for image in images:
            frame = Image.new("RGB", FRAME, "white")
            image = image.convert("RGB")
            image.thumbnail((FRAME[0] - 40, FRAME[1] - 40))
            frame.paste(image, ((FRAME[0] - image.width) // 2, (FRAME[1] - image.height) // 2))
            y, cb, cr = frame.convert("YCbCr").split()
            half = (FRAME[0] // 2, FRAME[1] // 2)
            out.write(b"FRAME\n" + y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes())
    return path


@pytest.fixture
def checkpoint(estate):
    return create_place(estate, name="B2车库巡查点", kind="checkpoint", building=estate.buildings.first(), floor=-2)


@pytest.fixture
def sticker_png(client, login, checkpoint):
    """The sticker PNG the center sends by chat or prints, as the places page gives it."""
    login("cshead")
    response = client.get(f"/places/{checkpoint.id}/label.png")
    assert response.status_code == 200
    return Image.open(BytesIO(response.data))


@pytest.fixture
def camera_browser(playwright, tmp_path, sticker_png):
    """Chromium whose camera shows another app's QR code for two seconds, then the checkpoint's sticker."""
    wechat = qrcode.make("https://u.wechat.com/EK3z9AbQ1bT0Gc").get_image()
    clip = camera_file(tmp_path / "camera.y4m", [wechat, wechat, sticker_png, sticker_png])
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS + FAKE_CAMERA
                                              + [f"--use-file-for-fake-video-capture={clip}"])
    except Exception as error:
        _unavailable(repr(error))
    yield chromium
    chromium.close()


def test_guard_scans_a_sticker_with_the_camera_and_lands_on_its_place(camera_browser, live_server, checkpoint):
    page = sign_in(camera_browser.new_context(**PHONE, permissions=["camera"]), live_server, "guard")
    page.goto(f"{live_server}/scan")
    page.click("[data-scanner-open]")

    message = page.locator(".scanner-message")
    message.wait_for(state="visible", timeout=5000)  # the other app's code comes first: named, and scanning goes on
    assert message.inner_text() == page.get_attribute(SCANNER, "data-not-ours")
    # This Chromium has no BarcodeDetector: the page reads frames with jsQR, loaded only now.
    assert page.get_attribute(SCANNER, "data-decoder") == "jsqr"
    page.wait_for_url(f"**/q/{checkpoint.token}/staff", timeout=5000)
    assert "B2车库巡查点" in page.locator("h1").inner_text()


@pytest.fixture
def scanner_page(browser, live_server, staff):
    page = sign_in(browser.new_context(**PHONE), live_server, "guard")
    page.goto(f"{live_server}/scan")
    return page


def test_typing_the_short_address_under_the_sticker_opens_its_place(scanner_page, live_server, app, checkpoint):
    short_url = f"{app.config['PUBLIC_BASE_URL'].partition('://')[2]}/q/{checkpoint.token}"
    scanner_page.fill("input[name=code]", short_url)
    scanner_page.click(".scanner-typed button")
    scanner_page.wait_for_url(f"**/q/{checkpoint.token}/staff")
    assert "B2车库巡查点" in scanner_page.locator("h1").inner_text()


def test_typing_garbage_says_it_is_not_a_sticker_code(scanner_page):
    scanner_page.fill("input[name=code]", "扫不出来 12")
    scanner_page.press("input[name=code]", "Enter")
    message = scanner_page.locator(".scanner-message")
    message.wait_for(state="visible")
    assert message.inner_text() == scanner_page.get_attribute(SCANNER, "data-not-typed")
    assert scanner_page.url.endswith("/scan")


def test_a_page_that_cancels_the_read_keeps_the_guard_on_it(scanner_page, checkpoint):
    scanner_page.evaluate("""() => document.addEventListener('scanner:found', (event) => {
        event.preventDefault(); window.read = event.detail; })""")
    scanner_page.fill("input[name=code]", checkpoint.token)
    scanner_page.click(".scanner-typed button")
    scanner_page.wait_for_function("() => window.read")
    assert scanner_page.evaluate("() => window.read") == {"text": checkpoint.token, "token": checkpoint.token,
                                                          "via": "typed"}
    assert scanner_page.url.endswith("/scan")


def test_a_phone_without_a_camera_says_so_and_keeps_the_typed_code(scanner_page):
    scanner_page.click("[data-scanner-open]")
    message = scanner_page.locator(".scanner-message")
    message.wait_for(state="visible")
    assert message.inner_text() == scanner_page.get_attribute(SCANNER, "data-no-camera")
    assert scanner_page.locator("input[name=code]").is_visible()


# Android's Chrome has BarcodeDetector and this Chromium has none: a stand-in with the platform's interface, which
# sees nothing in the first frames and then the sticker, as the platform's detector would.
BARCODE_DETECTOR = """
window.BarcodeDetector = class {
  static async getSupportedFormats() { return ['qr_code', 'ean_13']; }
  constructor(options) { window.detectorFormats = options.formats; this.frames = 0; }
  async detect(video) {
    this.frames += 1;
    return this.frames < 3 || !video.videoWidth ? [] : [{rawValue: '%s', format: 'qr_code'}];
  }
};
"""


def test_a_phone_with_barcode_detector_reads_with_it_and_never_loads_jsqr(camera_browser, live_server, checkpoint):
    context = camera_browser.new_context(**PHONE, permissions=["camera"])
    context.add_init_script(BARCODE_DETECTOR % f"http://localhost/q/{checkpoint.token}")
    page = sign_in(context, live_server, "guard")
    asked = []  # what the page asks for (the service worker's shell precache, jsQR in it, is not the page's)
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{live_server}/scan")
    page.click("[data-scanner-open]")
    page.wait_for_url(f"**/q/{checkpoint.token}/staff", timeout=10000)
    assert "B2车库巡查点" in page.locator("h1").inner_text()
    assert [url for url in asked if url.endswith("/scan")] and not [url for url in asked if "jsqr" in url.lower()]
