"""Configuration from the environment."""
import os
import secrets
import time


class Config:
    # Signs sessions and poll passes. Unset: the key kept in the instance folder (SECRET_KEY_FILE), made on
    # first start, except in production (SERVICEDESK_ENV=production, as the Procfile runs), which refuses.
    SECRET_KEY = os.environ.get("SECRET_KEY") or None
    SECRET_KEY_FILE = os.environ.get("SECRET_KEY_FILE", "")  # empty: instance/secret_key
    REQUIRE_SECRET_KEY = os.environ.get("SERVICEDESK_ENV") == "production"
    DATABASE_URL = os.environ.get("DATABASE_URL", "")  # empty: SQLite in the instance folder
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh_CN", "en")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = 12 * 3600  # a desk shift
    # Anonymous reports from QR stickers: per phone (client address) and per sticker.
    RESIDENT_LIMIT_PER_CLIENT = os.environ.get("RESIDENT_LIMIT_PER_CLIENT", "6 per 10 minutes")
    RESIDENT_LIMIT_PER_PLACE = os.environ.get("RESIDENT_LIMIT_PER_PLACE", "30 per hour")
    # Where the counts live: database:// (unset) in the app's own database, shared by every worker;
    # redis://host:6379 (with `pip install redis`) in Redis; memory:// in each process on its own.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or "database://"
    # Reverse proxies in front of the app (nginx, a platform's router): 1 or more to read the client's address
    # from X-Forwarded-For; 0 believes no such header.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    PHOTO_FOLDER = os.environ.get("PHOTO_FOLDER", "")  # empty: instance/photos
    # Web Push: whom a push service may write to about our messages (VAPID `sub`), and where the center's VAPID
    # key is kept (made there on first use; every process sending pushes must read the same file).
    VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT", "mailto:admin@localhost")
    VAPID_KEY_FILE = os.environ.get("VAPID_KEY_FILE", "")  # empty: instance/vapid_private.pem
    # Six photos of up to 15 MB each, plus the form; each photo is checked on its own.
    MAX_CONTENT_LENGTH = 6 * 15 * 1024 * 1024 + 1024 * 1024


NO_SECRET_KEY = ("No SECRET_KEY is set and no key is kept in {path}. Set the SECRET_KEY environment variable "
                 "to a long random value (e.g. python -c 'import secrets; print(secrets.token_hex(32))'), "
                 "or keep one in that file with: flask --app webapp secret-key")


def settle_secret_key(app):
    """Give the app its signing key: SECRET_KEY, else the kept one (made on first start outside production)."""
    if app.config["SECRET_KEY"]:
        return
    path = secret_key_path(app)
    key = read_secret_key(path) if app.config["REQUIRE_SECRET_KEY"] else keep_secret_key(path)
    if key is None:
        message = NO_SECRET_KEY.format(path=path)
        if os.environ.get("FLASK_RUN_FROM_CLI") != "true":
            raise RuntimeError(message)
        # The flask command loads the app to find `secret-key` and `migrate`; it serves nothing without a key.
        key = secrets.token_hex(32)
        app.before_request(lambda: (message, 503))
    app.config["SECRET_KEY"] = key


def secret_key_path(app):
    """Where the app keeps its session signing key when SECRET_KEY is unset."""
    return app.config["SECRET_KEY_FILE"] or os.path.join(app.instance_path, "secret_key")


def keep_secret_key(path):
    """The key kept at `path`, made there first (owner-only) if there is none."""
    return keep_once(path, lambda: secrets.token_hex(32).encode() + b"\n", bytes.strip).decode().strip()


def read_secret_key(path):
    """The key kept at `path`, or None when there is no such file."""
    kept = read_kept(path, bytes.strip)
    return kept.decode().strip() if kept else None


def keep_once(path, make, whole):
    """The bytes kept at `path` (a key), made there first by `make()`, owner-only, if there is no such file.
    O_EXCL: of processes starting at once exactly one writes the file; the others read it once `whole(data)`."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    try:
        kept = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return read_kept(path, whole)
    data = make()
    with os.fdopen(kept, "wb") as out:
        out.write(data)
    return data


def read_kept(path, whole):
    """The bytes kept at `path` once `whole(data)` (another process may be writing them), or None without a file."""
    for _ in range(50):
        try:
            with open(path, "rb") as kept:
                data = kept.read()
        except FileNotFoundError:
            return None
        if whole(data):
            return data
        time.sleep(0.02)
    raise RuntimeError(f"The key file {path} is empty or cut short: delete it or put a key in it.")
