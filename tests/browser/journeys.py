"""What the browser journeys share: a phone's screen, signing in, tapping a choice, a camera photo."""
from pathlib import Path

from PIL import Image

from .. import factories

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
SCREENSHOTS = Path(__file__).parent / "screenshots"


def sign_in(context, base, username):
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button.primary")
    page.wait_for_url(lambda url: "/login" not in url)
    return page


def choose(page, name, value):
    """Tap the visible label of a radio choice, as a person does."""
    page.locator("label", has=page.locator(f"input[name={name}][value={value}]")).click()


def camera_photo(tmp_path):
    path = tmp_path / "IMG_2041.jpg"
    Image.new("RGB", (2000, 1500), (90, 140, 200)).save(path, "JPEG")
    return path


def sign_in_with(context, base, login, password):
    """Sign in with a password of one's own (e.g. a temporary one read off a page), not the shared test one."""
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", password)
    page.click("button.primary")
    page.wait_for_url(lambda url: "/login" not in url)
    return page
