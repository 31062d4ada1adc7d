"""Phone numbers as people type them."""
import re

PHONE_PATTERN = re.compile(r"^\+?[\d\s-]{5,20}$")


def looks_like_phone(text):
    """Whether typed text (surrounding spaces ignored) looks like a phone number."""
    return bool(PHONE_PATTERN.match(text.strip()))
