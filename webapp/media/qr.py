"""QR stickers for places and tags for keys and items: the public scan address, and the label drawn as inline SVG or as a PNG."""
import shutil
import subprocess
from functools import lru_cache
from io import BytesIO
from ipaddress import ip_address
from urllib.parse import urlsplit

import qrcode
from PIL import Image, ImageDraw, ImageFont
from qrcode.image.svg import SvgPathFillImage

# Fonts with Chinese glyphs, most likely first; fontconfig is asked only when none of these is there.
CJK_FONTS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
             "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
             "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc")
MODULE_PX = 10    # one QR module in the PNG
MARGIN_PX = 40
TITLE_PX = 44
SUBTITLE_PX = 30


def scan_url(base_url, token, prefix="q"):
    """The public address a code carries: <PUBLIC_BASE_URL>/q/<token> for a place's sticker,
    /k/<token> for a key's tag, /i/<token> for an item's tag."""
    return f"{base_url.rstrip('/')}/{prefix}/{token}"


def scans_nowhere(base_url):
    """Whether codes made for this address would open nothing on a resident's phone (a loopback address)."""
    host = (urlsplit(base_url).hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback or ip_address(host).is_unspecified
    except ValueError:
        return False


def _code(url, image_factory=None):
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=MODULE_PX,
                         image_factory=image_factory)
    code.add_data(url)
    code.make(fit=True)
    return code.make_image()


class _ScalableSvg(SvgPathFillImage):
    """qrcode's one-path SVG on white, sized by CSS (viewBox only) and without an id, so many fit on a page."""

    def _svg(self, **kwargs):
        svg = super()._svg(**kwargs)
        del svg.attrib["width"], svg.attrib["height"]
        svg.set("shape-rendering", "crispEdges")  # no anti-aliased seams between modules
        return svg

    def process(self):
        super().process()
        del self.path.attrib["id"]


@lru_cache(maxsize=1024)
def label_svg(url):
    """The QR code of `url` as an inline <svg> element that scales to whatever box CSS gives it."""
    return _code(url, _ScalableSvg).to_string(encoding="unicode")


@lru_cache(maxsize=256)
def label_png(url, title, subtitle):
    """A sticker to send by chat: the QR code of `url` on white with the place's name and a call to scan."""
    code = _code(url).get_image().convert("L")
    title_font, subtitle_font = _font(TITLE_PX), _font(SUBTITLE_PX)
    probe = ImageDraw.Draw(code)
    widths = [probe.textlength(text, font=font) for text, font in ((title, title_font), (subtitle, subtitle_font))]
    width = max(code.width, int(max(widths)) + 2 * MARGIN_PX)
    height = code.height + TITLE_PX + SUBTITLE_PX + 2 * MARGIN_PX
    label = Image.new("L", (width, height), 255)
    label.paste(code, ((width - code.width) // 2, 0))
    draw = ImageDraw.Draw(label)
    # The QR code's own quiet zone is the top margin of the text.
    draw.text((width / 2, code.height), title, fill=0, font=title_font, anchor="mt")
    draw.text((width / 2, code.height + TITLE_PX + MARGIN_PX // 2), subtitle, fill=51, font=subtitle_font,
              anchor="mt")
    out = BytesIO()
    label.save(out, "PNG")
    return out.getvalue()


@lru_cache(maxsize=4)
def _font(size):
    path = cjk_font_path()
    if path:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            pass
    # Latin only: Chinese comes out as boxes, but the code itself still scans.
    return ImageFont.load_default(size)


@lru_cache(maxsize=1)
def cjk_font_path():
    """A font file with Chinese glyphs, or None when the machine has none."""
    for path in CJK_FONTS:
        try:
            with open(path, "rb"):
                return path
        except OSError:
            continue
    # `fc-match :lang=zh` may answer a Latin font; `fc-list :lang=zh` lists only fonts that cover Chinese.
    if not shutil.which("fc-list"):
        return None
    try:
        listed = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=5).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = sorted(line.rstrip(": ").strip() for line in listed.splitlines() if line.strip())
    return files[0] if files else None
