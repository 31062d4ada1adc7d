"""Configuration from the environment."""
import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-change-me")
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
    # memory:// counts per gunicorn worker; redis://host:6379 (with `pip install redis`) counts across them.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # Reverse proxies in front of the app (nginx, a platform's router): 1 or more to read the client's address
    # from X-Forwarded-For; 0 believes no such header.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    PHOTO_FOLDER = os.environ.get("PHOTO_FOLDER", "")  # empty: instance/photos
    # Six photos of up to 15 MB each, plus the form; each photo is checked on its own.
    MAX_CONTENT_LENGTH = 6 * 15 * 1024 * 1024 + 1024 * 1024


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test"
