"""Client-generated, time-ordered ids (UUID version 7, RFC 9562).

Records are created offline, so ids cannot come from the server; time order keeps SQLite's b-tree
inserts at the end of the index and makes ids sort roughly by creation.
"""
from __future__ import annotations

import os
import random
import re
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_counter = 0
# Ids need uniqueness, not secrecy: a generator seeded from the OS is ~10x faster than os.urandom
# per id, which matters when a demo or an import makes a few hundred thousand of them.
_random = random.Random(os.urandom(16))


def new_id() -> str:
    """A UUIDv7 string; monotonic within this process even when many are made in one millisecond."""
    global _last_ms, _counter
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            ms = _last_ms
            _counter += 1
            if _counter > 0xFFF:  # 12-bit counter exhausted: borrow the next millisecond
                ms += 1
                _counter = 0
        else:
            _counter = _random.getrandbits(10)  # random start, room to count
        _last_ms = ms
        counter = _counter
        rand = _random.getrandbits(62)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | counter << 64 | 0b10 << 62 | rand
    return str(uuid.UUID(int=value))


_UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


def is_uuid(text: object) -> bool:
    """Whether ``text`` is a record id as this program makes them (lower-case UUID text). The county
    server refuses records under any other id, so imports give such records a new one."""
    return type(text) is str and _UUID_TEXT.match(text) is not None
