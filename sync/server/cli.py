"""county-server [--db URL] init | add-account ... | serve [--host H] [--port P]"""
from __future__ import annotations

import argparse
import os
import sys

from .db import DEFAULT_DB_URL, init_db, make_engine


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="county-server", description="村级就业帮扶台账 县服务器")
    p.add_argument("--db", default=os.environ.get("COUNTY_SERVER_DB", DEFAULT_DB_URL),
                   help="数据库地址：sqlite:///文件 或 postgresql+psycopg://用户@主机:端口/库 "
                        f"(默认 {DEFAULT_DB_URL}，或环境变量 COUNTY_SERVER_DB)")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="创建或升级数据库结构（可重复执行）")
    a = sub.add_parser("add-account", help="新建或修改账号")
    a.add_argument("--username", required=True)
    a.add_argument("--password", required=True)
    a.add_argument("--role", required=True, choices=["village", "township", "county"])
    a.add_argument("--region", required=True, help="12 位村、乡镇或县区划代码")
    s = sub.add_parser("serve", help="启动服务")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8765)
    s.add_argument("--workers", type=int, default=1, help="进程数（PostgreSQL 时可大于 1）")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        engine = make_engine(args.db)
        if args.command == "init":
            init_db(engine)
            print(f"数据库已就绪：{engine.url.render_as_string(hide_password=True)}")
        elif args.command == "add-account":
            from .auth import add_account
            init_db(engine)
            add_account(engine, args.username, args.password, args.role, args.region)
            print(f"账号 {args.username} 已保存（{args.role}，{args.region}）")
        elif args.command == "serve":
            init_db(engine)
            engine.dispose()
            import uvicorn
            os.environ["COUNTY_SERVER_DB"] = args.db
            if args.workers > 1:
                uvicorn.run("sync.server.cli:app_from_env", factory=True, host=args.host, port=args.port,
                            workers=args.workers, log_level="warning")
            else:
                uvicorn.run(app_from_env(), host=args.host, port=args.port, log_level="warning")
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
