"""What one photo upload costs a worker: the peak memory and the time of re-encoding it, each photo in a fresh
process that has imported the app, as a gunicorn worker has.

Memory is the growth of the process's resident set, from after the import to its peak (VmHWM) once the photo's
bytes were read and re-encoded: Pillow decodes in C, so tracemalloc would not see it. Photos over the pixel
budget are refused from their header; their row shows what the refusal costs.
Ends with `name: value` lines: upload_peak_mb_<photo> and upload_ms_<photo>. Goal: at most 150 MB at 50 MP JPEG.

    .venv/bin/python scripts/bench_upload.py
"""
import functools
import io
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
GOAL_MB = 150


def scene(size):
    """Something with the grain and gradients of a photo, so the JPEG costs what a camera's would."""
    from PIL import Image
    grain = Image.effect_noise((size[0] // 2, size[1] // 2), 30).resize(size, Image.Resampling.BILINEAR)
    return Image.merge("RGB", (Image.linear_gradient("L").resize(size), grain,
                               Image.radial_gradient("L").resize(size)))


def screenshot(size):
    """A screen capture with a transparent margin: the costliest layout a PNG under the budget can have."""
    from PIL import Image, ImageDraw
    image = Image.new("RGBA", size, (245, 245, 245, 255))
    draw = ImageDraw.Draw(image)
    for top in range(0, size[1], 48):
        draw.rectangle((40, top, size[0] - 40, top + 30), fill=(30, 30, 30, 255))
    draw.rectangle((0, 0, 20, size[1]), fill=(0, 0, 0, 0))
    return image


def photos():
    """(label, key, builder) of each photo measured: the camera's, then the costliest of each kind at its budget."""
    from PIL import Image
    camera = functools.cache(scene)
    return [
        ("12 MP JPEG 4000x3000", "jpeg12", lambda: save(camera((4000, 3000)), "JPEG", quality=90)),
        ("50 MP JPEG 8660x5773", "jpeg50", lambda: save(camera((8660, 5773)), "JPEG", quality=88)),
        ("50 MP progressive JPEG", "jpeg50_progressive",
         lambda: save(camera((8660, 5773)), "JPEG", quality=88, progressive=True)),
        ("12 MP RGBA PNG 2100x5700", "png12", lambda: save(screenshot((2100, 5700)), "PNG")),
        ("12 MP transparent GIF", "gif12", lambda: save(palette(screenshot((2100, 5700))), "GIF", transparency=0)),
        ("8 MP RGBA WebP 1400x5700", "webp8", lambda: save(screenshot((1400, 5700)), "WEBP", lossless=True)),
        ("7071x7071 flat PNG", "png50", lambda: save(Image.new("RGB", (7071, 7071), (90, 140, 200)), "PNG")),
    ]


def palette(image):
    """The image in 16 colours, the first of them transparent, as a GIF sticker or a PNG-8 has."""
    return image.convert("RGB").quantize(16)


def save(image, fmt, **options):
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def resident_kb():
    """(current, peak) resident set of this process in KB."""
    with open("/proc/self/status") as status:
        fields = dict(line.split(":", 1) for line in status)
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def child(path):
    """Re-encode the photo at path as one upload would, and print what it cost as JSON."""
    from webapp import create_app  # noqa: F401 -- the worker's baseline includes the app
    from webapp.media.photos import PhotoRefused, reencode
    before, _ = resident_kb()
    started = time.perf_counter()
    try:
        # Read whole, as read_upload does, but past its 15 MB cap: a 50 MP camera JPEG can be larger.
        with open(path, "rb") as upload:
            photo, _thumb, width, height = reencode(upload.read(), "upload")
        outcome = f"kept {width}x{height}, {len(photo) // 1024} KB"
    except PhotoRefused as refused:
        outcome = f"refused: {refused}"
    elapsed = time.perf_counter() - started
    _, peak = resident_kb()
    print(json.dumps({"mb": (peak - before) / 1024, "ms": elapsed * 1000, "outcome": outcome}))


def measure(path):
    result = subprocess.run([sys.executable, __file__, "--child", path], cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"measuring {path} failed:\n{result.stderr}")
    return json.loads(result.stdout.splitlines()[-1])


def main():
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for label, key, build in photos():
            path = os.path.join(folder, key)
            with open(path, "wb") as file:
                file.write(build())
            rows.append((label, key, os.path.getsize(path), measure(path)))
    print("one upload, re-encoded in a fresh process (peak resident growth after importing the app)")
    print(f"  {'photo':26} {'file':>9} {'peak':>9} {'time':>8}  outcome")
    for label, _key, size, cost in rows:
        print(f"  {label:26} {size / 1024 / 1024:6.1f} MB {cost['mb']:6.0f} MB {cost['ms']:5.0f} ms  {cost['outcome']}")
    over = [label for label, _key, _size, cost in rows if cost["mb"] > GOAL_MB]
    if over:
        print(f"  !! over the {GOAL_MB} MB goal: {', '.join(over)}")
    print()
    for _label, key, _size, cost in rows:
        print(f"upload_peak_mb_{key}: {cost['mb']:.0f}\nupload_ms_{key}: {cost['ms']:.0f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2])
    else:
        main()
