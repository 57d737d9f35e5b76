"""The split every caller relies on: a ``UserError`` is a known problem the user can act on (its ``str``
is a calm Chinese message, shown as is); any other exception is a bug (logged with its traceback, shown
as "please report")."""
from __future__ import annotations


class UserError(Exception):
    """A known, user-actionable problem. ``str(error)`` is the Chinese message to show."""
