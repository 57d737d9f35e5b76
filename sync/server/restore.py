"""A county database restored from an older backup.

Whatever the server acknowledged after the backup is gone from it, but the laptops still hold it, with
versions (seqs) the restored database will hand out again for other writes. The first laptop whose
cursor is above the server's counter reports it (POST /api/v1/restored): the server then opens a restore
window (T, R): T is its counter, R = T + GAP, and the counter jumps to R, so no seq in the window is ever
handed out again. Every laptop learns the windows from /hello and sends again each field whose version
lies inside one (sync/client/restore.py resend_lost). See docs/sync-protocol.md, "Restored from a backup".
"""
from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from sqlalchemy import Engine, delete, select, update

from sync.protocol import RestoreWindow

from .auth import Principal, current_principal
from .db import counter, get_setting, settings, write_conn
from .deps import require_protocol

GAP = 10 ** 12        # more seqs than any county hands out between two backups
WINDOWS_KEY = "restore_windows"

router = APIRouter(prefix="/api/v1", tags=["sync"], dependencies=[Depends(require_protocol)])


class RestoredReport(BaseModel):
    cursor: int = Field(ge=0, le=2 ** 62, description="the reporting laptop's pull cursor")


class RestoredAnswer(BaseModel):
    restore_windows: list[RestoreWindow]


def windows(engine: Engine) -> list[RestoreWindow]:
    return [RestoreWindow(after=a, resumed=r) for a, r in json.loads(get_setting(engine, WINDOWS_KEY) or "[]")]


def report_restore(engine: Engine, cursor: int) -> list[RestoreWindow]:
    """Open a window when `cursor` is above the counter and no window holds it; idempotent."""
    with write_conn(engine) as conn, conn.begin():
        top = conn.execute(update(counter).where(counter.c.name == "seq").values(value=counter.c.value)
                           .returning(counter.c.value)).scalar_one()     # the counter row lock: one at a time
        raw = conn.execute(select(settings.c.value).where(settings.c.key == WINDOWS_KEY)).scalar()
        known = json.loads(raw or "[]")
        if cursor > top and not any(a < cursor < r for a, r in known):
            known.append([top, top + GAP])
            conn.execute(update(counter).where(counter.c.name == "seq").values(value=top + GAP))
            conn.execute(delete(settings).where(settings.c.key == WINDOWS_KEY))
            conn.execute(settings.insert(), [{"key": WINDOWS_KEY, "value": json.dumps(known)}])
    return [RestoreWindow(after=a, resumed=r) for a, r in known]


@router.post("/restored", response_model=RestoredAnswer,
             responses={401: {"description": "not logged in"}})
def restored(body: RestoredReport, request: Request,
             principal: Principal = Depends(current_principal)) -> RestoredAnswer:
    """A laptop's cursor is above the server's counter: the database was restored from an older backup.
    Opens a restore window (once) and answers all windows; laptops then send again what was lost."""
    return RestoredAnswer(restore_windows=report_restore(request.app.state.db, body.cursor))
