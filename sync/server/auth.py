"""Accounts, passwords (scrypt), bearer tokens (random; only their SHA-256 is stored), and the auth router."""
from __future__ import annotations

import base64
import hashlib
import hmac
import math
import os
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, Depends, HTTPException, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine, delete, func, select, update

from sync.protocol import Account, Detail, LoginRequest, LoginResponse
from sync.scope import Role, Scope, region_error

from .db import MIN_CLIENT_VERSION_KEY, accounts, login_failures, settings, single_statement_conn, tokens, write_conn
from .deps import check_client_version, min_client_version, require_protocol

TOKEN_TTL = timedelta(days=30)
# Failed logins: at most LOGIN_MAX_FAILURES per user name and LOGIN_IP_MAX_FAILURES per client address
# in a window of LOGIN_WINDOW seconds (counted in the database, so every worker process shares them).
LOGIN_MAX_FAILURES = int(os.environ.get("COUNTY_SERVER_LOGIN_MAX_FAILURES", "5"))
LOGIN_IP_MAX_FAILURES = int(os.environ.get("COUNTY_SERVER_LOGIN_IP_MAX_FAILURES", "30"))
LOGIN_WINDOW = float(os.environ.get("COUNTY_SERVER_LOGIN_WINDOW", "900"))
_SCRYPT = dict(n=2 ** 14, r=8, p=1, dklen=32)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, maxmem=64 * 1024 * 1024, **_SCRYPT)
    b64 = base64.b64encode
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        algo, n, r, p, salt, digest = stored.split("$")
        want = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(want), maxmem=64 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return algo == "scrypt" and hmac.compare_digest(got, want)


_DUMMY_HASH = hash_password(secrets.token_hex(8))   # same work for unknown users: no timing oracle


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Principal:
    username: str
    scope: Scope

    def account(self) -> Account:
        return Account(username=self.username, role=self.scope.role.value,
                       region_code=self.scope.region_code)


# A disabled account keeps its password hash behind this mark (as `passwd -l` does in /etc/shadow): no
# schema change, `enable` takes the mark off and the old password works again.
DISABLED_MARK = "!"


def _lock_account(conn, username: str):
    """The account's row, locked until the transaction ends (PostgreSQL; SQLite's BEGIN IMMEDIATE already
    serializes writers): a login that checked the password before a reset, revoke or disable stores its
    token before them, so they revoke it too, or sees the change and gives no token."""
    return conn.execute(select(accounts.c.username, accounts.c.password_hash)
                        .where(accounts.c.username == username).with_for_update()).first()


def _revoke_all(conn, username: str) -> int:
    """Revoke every token of the account; returns how many were still valid."""
    now = now_iso()
    valid = conn.execute(select(func.count()).select_from(tokens).where(
        tokens.c.username == username, tokens.c.revoked_at.is_(None), tokens.c.expires_at > now)).scalar_one()
    conn.execute(update(tokens).where(tokens.c.username == username, tokens.c.revoked_at.is_(None))
                 .values(revoked_at=now))
    return valid


def add_account(engine: Engine, username: str, password: str, role: str, region: str) -> int | None:
    """Create or update an account; raises ValueError with a Chinese reason on bad input. Updating an
    existing account (a password reset, a new role or region) revokes all its tokens: every laptop of
    that account must log in again. Returns None for a new account, else the number of logins revoked."""
    try:
        role_ = Role(role)
    except ValueError:
        raise ValueError(f"角色“{role}”无效，应为 village、township 或 county") from None
    if (err := region_error(role_, region)) is not None:
        raise ValueError(err)
    if not username or len(username) > 64:
        raise ValueError("用户名应为 1 到 64 个字符")
    if len(password) < 8:
        raise ValueError("密码至少 8 个字符")
    row = {"password_hash": hash_password(password), "role": role_.value, "region_code": region}
    revoked = None
    with write_conn(engine) as conn, conn.begin():
        exists = _lock_account(conn, username)
        if exists:
            if exists.password_hash.startswith(DISABLED_MARK):     # a reset keeps the account disabled
                row["password_hash"] = DISABLED_MARK + row["password_hash"]
            conn.execute(update(accounts).where(accounts.c.username == username).values(**row))
            revoked = _revoke_all(conn, username)
        else:
            conn.execute(accounts.insert(), [{"username": username, "created_at": now_iso(), **row}])
        # a county resetting a password also lifts the account's login pause
        conn.execute(delete(login_failures).where(login_failures.c.key == _user_key(username)))
    return revoked


def revoke_tokens(engine: Engine, username: str) -> int:
    """Revoke every token of the account at once (a lost laptop): each of its laptops gets 401 on its
    next request and keeps its unsent changes until it logs in again. Returns how many were valid;
    ValueError when there is no such account."""
    with write_conn(engine) as conn, conn.begin():
        if _lock_account(conn, username) is None:
            raise ValueError(f"没有账号 {username}")
        return _revoke_all(conn, username)


def set_disabled(engine: Engine, username: str, disabled: bool) -> int:
    """Disable an account (its tokens are revoked and it cannot log in, even with the right password)
    or enable it again (its old password works). Returns the number of logins revoked (0 for enable)."""
    with write_conn(engine) as conn, conn.begin():
        row = _lock_account(conn, username)
        if row is None:
            raise ValueError(f"没有账号 {username}")
        stored = row.password_hash.removeprefix(DISABLED_MARK)
        conn.execute(update(accounts).where(accounts.c.username == username)
                     .values(password_hash=DISABLED_MARK + stored if disabled else stored))
        return _revoke_all(conn, username) if disabled else 0


def is_disabled(engine: Engine, username: str) -> bool:
    with engine.connect() as conn:
        stored = conn.execute(select(accounts.c.password_hash).where(accounts.c.username == username)).scalar()
    return stored is not None and stored.startswith(DISABLED_MARK)


# --- failed-login limit ----------------------------------------------------------------------------
def _user_key(username: str) -> str:
    return "user:" + username


def _minutes(seconds: float) -> str:
    return f"{max(1, math.ceil(seconds / 60))} 分钟"


def _count_attempt(engine: Engine, username: str, address: str | None, now: float) -> dict[str, int]:
    """Count a login attempt against the user name and the client address *before* the password is
    checked (so guesses sent at the same moment are bounded too); a correct password gives it back.
    Refuses with 429 while a key has used up its failures for the current window: a correct password
    then waits as well. Returns key -> failures counted in the window, this attempt included."""
    keys = {_user_key(username): LOGIN_MAX_FAILURES}
    if address:
        keys["ip:" + address] = LOGIN_IP_MAX_FAILURES
    with write_conn(engine) as conn, conn.begin():
        if engine.dialect.name == "postgresql":     # the rows exist, then are locked (sorted: no deadlock)
            conn.execute(_insert(engine)(login_failures).on_conflict_do_nothing(),
                         [{"key": k, "failures": 0, "window_start": now} for k in sorted(keys)])
            rows = conn.execute(select(login_failures).where(login_failures.c.key.in_(sorted(keys)))
                                .order_by(login_failures.c.key).with_for_update()).all()
        else:                                       # BEGIN IMMEDIATE: one writer at a time
            rows = conn.execute(select(login_failures).where(login_failures.c.key.in_(sorted(keys)))).all()
        state = {k: (0, now) for k in keys}
        for row in rows:
            fresh = now - row.window_start >= LOGIN_WINDOW
            state[row.key] = (0, now) if fresh else (row.failures, row.window_start)
        for key, (failures, start) in sorted(state.items()):
            if failures >= keys[key]:
                wait = start + LOGIN_WINDOW - now
                if key.startswith("user:"):
                    reason = (f"账号 {username} 在 {_minutes(LOGIN_WINDOW)}内已输错 {failures} 次密码，为防止密码被猜中，"
                              f"暂停登录。请 {_minutes(wait)}后再试（输入正确的密码也要等到那时）；忘记密码请找县人社局"
                              "管理员重置。")
                else:
                    reason = (f"本机所在网络地址 {address} 在 {_minutes(LOGIN_WINDOW)}内登录失败 {failures} 次，"
                              f"暂停登录。请 {_minutes(wait)}后再试。")
                raise HTTPException(429, "登录尝试过于频繁：" + reason,
                                    headers={"Retry-After": str(max(1, math.ceil(wait)))})
        counted = {k: failures + 1 for k, (failures, _start) in state.items()}
        # an upsert, not delete + insert: a transaction waiting on the row lock must see the new count
        upsert = _insert(engine)(login_failures)
        conn.execute(upsert.on_conflict_do_update(index_elements=[login_failures.c.key], set_={
            "failures": upsert.excluded.failures, "window_start": upsert.excluded.window_start}),
            [{"key": k, "failures": counted[k], "window_start": state[k][1]} for k in sorted(keys)])
    return counted


def _insert(engine: Engine):
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def _wrong_password(username: str, counted: dict[str, int]) -> HTTPException:
    window = _minutes(LOGIN_WINDOW)
    left = LOGIN_MAX_FAILURES - counted[_user_key(username)]
    if left > 3:
        return _unauthorized("用户名或密码错误")
    if left > 0:
        return _unauthorized(f"用户名或密码错误（{window}内再输错 {left} 次，该账号将暂停登录 {window}）")
    return _unauthorized(f"用户名或密码错误（{window}内已输错 {LOGIN_MAX_FAILURES} 次，该账号暂停登录 {window}）")


def _unauthorized(message: str) -> HTTPException:
    return HTTPException(401, message, headers={"WWW-Authenticate": "Bearer"})


# The data endpoints' security scheme in the OpenAPI document (`Authorization: Bearer <token>`); a missing
# or non-bearer header gives None here and our own Chinese 401 below.
bearer = HTTPBearer(scheme_name="bearerToken", auto_error=False,
                    description="POST /api/v1/login 得到的 token（Authorization: Bearer <token>）")


def current_principal(request: Request,
                      credentials: HTTPAuthorizationCredentials | None = Security(bearer)) -> Principal:
    """The logged-in account of a data request (401 with a Chinese reason otherwise)."""
    if credentials is None:
        raise _unauthorized("未登录：请先登录县服务器")
    engine: Engine = request.app.state.db
    minimum = select(settings.c.value).where(settings.c.key == MIN_CLIENT_VERSION_KEY).scalar_subquery()
    with single_statement_conn(engine) as conn:     # the county's minimum client version in the same query
        row = conn.execute(
            select(accounts.c.username, accounts.c.role, accounts.c.region_code, tokens.c.expires_at,
                   tokens.c.revoked_at, minimum.label("min_client_version"))
            .join(accounts, accounts.c.username == tokens.c.username)
            .where(tokens.c.token_hash == token_hash(credentials.credentials))).first()
    if row is not None:
        check_client_version(request, row.min_client_version)
    if row is None or row.revoked_at is not None:     # (`prune` deletes revoked and expired tokens)
        raise _unauthorized("登录已失效（已退出、被注销或已过期），请重新登录")
    if row.expires_at <= now_iso():
        raise _unauthorized("登录已过期，请重新登录")
    return Principal(row.username, Scope(Role(row.role), row.region_code))


router = APIRouter(prefix="/api/v1", tags=["auth"], dependencies=[Depends(require_protocol)])


@router.post("/login", response_model=LoginResponse,
             responses={401: {"model": Detail}, 403: {"model": Detail}, 429: {"model": Detail}})
def login(body: LoginRequest, request: Request) -> LoginResponse:
    """Exchange username and password for a bearer token (valid 30 days; revoked by logout, by the county's
    `county-server revoke`/`disable`, or by a password reset). A disabled account gets 403. Too many wrong
    passwords for a user name (5) or from one address (30) within 15 minutes: 429 with Retry-After
    until the window is over, even for the right password."""
    engine: Engine = request.app.state.db
    check_client_version(request, min_client_version(engine))
    address = request.client.host if request.client else None
    counted = _count_attempt(engine, body.username, address, time.time())
    with engine.connect() as conn:
        row = conn.execute(select(accounts).where(accounts.c.username == body.username)).first()
    ok = verify_password(body.password, row.password_hash.removeprefix(DISABLED_MARK) if row else _DUMMY_HASH)
    if row is None or not ok:
        raise _wrong_password(body.username, counted)
    if row.password_hash.startswith(DISABLED_MARK):
        raise HTTPException(403, f"账号 {row.username} 已被县里停用，不能登录。未上传的修改仍保存在本机；"
                                 "请联系县人社局管理员。")
    token = secrets.token_urlsafe(32)
    expires = (datetime.now(UTC) + TOKEN_TTL).isoformat(timespec="seconds")
    with write_conn(engine) as conn, conn.begin():
        # the password checked is still the account's (not reset, revoked or disabled meanwhile: those
        # wait for this row lock, then revoke the token stored here)
        now = _lock_account(conn, row.username)
        if now is None or now.password_hash != row.password_hash:
            raise _unauthorized("账号的密码刚被县里修改或账号已停用，请重新登录")
        conn.execute(tokens.insert(), [{"token_hash": token_hash(token), "username": row.username,
                                        "created_at": now_iso(), "expires_at": expires}])
        # a success clears the user name's failures and gives the address back this attempt
        conn.execute(delete(login_failures).where(login_failures.c.key == _user_key(body.username)))
        if address:
            conn.execute(update(login_failures).where(login_failures.c.key == "ip:" + address,
                                                      login_failures.c.failures > 0)
                         .values(failures=login_failures.c.failures - 1))
    principal = Principal(row.username, Scope(Role(row.role), row.region_code))
    return LoginResponse(token=token, expires_at=expires, account=principal.account())


@router.post("/logout", status_code=204, responses={401: {"model": Detail}})
def logout(request: Request, _: Principal = Depends(current_principal),
           credentials: HTTPAuthorizationCredentials = Security(bearer)) -> None:
    """Revoke the token of this request."""
    engine: Engine = request.app.state.db
    with write_conn(engine) as conn, conn.begin():
        conn.execute(update(tokens).where(tokens.c.token_hash == token_hash(credentials.credentials))
                     .values(revoked_at=now_iso()))


@router.get("/me", response_model=Account, responses={401: {"model": Detail}})
def me(principal: Principal = Depends(current_principal)) -> Account:
    """The account the token belongs to."""
    return principal.account()
