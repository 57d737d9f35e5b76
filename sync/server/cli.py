"""county-server [--db URL] init | add-account ... | revoke|disable|enable --username U | set-min-client VERSION
| prune [--keep-days N] | serve [--host H] [--port P] [--workers N] [--certfile F --keyfile K]"""
from __future__ import annotations

import argparse
import os
import sys

from .db import (DEFAULT_DB_URL, DEFAULT_KEEP_DAYS, MIN_CLIENT_VERSION_KEY, get_setting, init_db, make_engine, prune,
                 set_setting)


RESTORED_BY_COUNTY = 2 ** 62     # a cursor above any counter: `restored` always opens a window


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="county-server", description="村级就业帮扶台账 县服务器")
    p.add_argument("--db", default=os.environ.get("COUNTY_SERVER_DB", DEFAULT_DB_URL),
                   help="数据库地址：sqlite:///文件 或 postgresql+psycopg://用户@主机:端口/库 "
                        f"(默认 {DEFAULT_DB_URL}，或环境变量 COUNTY_SERVER_DB)")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="创建或升级数据库结构（可重复执行）")
    a = sub.add_parser("add-account", help="新建或修改账号（修改已有账号即重置密码：它的所有登录立即失效）")
    a.add_argument("--username", required=True)
    a.add_argument("--password", required=True)
    a.add_argument("--role", required=True, choices=["village", "township", "county"])
    a.add_argument("--region", required=True, help="12 位村、乡镇或县区划代码")
    for name, text in (("revoke", "注销账号的所有登录（如笔记本丢失）：各笔记本下次同步时需重新登录，未上传的修改保留在本机"),
                       ("disable", "停用账号：注销它的所有登录，且不能再登录（密码正确也不行）"),
                       ("enable", "重新启用停用的账号（原密码恢复有效）")):
        sub.add_parser(name, help=text).add_argument("--username", required=True)
    m = sub.add_parser("set-min-client", help="设置允许同步的最低台账程序版本（低于它的笔记本被要求升级；0 表示不限）")
    m.add_argument("version", nargs="?", help="程序版本，例如 0.2.0；0 取消限制；不写则显示当前设置")
    r = sub.add_parser("prune", help="清理已过期或已注销的登录凭据、过期的登录失败记录和旧的已应用修改记录")
    r.add_argument("--keep-days", type=int, default=DEFAULT_KEEP_DAYS,
                   help=f"已应用修改记录保留的天数（默认 {DEFAULT_KEEP_DAYS}；应长于任何笔记本离线不同步的时间）")
    sub.add_parser("restored", help="从备份恢复数据库之后、启动服务之前运行一次：笔记本会把备份之后上传、"
                                    "现在丢失的修改重新上传")
    s = sub.add_parser("serve", help="启动服务")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8765)
    s.add_argument("--workers", type=int, default=1, help="进程数（PostgreSQL 时可大于 1）")
    s.add_argument("--certfile", help="HTTPS：服务器证书文件（PEM，可含中间证书）")
    s.add_argument("--keyfile", help="HTTPS：服务器私钥文件（PEM）")
    return p


def _tls(args) -> dict:
    """uvicorn's TLS options, after checking the files are there and readable."""
    if not args.certfile and not args.keyfile:
        return {}
    if not (args.certfile and args.keyfile):
        raise ValueError("启用 HTTPS 需要同时给出 --certfile（证书）和 --keyfile（私钥）")
    import ssl
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(args.certfile, args.keyfile)
    except FileNotFoundError as exc:
        raise ValueError(f"找不到证书或私钥文件：{exc.filename}") from None
    except (ssl.SSLError, OSError) as exc:
        raise ValueError(f"证书 {args.certfile} 或私钥 {args.keyfile} 无法使用（不是 PEM 格式，或两者不配对）："
                         f"{exc}") from None
    return {"ssl_certfile": args.certfile, "ssl_keyfile": args.keyfile}


def _database_url(url: str) -> str:
    """The --db URL checked: SQLite or PostgreSQL (psycopg 3; a bare postgresql:// means it)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ValueError(f"数据库地址“{url}”格式不对，应为 sqlite:///文件路径 或 "
                         "postgresql+psycopg://用户@主机:端口/数据库名") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise ValueError(f"不支持的数据库“{parsed.drivername}”：县服务器只用 SQLite（sqlite:///文件路径）或 "
                         "PostgreSQL（postgresql+psycopg://用户@主机:端口/数据库名）")
    return parsed.render_as_string(hide_password=False)


def _database_problem(exc: Exception, engine) -> str | None:
    """A Chinese explanation of why the database cannot be opened or reached (None: not such a problem)."""
    from sqlalchemy.exc import DBAPIError
    if not isinstance(exc, DBAPIError):
        return None
    url, reason = engine.url, str(exc.orig).strip()
    if engine.dialect.name == "sqlite":
        from pathlib import Path
        name = getattr(exc.orig, "sqlite_errorname", "")
        path = Path(url.database or "").resolve()
        if name == "SQLITE_NOTADB":
            return f"文件 {path} 不是县服务器的 SQLite 数据库（或已损坏）：请检查 --db 的路径"
        if name != "SQLITE_CANTOPEN":
            return None
        folder = path.parent
        if not folder.is_dir():
            return f"无法打开数据库文件 {path}：文件夹 {folder} 不存在。请先创建这个文件夹（mkdir -p {folder}），或换一个路径"
        if path.is_dir():
            return f"无法打开数据库文件 {path}：这是一个文件夹，请给出文件路径，例如 sqlite:///{path / 'county.db'}"
        if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.R_OK | os.W_OK)):
            return f"无法打开数据库文件 {path}：没有读写权限。请用有权限的用户运行，或换一个路径"
        return f"无法打开数据库文件 {path}（{reason}）"
    host, port, db = url.host or "localhost", url.port or 5432, url.database
    user = url.username or "（当前系统用户）"
    server = f"PostgreSQL 服务器 {host}:{port}"
    if getattr(exc.orig, "sqlstate", None) == "3F000":      # no schema on the search path it may use
        return (f"{server} 上的数据库 {db} 中没有用户 {user} 能用来建表的模式（--db 中 search_path 指定的模式不存在，"
                f"或用户无权使用）。请创建该模式并授权（CREATE SCHEMA 名称 AUTHORIZATION {user};），或去掉 search_path")
    if getattr(exc.orig, "sqlstate", None) == "42501":      # insufficient privilege: cannot create tables
        return (f"{server} 上的数据库 {db} 不允许用户 {user} 建表（{reason.splitlines()[0]}）。请让它成为数据库的"
                f"所有者（createdb -O {user} {db}，或 ALTER DATABASE {db} OWNER TO {user};），"
                f"或在该库中执行 GRANT CREATE ON SCHEMA public TO {user};")
    if f'database "{db}" does not exist' in reason:
        createdb = f"createdb -h {host} -p {port}{f' -U {url.username}' if url.username else ''} {db}"
        return (f"{server} 上没有数据库 {db}。请先创建数据库：{createdb}"
                f"（或在 psql 中执行 CREATE DATABASE {db};），再运行 county-server --db … init")
    if "role" in reason and "does not exist" in reason:
        return (f"{server} 上没有用户 {user}：请先创建（例如 sudo -u postgres createuser --pwprompt {user}），"
                "或在 --db 中写已有的用户")
    if "password authentication failed" in reason or "no password supplied" in reason:
        return f"{server} 拒绝了用户 {user} 的登录：密码错误或没有给出密码（写在 --db 中：postgresql+psycopg://用户:密码@主机/库）"
    if "Connection refused" in reason or "failed to resolve host" in reason or "timeout expired" in reason:
        return (f"连不上 {server}：请确认 PostgreSQL 已启动、主机名和端口正确、防火墙允许连接"
                f"（详情：{reason.splitlines()[0]}）")
    if "connection failed" in reason or "connection to server" in reason:
        return f"无法连接 {server} 上的数据库 {db}：{reason.splitlines()[-1].strip()}"
    return None


def _check_port(host: str, port: int) -> None:
    """Fail with a Chinese reason before uvicorn does (its message is an English log line)."""
    import errno
    import socket
    if not 1 <= port <= 65535:
        raise ValueError(f"端口 {port} 无效，应在 1 到 65535 之间（默认 8765）")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise ValueError(f"监听地址 {host} 无法识别：请用本机的 IP 地址，或 0.0.0.0（所有网卡）") from None
    family, kind, proto, _name, address = infos[0]
    try:
        with socket.socket(family, kind, proto) as sock:
            if os.name != "nt":          # as uvicorn does (on Windows the option would share the port)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1), 10048):
            raise ValueError(f"端口 {port} 已被占用（{host}:{port}）：可能县服务器已经在运行，或别的程序在用这个端口。"
                             f"请先停止它，或用 --port 换一个端口") from None
        if exc.errno in (errno.EADDRNOTAVAIL, getattr(errno, "WSAEADDRNOTAVAIL", -1), 10049):
            raise ValueError(f"地址 {host} 不是本机的网络地址：请用本机的 IP 地址，或 0.0.0.0（所有网卡）") from None
        if exc.errno in (errno.EACCES, getattr(errno, "WSAEACCES", -1), 10013):
            raise ValueError(f"没有权限使用端口 {port}（1024 以下的端口需要管理员权限）：请换一个端口，例如 8765") from None
        raise ValueError(f"无法在 {host}:{port} 上监听：{exc.strerror or exc}") from None


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    engine = None
    try:
        args.db = _database_url(args.db)
        engine = make_engine(args.db)
        if args.command == "init":
            init_db(engine)
            print(f"数据库已就绪：{engine.url.render_as_string(hide_password=True)}")
        elif args.command == "add-account":
            from .auth import add_account, is_disabled
            init_db(engine)
            revoked = add_account(engine, args.username, args.password, args.role, args.region)
            if revoked is None:
                print(f"账号 {args.username} 已新建（{args.role}，{args.region}）")
            else:
                print(f"账号 {args.username} 已修改（{args.role}，{args.region}），密码已重置；它原有的 {revoked} 个"
                      "有效登录已全部注销，各笔记本需用新密码重新登录（未上传的修改保留在本机）")
                if is_disabled(engine, args.username):
                    print(f"注意：账号 {args.username} 仍是停用状态，启用请运行 county-server enable --username "
                          f"{args.username}")
        elif args.command == "revoke":
            from .auth import revoke_tokens
            init_db(engine)
            n = revoke_tokens(engine, args.username)
            print(f"已注销账号 {args.username} 的全部登录（{n} 个有效）：正在使用它的笔记本下次同步时会被要求重新登录，"
                  "未上传的修改保留在本机。知道密码的人仍可再登录；笔记本丢失时请同时重置密码（add-account）或停用账号"
                  "（disable）")
        elif args.command in ("disable", "enable"):
            from .auth import set_disabled
            init_db(engine)
            n = set_disabled(engine, args.username, args.command == "disable")
            if args.command == "disable":
                print(f"账号 {args.username} 已停用，它的 {n} 个有效登录已注销；恢复请运行 county-server enable "
                      f"--username {args.username}")
            else:
                print(f"账号 {args.username} 已启用，可用原密码登录")
        elif args.command == "set-min-client":
            from sync.protocol import version_tuple
            init_db(engine)
            if args.version is None:
                current = get_setting(engine, MIN_CLIENT_VERSION_KEY)
                print(f"当前要求台账程序版本至少 {current}" if current else "当前不限台账程序版本")
            elif version_tuple(args.version) == (0,) * len(version_tuple(args.version)):
                set_setting(engine, MIN_CLIENT_VERSION_KEY, None)
                print("已取消最低版本限制：任何版本的台账程序都可以同步")
            else:
                set_setting(engine, MIN_CLIENT_VERSION_KEY, args.version.strip())
                print(f"已设置：台账程序版本至少 {args.version.strip()} 才能登录和同步（正在运行的服务器立即生效，"
                      "无需重启；旧版笔记本会被提示升级，未上传的修改保留在本机）")
        elif args.command == "prune":
            init_db(engine)
            done = prune(engine, args.keep_days)
            print(f"已清理：登录凭据 {done['tokens']} 个（已过期或已注销），登录失败记录 {done['login_failures']} 条，"
                  f"{args.keep_days} 天前的已应用修改记录 {done['changes']} 条")
        elif args.command == "restored":
            from .restore import report_restore
            init_db(engine)
            windows = report_restore(engine, RESTORED_BY_COUNTY)
            print(f"已记录：数据库从备份恢复（备份截至第 {windows[-1].after} 号修改）。笔记本下次同步时会把之后的修改"
                  "重新上传；请现在启动服务（serve）")
        elif args.command == "serve":
            tls = _tls(args)
            _check_port(args.host, args.port)
            init_db(engine)
            engine.dispose()
            import uvicorn
            os.environ["COUNTY_SERVER_DB"] = args.db
            if args.workers > 1:
                uvicorn.run("sync.server.cli:app_from_env", factory=True, host=args.host, port=args.port,
                            workers=args.workers, log_level="warning", **tls)
            else:
                uvicorn.run(app_from_env(), host=args.host, port=args.port, log_level="warning", **tls)
        return 0
    except ValueError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - a CLI shows a message, not a traceback
        problem = _database_problem(exc, engine) if engine is not None else None
        if problem is not None:
            print(f"错误：{problem}", file=sys.stderr)
            return 2
        from sqlalchemy.exc import DBAPIError
        if isinstance(exc, DBAPIError):
            print(f"错误：数据库出错：{str(exc.orig).strip()}", file=sys.stderr)
        else:
            print(f"错误：{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        if engine is not None:
            engine.dispose()


def app_from_env():
    from .app import create_app
    return create_app(os.environ.get("COUNTY_SERVER_DB", DEFAULT_DB_URL), init=False)


if __name__ == "__main__":
    sys.exit(main())
