"""Wire protocol of VillageLedger sync, version 1 (see docs/sync-protocol.md).

The pydantic models are what the server validates and what the OpenAPI document shows; the client
builds the same shapes as plain dicts.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

PROTOCOL_VERSION = 1
MIN_CLIENT_PROTOCOL = 1
SERVER_VERSION = "0.1.0"
CLIENT_VERSION = SERVER_VERSION        # the laptop program and the county server ship together
PROTOCOL_HEADER = "X-Protocol-Version"
CLIENT_VERSION_HEADER = "X-Client-Version"

MAX_BODY_BYTES = 10 * 1024 * 1024      # decompressed request body cap
MAX_PUSH = 1000                        # changes per sync request
MAX_PULL_LIMIT = 20000                 # records per pull page
DEFAULT_PULL_LIMIT = 10000
MAX_TEXT = 4000                        # characters in one text field
MAX_RECORD_ID = 1000                   # a longer record id fails the whole request (422)

UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RestoreWindow(BaseModel):
    """Seqs after `after` and before `resumed` were handed out by a database later restored from a backup
    (sync/server/restore.py): values with such versions may be lost on the server."""
    after: int
    resumed: int


class Hello(BaseModel):
    server_version: str
    protocol_version: int
    min_client_protocol: int
    min_client_version: str = Field(default="", description="oldest laptop program version the county "
                                                            "accepts ('' = any), set by county-server set-min-client")
    instance_id: str = Field(description="Random id of this server database; a change means the client "
                                         "must pull again from zero")
    max_body_bytes: int
    max_push: int
    max_pull_limit: int
    seq: int = Field(default=0, description="the last seq this database handed out; a client whose cursor is "
                                            "above it talks to a database restored from an older backup and "
                                            "reports it (POST /restored)")
    restore_windows: list[RestoreWindow] = Field(default_factory=list, description="seq ranges lost to "
                                                 "restores; a laptop sends again its values versioned inside")


class LoginRequest(_Strict):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class Account(BaseModel):
    username: str
    role: str = Field(description="village | township | county")
    region_code: str = Field(description="12-digit code of the village, township or county")


class LoginResponse(BaseModel):
    token: str
    expires_at: str
    account: Account


class Change(_Strict):
    change_id: str = Field(pattern=UUID_PATTERN, description="UUID of this change; applied once")
    entity: str = Field(min_length=1, max_length=40)
    record_id: str = Field(max_length=MAX_RECORD_ID,
                           description="id of the record: a UUID made on the laptop. Any other text is "
                                       "rejected for this change alone (code bad_value), never the request")
    fields: dict[str, Any] = Field(description="field -> new value (JSON scalar)", max_length=200)
    base: dict[str, int] = Field(default_factory=dict,
                                 description="field -> server seq the edit was based on (0/absent: new)")


class SyncRequest(_Strict):
    client_id: str = Field(min_length=1, max_length=64, description="device id of the ledger")
    cursor: int = Field(ge=0, description="last server seq this client has applied")
    push: list[Change] = Field(default_factory=list, max_length=MAX_PUSH)
    pull_limit: int = Field(default=DEFAULT_PULL_LIMIT, ge=0, le=MAX_PULL_LIMIT,
                            description="records in the pull page; 0 = push only")
    echo: bool = Field(default=False, description="also return records whose last write came from this "
                                                  "client_id (normally skipped: the client has them)")


class Ack(BaseModel):
    change_id: str
    seq: int = Field(description="server seq at which the change was applied")
    conflicts: list[str] = Field(default_factory=list,
                                 description="fields where the server kept its value (conflict records "
                                             "come down in the pull)")


class Rejection(BaseModel):
    change_id: str
    code: str = Field(description="machine code: unknown_entity, unknown_field, bad_value, missing_field, "
                                  "parent_missing, out_of_scope, read_only")
    reason: str = Field(description="Chinese message naming the record and field")


class PullPage(BaseModel):
    columns: dict[str, list[str]] = Field(description="entity -> its synced columns, in row order")
    entities: list[str] = Field(description="entity names; a row's first element indexes this list")
    rows: list[list[Any]] = Field(description="[k, id, dseq, value...] in seq order; dseq = seq minus the "
                                              "previous row's seq (the first row: minus the request cursor)")


class SyncResponse(BaseModel):
    acks: list[Ack]
    rejected: list[Rejection]
    pull: PullPage
    next_cursor: int
    more: bool = Field(description="true: call again with next_cursor for the next page")
    counts: dict[str, int] | None = Field(
        description="records per entity in the account's scope (tombstones included); only when more is "
                    "false, for the client's final check")
    instance_id: str


class Detail(BaseModel):
    detail: str


def version_tuple(version: str) -> tuple[int, ...]:
    """'0.2.10' -> (0, 2, 10); ValueError for anything but dot-separated numbers."""
    parts = version.strip().split(".")
    if not 1 <= len(parts) <= 4 or not all(p.isdigit() for p in parts):
        raise ValueError(f"版本号“{version}”无效，应为用点分隔的数字，例如 0.2.0")
    return tuple(int(p) for p in parts)


def too_old_message(client_version: str | None, minimum: str) -> str:
    """What a laptop whose program is older than the county's minimum is told (426 and ClientTooOld)."""
    have = client_version or "未知（旧版）"
    return (f"本机的村级就业帮扶台账程序版本过旧（{have}），县服务器要求至少 {minimum} 版。请升级到 {minimum} "
            "或更新的版本后再同步（安装包向县人社局索取）；未上传的修改仍完好保存在本机，升级后会自动上传。")
