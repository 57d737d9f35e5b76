"""What the window and the command line need around the sync engine (Qt-free).

- the sync settings kept in the ledger's ``meta`` table (server address and account are the engine's,
  the county CA certificate file is ours: ``sync_ca_file``) and the engine built from them;
- login with a normalised address and a checked certificate file;
- what the assistant reviews after a sync, described humanly: open conflicts (record, field label, both
  values), duplicate ID flags and changes the server rejected (from the outbox, with its reason).

Everything here opens its own short-lived SQLite connection, so it may run on the background runner.
"""
from __future__ import annotations

import dataclasses
import json
import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from desktop import paths
from desktop.domain.models import FIELD_LABELS
from desktop.store.codec import ENTITY_TYPES
from sync.client import SyncEngine, TokenStore, default_token_store, list_conflicts, list_duplicates, login
from sync.client import local as L

CA_FILE_KEY = "sync_ca_file"
DEMO_KEY = "demo"  # set by desktop.demo: this ledger holds invented people
ROLE_LABELS = {"village": "村级账号", "township": "乡镇账号", "county": "县级账号"}
ENTITY_LABELS = {"household": "户", "person": "人员", "employment": "务工就业", "duplicate": "重复身份证标记",
                 "conflict": "冲突记录"}
EXTRA_FIELD_LABELS = {"deleted": "是否已删除"}
EMPTY = "（空）"


class SetupError(ValueError):
    """A setting the user typed is unusable; the message is Chinese and names the field."""


class DemoLedgerRefused(SetupError):
    """A ledger filled with demo data must never reach the county: its people are invented."""

    def __init__(self):
        super().__init__("这是演示台账（人员都是虚构的），不能登录县服务器，以免假数据上传。"
                         "请在窗口里选“文件 → 清除演示数据…”后再登录，或用 --data-dir 指定一个新的台账文件夹。")


# --------------------------------------------------------------------------------------- settings
@dataclass(frozen=True)
class SyncSettings:
    server_url: str | None
    account: dict | None
    ca_file: str | None

    @property
    def configured(self) -> bool:
        return bool(self.server_url and self.account)


def data_dir_of(data_dir: Path | str | None) -> Path:
    return Path(data_dir) if data_dir else paths.default_data_dir()


def token_store(data_dir: Path | str | None) -> TokenStore:
    """The OS keyring where usable, else a 0600 file in the data folder."""
    return default_token_store(data_dir_of(data_dir))


def ensure_ledger(db: Path | str) -> None:
    """Create or migrate the ledger file before the engine opens it with plain sqlite3."""
    from desktop.store.database import open_database
    open_database(db).conn.close()


def _meta(conn: sqlite3.Connection, key: str) -> str | None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    except sqlite3.OperationalError:   # a ledger file without a schema yet
        return None
    return row[0] if row else None


def read_settings(db: Path | str) -> SyncSettings:
    conn = L.connect(db)
    try:
        account = _meta(conn, L.ACCOUNT)
        return SyncSettings(_meta(conn, L.SERVER_URL), json.loads(account) if account else None,
                            _meta(conn, CA_FILE_KEY))
    finally:
        conn.close()


def _write_meta(db: Path | str, key: str, value: str | None) -> None:
    conn = L.connect(db)
    try:
        with L.Txn(conn):
            conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                         "value = excluded.value", (key, value))
    finally:
        conn.close()


FIRST_RUN_KEY = "sync_setup_offered"


def offer_setup_once(db: Path | str) -> bool:
    """True the first time it is called for a ledger that is not logged in (the window then opens the
    settings dialog once; afterwards the status bar invites to log in without nagging)."""
    if read_settings(db).configured:
        return False
    conn = L.connect(db)
    try:
        with L.Txn(conn):
            if _meta(conn, FIRST_RUN_KEY):
                return False
            conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                         "value = excluded.value", (FIRST_RUN_KEY, L.now_iso()))
        return True
    finally:
        conn.close()


READ_ONLY_REASONS = {"township": "乡镇账号只能查看各村台账，不能修改",
                     "county": "县级账号只能查看全县台账，不能修改"}


def read_only_reason(db: Path | str) -> str:
    """Why this ledger may not be changed here (its account is a township or county one), or ""."""
    account = read_settings(db).account or {}
    return READ_ONLY_REASONS.get(account.get("role"), "")


def verify_of(ca_file: str | None) -> bool | str:
    return ca_file if ca_file else True


def make_engine(db: Path | str, store: TokenStore, *, on_applied=None, **engine_kw) -> SyncEngine:
    """The engine for this ledger, its transport checking HTTPS against the county CA when one is set.
    Pulled rows are written with the store's derived columns (search text)."""
    from desktop.store.sync_hooks import DERIVED
    settings = read_settings(db)
    engine_kw.setdefault("derived", DERIVED)
    return SyncEngine(db, token_store=store, verify=verify_of(settings.ca_file), on_applied=on_applied,
                      **engine_kw)


def normalize_url(text: str, *, https: bool = False) -> str:
    """'192.168.1.10:8765' -> 'http://192.168.1.10:8765' (https when a CA file is given)."""
    url = (text or "").strip().rstrip("/")
    if not url:
        raise SetupError("请填写县服务器地址，例如 http://192.168.1.10:8765")
    if "://" not in url:
        url = ("https://" if https else "http://") + url
    scheme = url.split("://", 1)[0].lower()
    if scheme not in ("http", "https") or not url.split("://", 1)[1]:
        raise SetupError(f"服务器地址“{text}”不对，应以 http:// 或 https:// 开头")
    if any(ch.isspace() for ch in url):
        raise SetupError(f"服务器地址“{text}”里不能有空格")
    return url


def check_ca_file(path: str | None) -> str | None:
    if not path or not path.strip():
        return None
    p = Path(path.strip()).expanduser()
    if not p.is_file():
        raise SetupError(f"找不到证书文件：{p}")
    try:
        head = p.read_bytes()[:4096]
    except OSError as exc:
        raise SetupError(f"证书文件读不出来：{p}（{exc.strerror}）") from None
    if b"-----BEGIN CERTIFICATE-----" not in head:
        raise SetupError(f"“{p.name}”不是 PEM 格式的证书文件（应含 BEGIN CERTIFICATE）")
    return str(p.resolve())


@dataclass(frozen=True)
class LoginResult:
    server_url: str
    username: str
    role: str
    region_code: str
    region_name: str

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


def region_name(code: str) -> str:
    from desktop.domain.regions import default_regions
    try:
        return default_regions().full_name(code) or code
    except Exception:  # noqa: BLE001 - a name is a courtesy; the code is always shown
        return code


def is_demo_ledger(db: Path | str) -> bool:
    conn = sqlite3.connect(db)
    try:
        return _meta(conn, DEMO_KEY) == "1"
    finally:
        conn.close()


DEMO_TABLES = ("employment", "person", "household", "outbox", "conflict", "duplicate", "conflict_lost_here")


def clear_demo_ledger(db: Path | str) -> None:
    """Empty a demo ledger (every record, queued change and sync note) and drop its demo mark, so it
    becomes a real ledger that may log in to the county. Refused for a ledger that is not a demo."""
    conn = L.connect(db)
    try:
        with L.Txn(conn):
            if _meta(conn, DEMO_KEY) != "1":
                raise SetupError("这不是演示台账，不能清除")
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            for table in DEMO_TABLES:           # children first; names from the fixed list above
                if table in tables:
                    conn.execute(f"DELETE FROM {table}")
            conn.execute("DELETE FROM meta WHERE key IN (?, ?)", (DEMO_KEY, FIRST_RUN_KEY))
    finally:
        conn.close()


def login_account(db: Path | str, server: str, username: str, password: str, store: TokenStore, *,
                  ca_file: str | None = None) -> LoginResult:
    """Check the inputs, log in (handshake, token into `store`, account into meta), keep the CA file.
    Raises SetupError for bad inputs and the engine's SyncError subclasses for the server's answers."""
    ca = check_ca_file(ca_file)
    url = normalize_url(server, https=bool(ca))
    if not (username or "").strip():
        raise SetupError("请填写用户名")
    if not password:
        raise SetupError("请填写密码")
    ensure_ledger(db)
    if is_demo_ledger(db):
        raise DemoLedgerRefused()
    account = login(db, url, username.strip(), password, store, verify=verify_of(ca))
    _write_meta(db, CA_FILE_KEY, ca)
    return LoginResult(url, account["username"], account["role"], account["region_code"],
                       region_name(account["region_code"]))


# --------------------------------------------------------------------------------------- descriptions
@cache
def _bool_fields(entity: str) -> frozenset[str]:
    cls = ENTITY_TYPES.get(entity)
    if cls is None:
        return frozenset({"deleted"})
    return frozenset({f.name for f in dataclasses.fields(cls) if str(f.type).startswith("bool")}
                     | {"deleted"})


def field_label(entity: str, field: str) -> str:
    cls = ENTITY_TYPES.get(entity)
    labels = FIELD_LABELS.get(cls, {}) if cls else {}
    return labels.get(field) or EXTRA_FIELD_LABELS.get(field) or field


def format_value(entity: str, field: str, value) -> str:
    if value is None or value == "":
        return EMPTY
    if field in _bool_fields(entity) and value in (0, 1, True, False):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _one(conn: sqlite3.Connection, sql: str, args: tuple):
    try:
        return conn.execute(sql, args).fetchone()
    except sqlite3.OperationalError:
        return None


def describe_record(conn: sqlite3.Connection, entity: str, record_id: str) -> str:
    """'张三（身份证 610302…）', '张三户（户编号 …）', '张三的务工记录（2026-01-01 起，某公司）'."""
    if entity == "person":
        row = _one(conn, "SELECT name, id_number FROM person WHERE id = ?", (record_id,))
        if row:
            return f"{row[0]}（身份证 {row[1]}）"
    elif entity == "household":
        row = _one(conn, "SELECT hh_no FROM household WHERE id = ?", (record_id,))
        if row:
            head = _one(conn, "SELECT name FROM person WHERE household_id = ? AND relation = '户主' "
                              "ORDER BY deleted LIMIT 1", (record_id,))
            who = f"{head[0]}户" if head else "户"
            return f"{who}（户编号 {row[0]}）" if row[0] else who
    elif entity == "employment":
        row = _one(conn, "SELECT p.name, e.start_date, e.employer FROM employment e "
                         "LEFT JOIN person p ON p.id = e.person_id WHERE e.id = ?", (record_id,))
        if row:
            extra = f"，{row[2]}" if row[2] else ""
            return f"{row[0] or '某人'}的务工记录（{row[1]} 起{extra}）"
    label = ENTITY_LABELS.get(entity, entity)
    return f"{label}记录 {record_id[-12:]}（本机没有这条记录）"


LOST_HERE_LABEL = "本机的值"                       # the losing value, submitted by this laptop
LOST_ELSEWHERE_LABEL = "其他电脑提交的值（未采用）"   # the losing value, submitted by another computer
CURRENT_LOST_HERE_LABEL = "县服务器上的值"
CURRENT_LABEL = "现在的值"


@dataclass(frozen=True)
class ConflictItem:
    """One conflict, described for this laptop. ``local_*`` is the value that was not adopted and
    ``server_*`` the value in use (the names of the conflict record, the same on every laptop); the value
    not adopted is this laptop's own only when ``lost_here``. The labels say whose each value is."""
    id: str
    entity: str
    record_id: str
    record: str            # human description
    field: str
    field_label: str
    local_value: object    # the value not adopted
    server_value: object   # the value in use
    local_text: str
    server_text: str
    created_at: str
    lost_here: bool = False    # this laptop submitted the value not adopted

    @property
    def local_label(self) -> str:
        return LOST_HERE_LABEL if self.lost_here else LOST_ELSEWHERE_LABEL

    @property
    def server_label(self) -> str:
        return CURRENT_LOST_HERE_LABEL if self.lost_here else CURRENT_LABEL

    @property
    def keep_local_means(self) -> str:
        """What ``--keep local`` does on this laptop."""
        if self.lost_here:
            return f"改回本机的值“{self.local_text}”"
        return f"改用其他电脑提交的值“{self.local_text}”"

    @property
    def keep_server_means(self) -> str:
        """What ``--keep server`` does on this laptop."""
        if self.lost_here:
            return f"保留县服务器上的值“{self.server_text}”"
        return f"保留现在的值“{self.server_text}”"

    @property
    def local_cell(self) -> str:
        """The value not adopted with whose it is, e.g. “本机的值：139…”."""
        return f"{self.local_label}：{self.local_text}"

    @property
    def server_cell(self) -> str:
        return f"{self.server_label}：{self.server_text}"

    def to_json(self) -> dict:
        return {**dataclasses.asdict(self), "local_label": self.local_label, "server_label": self.server_label,
                "keep_local": self.keep_local_means, "keep_server": self.keep_server_means}


@dataclass(frozen=True)
class DuplicateItem:
    id: str
    id_number: str
    person_id: str
    record: str            # our person
    other_village_code: str
    other_village: str     # its name
    other_name: str | None
    created_at: str


@dataclass(frozen=True)
class RejectedItem:
    change_id: str
    entity: str
    record_id: str
    record: str
    fields: str            # labels of the fields in the change
    reason: str
    created_at: str


@dataclass(frozen=True)
class Review:
    conflicts: list[ConflictItem]
    duplicates: list[DuplicateItem]
    rejected: list[RejectedItem]

    def to_json(self) -> dict:
        return {"conflicts": [c.to_json() for c in self.conflicts],
                "duplicates": [dataclasses.asdict(d) for d in self.duplicates],
                "rejected": [dataclasses.asdict(r) for r in self.rejected]}


def rejected_changes(conn: sqlite3.Connection) -> list[RejectedItem]:
    out = []
    rows = _one_all(conn, "SELECT change_id, entity, record_id, fields, base, error, created_at FROM outbox "
                          "WHERE state = 'error' ORDER BY seq")
    for change_id, entity, record_id, fields, base, error, created_at in rows:
        names = [n for n in json.loads(fields or "{}") if n != "id"]
        if not json.loads(base or "{}") and _never_synced(conn, entity, record_id):
            labels = "新登记"
        elif len(names) > 4:
            labels = "、".join(field_label(entity, n) for n in names[:4]) + f"等 {len(names)} 项"
        else:
            labels = "、".join(field_label(entity, n) for n in names)
        out.append(RejectedItem(change_id, entity, record_id, describe_record(conn, entity, record_id), labels,
                                error or "服务器没有说明原因", created_at))
    return out


def _never_synced(conn: sqlite3.Connection, entity: str, record_id: str) -> bool:
    if entity not in ENTITY_TYPES:
        return False
    row = _one(conn, f"SELECT server_versions FROM {entity} WHERE id = ?", (record_id,))
    return row is not None and row[0] in (None, "", "{}")


def _one_all(conn, sql, args=()):
    try:
        return conn.execute(sql, args).fetchall()
    except sqlite3.OperationalError:
        return []


def load_review(db: Path | str, *, with_region_names: bool = True) -> Review:
    """Everything the assistant should look at, described; safe to call on a worker thread."""
    conflicts = list_conflicts(db)
    duplicates = list_duplicates(db)
    conn = L.connect(db)
    try:
        citems = [ConflictItem(c.id, c.entity, c.record_id, describe_record(conn, c.entity, c.record_id), c.field,
                               field_label(c.entity, c.field), c.local_value, c.server_value,
                               format_value(c.entity, c.field, c.local_value),
                               format_value(c.entity, c.field, c.server_value), c.created_at, c.lost_here)
                  for c in conflicts]
        citems.sort(key=lambda c: (c.record, c.field_label, c.created_at))   # one record's rows together
        ditems = [DuplicateItem(d.id, d.id_number, d.person_id, describe_record(conn, "person", d.person_id),
                                d.other_village_code,
                                region_name(d.other_village_code) if with_region_names else d.other_village_code,
                                d.other_name, d.created_at)
                  for d in duplicates]
        return Review(citems, ditems, rejected_changes(conn))
    finally:
        conn.close()


def find_conflict_id(db: Path | str, text: str) -> str:
    """The conflict whose id is `text`, or starts or ends with it (unique)."""
    text = text.strip()
    ids = [c.id for c in list_conflicts(db, open_only=False)]
    if text in ids:
        return text
    hits = [i for i in ids if text and (i.startswith(text) or i.endswith(text))]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise SetupError(f"找不到编号为 {text} 的冲突，请用 village-ledger conflicts 查看编号")
    raise SetupError(f"编号 {text} 对应多条冲突，请写出完整编号")


def record_problem(db: Path | str, entity: str, record_id: str) -> str | None:
    """Why one record is not in sync, for a form or a list tooltip (None when nothing is wrong): the
    server's reason for refusing its change, or the fields both sides changed."""
    conn = L.connect(db)
    try:
        reasons = [r[0] for r in _one_all(conn, "SELECT error FROM outbox WHERE entity = ? AND record_id = ? "
                                                "AND state = 'error' ORDER BY seq", (entity, record_id))]
        if reasons:
            return "服务器退回了这条记录的修改：" + "；".join(r or "没有说明原因" for r in reasons) + \
                "。改正后保存，下次同步会重新上传。"
        fields = [r[0] for r in _one_all(conn, "SELECT field FROM conflict WHERE entity = ? AND record_id = ? "
                                               "AND resolved_at IS NULL ORDER BY created_at", (entity, record_id))]
        if fields:
            labels = "、".join(dict.fromkeys(field_label(entity, f) for f in fields))
            return f"这条记录的“{labels}”在两台电脑上都改过，请在“同步详情与冲突”里选择保留哪个值。"
        return None
    finally:
        conn.close()
