"""The service center's rules as plain functions: values in, decisions out.

Nothing here imports Flask, Jinja or the models, so every rule is tested without a database.
"""


def N_(message):
    """Mark a message for translation; the view translates it with gettext when it shows it."""
    return message


class Refused(Exception):
    """A step the center's rules do not allow; `message` is English, marked for translation."""

    def __init__(self, message, **params):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params
