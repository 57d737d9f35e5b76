"""county-server [--db URL] init | add-account ... | revoke|disable|enable --username U | set-min-client VERSION
| prune [--keep-days N] | serve [--host H] [--port P] [--workers N] [--certfile F --keyfile K]"""
from __future__ import annotations

import argparse
import os
import sys

from .db import (DEFAULT_DB_URL, DEFAULT_KEEP_DAYS, MIN_CLIENT_VERSION_KEY, get_setting, init_db, make_engine, prune,
                 set_setting)


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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
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
        elif args.command == "serve":
            tls = _tls(args)
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
        print(f"错误：{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


def app_from_env():
    from .app import create_app
    return create_app(os.environ.get("COUNTY_SERVER_DB", DEFAULT_DB_URL), init=False)


if __name__ == "__main__":
    sys.exit(main())
