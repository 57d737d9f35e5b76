"""Accounts, passwords (scrypt), bearer tokens (random; only their SHA-256 is stored), and the auth router."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, Depends, Header, HTTPException, Request
from sqlalchemy import Engine, select, update

from sync.protocol import Account, Detail, LoginRequest, LoginResponse
from sync.scope import Role, Scope, region_error

from .db import accounts, single_statement_conn, tokens, write_conn
from .deps import require_protocol

TOKEN_TTL = timedelta(days=30)
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


def add_account(engine: Engine, username: str, password: str, role: str, region: str) -> None:
    """Create or update an account; raises ValueError with a Chinese reason on bad input."""
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
    with write_conn(engine) as conn, conn.begin():
        exists = conn.execute(select(accounts.c.username).where(accounts.c.username == username)).first()
        if exists:
            conn.execute(update(accounts).where(accounts.c.username == username).values(**row))
        else:
            conn.execute(accounts.insert(), [{"username": username, "created_at": now_iso(), **row}])


def _unauthorized(message: str) -> HTTPException:
    return HTTPException(401, message, headers={"WWW-Authenticate": "Bearer"})


def current_principal(request: Request, authorization: str | None = Header(default=None)) -> Principal:
    """The logged-in account of a data request (401 with a Chinese reason otherwise)."""
    if not authorization or not authorization.startswith("Bearer "):
        raise _unauthorized("未登录：请先登录县服务器")
    engine: Engine = request.app.state.db
    with single_statement_conn(engine) as conn:
        row = conn.execute(
            select(accounts.c.username, accounts.c.role, accounts.c.region_code, tokens.c.expires_at,
                   tokens.c.revoked_at)
            .join(accounts, accounts.c.username == tokens.c.username)
            .where(tokens.c.token_hash == token_hash(authorization[7:].strip()))).first()
    if row is None or row.revoked_at is not None:
        raise _unauthorized("登录已失效（已退出或被注销），请重新登录")
    if row.expires_at <= now_iso():
        raise _unauthorized("登录已过期，请重新登录")
    return Principal(row.username, Scope(Role(row.role), row.region_code))


router = APIRouter(prefix="/api/v1", tags=["auth"], dependencies=[Depends(require_protocol)])


@router.post("/login", response_model=LoginResponse, responses={401: {"model": Detail}})
def login(body: LoginRequest, request: Request) -> LoginResponse:
    """Exchange username and password for a bearer token (valid 30 days, revocable)."""
    engine: Engine = request.app.state.db
    with engine.connect() as conn:
        row = conn.execute(select(accounts).where(accounts.c.username == body.username)).first()
    ok = verify_password(body.password, row.password_hash if row else _DUMMY_HASH)
    if row is None or not ok:
        raise _unauthorized("用户名或密码错误")
    token = secrets.token_urlsafe(32)
    expires = (datetime.now(UTC) + TOKEN_TTL).isoformat(timespec="seconds")
    with write_conn(engine) as conn, conn.begin():
        conn.execute(tokens.insert(), [{"token_hash": token_hash(token), "username": row.username,
                                        "created_at": now_iso(), "expires_at": expires}])
    principal = Principal(row.username, Scope(Role(row.role), row.region_code))
    return LoginResponse(token=token, expires_at=expires, account=principal.account())


@router.post("/logout", status_code=204, responses={401: {"model": Detail}})
def logout(request: Request, authorization: str | None = Header(default=None),
           _: Principal = Depends(current_principal)) -> None:
    """Revoke the token of this request."""
    engine: Engine = request.app.state.db
    with write_conn(engine) as conn, conn.begin():
        conn.execute(update(tokens).where(tokens.c.token_hash == token_hash(authorization[7:].strip()))
                     .values(revoked_at=now_iso()))


@router.get("/me", response_model=Account, responses={401: {"model": Detail}})
def me(principal: Principal = Depends(current_principal)) -> Account:
    """The account the token belongs to."""
    return principal.account()
