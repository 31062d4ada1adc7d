"""Uploaded photos made safe to keep: upright, at most 1600 px, JPEG, no metadata (so no GPS), with a thumbnail."""
import os
import struct
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from PIL import Image, ImageOps

from ..domain import N_, Refused

MEGABYTE = 1024 * 1024
MAX_BYTES = 15 * MEGABYTE
MAX_SIDE = 1600
THUMB_SIDE = 320
QUALITY = 80
# Pixel budgets, judged from the header, that keep one upload near 150 MB at most (scripts/bench_upload.py).
# A camera's JPEG is scaled by libjpeg as it is read, row by row: about 1 byte a pixel, 45 MB at 50 MP.
MAX_PIXELS = 50_000_000
# Anything else is decoded whole before it is shrunk: about 10 bytes a pixel for PNG and GIF (RGBA and its
# premultiplied copy), 7 for a progressive JPEG (all its DCT coefficients). The largest phone screenshots are 12 MP.
MAX_PIXELS_DECODED_WHOLE = 12_000_000
# WebP's decoder keeps two more canvases beside the picture: about 17 bytes a pixel.
MAX_PIXELS_WEBP = 8_000_000
# Baseline and extended sequential Huffman frames: what cameras write, and what libjpeg can scale as it reads.
SCALABLE_FRAMES = (0xC0, 0xC1)
# What phones and browsers send. Anything else is refused unread: EPS would run Ghostscript, and the
# rarer decoders (TIFF, PSD, ...) are where Pillow's security fixes keep landing.
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
UNNAMED = "This file"

UNREADABLE = N_("%(name)s is not a photo we can read. Use a JPEG or PNG from the camera.")
TOO_LARGE = N_("%(name)s is larger than %(megabytes)s MB.")
TOO_MANY_PIXELS = N_("%(name)s has too many pixels to be a photo.")
TOO_BIG_TO_DECODE = N_("%(name)s is too large a picture (%(width)s × %(height)s pixels). "
                       "Send a photo from the camera or a smaller screenshot.")

# One decoded photo per worker process at a time, however many arrive in one request or in parallel threads.
_DECODING = threading.Lock()


class PhotoRefused(Refused):
    """An upload the desk will not keep; `message` is English, marked for translation, `params` name the file."""


@dataclass(frozen=True)
class StoredPhoto:
    name: str     # path of the full photo under the photo folder, e.g. "2026/11/3f2a….jpg"
    thumb: str    # path of its thumbnail, e.g. "2026/11/3f2a….t.jpg"
    width: int
    height: int
    size: int     # bytes of the full photo
    folder: str = ""  # the photo folder it was written under


def read_upload(stream, max_bytes=MAX_BYTES, name=None):
    """The bytes of an uploaded file, refused when there are more than max_bytes."""
    chunks, size = [], 0
    # A raw stream may return fewer bytes than asked for, so read until the end or one byte past the limit.
    while size <= max_bytes and (chunk := stream.read(max_bytes + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
    if size > max_bytes:
        raise PhotoRefused(TOO_LARGE, name=name or UNNAMED, megabytes=f"{max_bytes / MEGABYTE:g}")
    return b"".join(chunks)


def reencode(data, name=None):
    """The photo as (photo_jpeg, thumb_jpeg, width, height): upright, at most MAX_SIDE, without metadata."""
    name = name or UNNAMED
    try:
        with Image.open(BytesIO(data), formats=FORMATS) as image:
            _check_budget(image, data, name)
            with _DECODING:
                photo = _decode(image)
                thumb = photo.copy()
                thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
                return _jpeg(photo), _jpeg(thumb), photo.width, photo.height
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRefused(TOO_MANY_PIXELS, name=name)
    except (OSError, SyntaxError, ValueError, EOFError, struct.error):
        raise PhotoRefused(UNREADABLE, name=name)


def store(data, folder, now: datetime, name=None):
    """Re-encode a photo and write it and its thumbnail under folder/YYYY/MM/ with a random name."""
    photo, thumb, width, height = reencode(data, name)
    stem = f"{now:%Y/%m}/{uuid.uuid4().hex}"
    os.makedirs(os.path.join(folder, f"{now:%Y/%m}"), exist_ok=True)
    _write(os.path.join(folder, stem + ".jpg"), photo)
    try:
        _write(os.path.join(folder, stem + ".t.jpg"), thumb)
    except OSError:
        os.remove(os.path.join(folder, stem + ".jpg"))
        raise
    return StoredPhoto(name=stem + ".jpg", thumb=stem + ".t.jpg", width=width, height=height, size=len(photo),
                       folder=folder)


def _check_budget(image, data, name):
    """Refuse, from the header alone, a picture whose decoding would cost more than its kind's budget."""
    # Only the first frame of an animation is decoded; its size is the one the header gives.
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise PhotoRefused(TOO_MANY_PIXELS, name=name)
    if width * height > _budget(image, data):
        raise PhotoRefused(TOO_BIG_TO_DECODE, name=name, width=width, height=height)


def _budget(image, data):
    """The most pixels this kind of picture may have."""
    if image.format == "WEBP":
        return MAX_PIXELS_WEBP
    if image.format in ("JPEG", "MPO") and _scaled_while_read(data):
        return MAX_PIXELS
    return MAX_PIXELS_DECODED_WHOLE


def _scaled_while_read(data):
    """Whether a JPEG is sequential with every component in its first scan, so libjpeg decodes it row by row."""
    # Progressive and multi-scan JPEGs keep every DCT coefficient of the frame in memory (up to 6 bytes a
    # pixel) whatever the draft scale; lossless ones cannot be scaled at all.
    at, components = 2, None
    while at + 4 < len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker == 0xFF:
            at += 1
        elif marker == 0xDA:
            return components == data[at + 4]
        else:
            if marker in SCALABLE_FRAMES:
                components = data[at + 9] if at + 9 < len(data) else None
            elif 0xC2 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                return False
            at += 2 + int.from_bytes(data[at + 2:at + 4], "big")
    return False


def _decode(image):
    """The upright RGB pixels of image, at most MAX_SIDE, decoded only as finely as that needs."""
    image.draft("RGB", _draft_box(image.size))
    image.load()
    image = _resizable(image)
    # Shrunk before anything else, so turning and flattening work on the small copy.
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    return _rgb(ImageOps.exif_transpose(image))


def _draft_box(size):
    """The size, in the stored orientation and aspect, that gives MAX_SIDE on the long side."""
    # Rounded up: JPEG draft shrinks by 1/2, 1/4 or 1/8 only while the result stays at least this box,
    # and never enlarges, so a smaller photo is decoded as it is.
    return tuple(max(1, -(-side * MAX_SIDE // max(size))) for side in size)


def _resizable(image):
    """The image in a mode Pillow resizes smoothly (palette and 1-bit ones are only resized pixel by pixel)."""
    if image.mode.startswith("I;16"):
        # 16-bit greys: converted as they are, every value above 255 would turn white.
        return image.point(lambda value: value / 256).convert("L")
    if image.mode in ("P", "PA"):
        return image.convert("RGBA" if image.has_transparency_data else "RGB")
    return image.convert("L") if image.mode == "1" else image


def _rgb(image):
    """The image in RGB, transparent parts on white."""
    if image.mode.startswith("I"):
        return image.convert("I").point(lambda value: value / 256).convert("RGB")
    if image.has_transparency_data:
        white = Image.new("RGBA", image.size, "white")
        return Image.alpha_composite(white, image.convert("RGBA")).convert("RGB")
    return image if image.mode == "RGB" else image.convert("RGB")


def _jpeg(image):
    """The image as JPEG bytes with no metadata."""
    # The source's EXIF (GPS), XMP and comments ride along in .info, and JPEG save reuses the comment.
    image.info.clear()
    out = BytesIO()
    image.save(out, "JPEG", quality=QUALITY, optimize=True)
    return out.getvalue()


def _write(path, data):
    """Write data to path whole or not at all."""
    part = path + ".part"
    try:
        with open(part, "xb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(part, path)
    except BaseException:
        if os.path.exists(part):
            os.remove(part)
        raise
