"""The sync commands of ``village-ledger`` (registered by desktop/cli.py):

    village-ledger [--data-dir D] login --server URL --username U [--password P] [--ca-file F]
    village-ledger [--data-dir D] logout
    village-ledger [--data-dir D] sync
    village-ledger [--data-dir D] conflicts [--json]
    village-ledger [--data-dir D] conflicts resolve ID --keep local|server

`conflicts --json` prints {"conflicts": [{id, entity, record_id, record, field, field_label, local_value,
server_value, local_text, server_text, created_at, lost_here, local_label, server_label, keep_local,
keep_server}], "duplicates": [{id, id_number, person_id, record,
other_village_code, other_village, other_name, created_at}], "rejected": [{change_id, entity, record_id,
record, fields, reason, created_at}]}; `record` is the human description (name and ID number).

A conflict is one field two computers changed: the value that reached the county server first is in use
(`server_*`), the other was not adopted (`local_*`). The conflict record is the same on every laptop, so whose
the value not adopted is depends on the laptop: `lost_here` is true only on the laptop that submitted it,
and `local_label` / `server_label` say it in words ("本机的值" / "县服务器上的值" there, "其他电脑提交的值
（未采用）" / "现在的值" elsewhere). `conflicts resolve ID --keep local` adopts the value not adopted (on the
laptop that submitted it: its own value back; elsewhere: the other computer's value), `--keep server` keeps
the value in use; `keep_local` / `keep_server` say what each does on this laptop. The choice syncs.

Exit status: 0 done / everything in sync; 1 rejected (wrong password, changes refused by the server,
local changes held back because the account may only read, unknown conflict); 2 usage (an unusable address or certificate file); 3 the server cannot be reached (or
is failing): nothing local was changed beyond what the server acknowledged; 4 this program is older than
the county server accepts (upgrade it; nothing was sent, unsent changes stay).
"""
from __future__ import annotations

import getpass
import json
import sys

from desktop import paths
from desktop.cli import EXIT_OK, EXIT_REJECTED, EXIT_UNREACHABLE, EXIT_UPGRADE, EXIT_USAGE, KnownError
from desktop import sync_support as S

LIST_LIMIT = 50          # refused changes printed by `sync`; `conflicts` lists them all
UNREACHABLE_HINT = "修改都保存在本机，联网后再运行 village-ledger sync 即可。"


def register_commands(commands) -> None:
    p = commands.add_parser("login", help="登录县服务器（保存登录凭据，之后自动同步）")
    p.add_argument("--server", required=True, help="县服务器地址，例如 http://192.168.1.10:8765")
    p.add_argument("--username", required=True, help="用户名")
    p.add_argument("--password", help="密码（不写则提示输入）")
    p.add_argument("--ca-file", help="县里发的 CA 证书文件（服务器用 https 时）")
    p.set_defaults(handler=login_command)

    p = commands.add_parser("logout", help="退出登录（本机数据和未上传的修改都保留）")
    p.set_defaults(handler=logout_command)

    p = commands.add_parser("sync", help="与县服务器同步：上传本机修改，下载其他人的修改")
    p.set_defaults(handler=sync_command)

    p = commands.add_parser("conflicts", help="列出未处理的冲突、重复身份证和被退回的修改")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    sub = p.add_subparsers(dest="conflicts_command", metavar="操作")
    r = sub.add_parser("resolve", help="处理一条冲突")
    r.add_argument("id", help="冲突编号（conflicts 列出的编号）")
    r.add_argument("--keep", required=True, choices=["local", "server"],
                   help="local：采用未被采用的那个值（本机提交的值没被采用时，就是改回本机的值）；"
                        "server：保留县服务器上现在的值。conflicts 列出每条冲突时写明了两种选择各自的结果")
    p.set_defaults(handler=conflicts_command)


# --------------------------------------------------------------------------------------- helpers
def _db(args):
    db = paths.ledger_path(args.data_dir)
    S.ensure_ledger(db)
    return db


def _known(exc) -> KnownError:
    """A sync error as a CLI error with its exit status."""
    from sync.client import ClientTooOld, ServerBusy, ServerUnreachable
    if isinstance(exc, ClientTooOld):
        return KnownError(exc.message, EXIT_UPGRADE)
    if isinstance(exc, (ServerUnreachable, ServerBusy)):
        return KnownError(f"{exc.message}\n{UNREACHABLE_HINT}", EXIT_UNREACHABLE)
    return KnownError(exc.message, EXIT_REJECTED)


# --------------------------------------------------------------------------------------- login
def login_command(args) -> int:
    from sync.client import AuthFailed, SyncError
    db = _db(args)
    password = args.password if args.password is not None else getpass.getpass("密码：")
    try:
        result = S.login_account(db, args.server, args.username, password, S.token_store(args.data_dir),
                                 ca_file=args.ca_file)
    except S.DemoLedgerRefused as exc:
        raise KnownError(str(exc), EXIT_REJECTED) from None
    except S.SetupError as exc:
        raise KnownError(str(exc), EXIT_USAGE) from None
    except AuthFailed as exc:
        # the server's reason may say how many tries are left before the account is paused
        reason = exc.message if exc.message.startswith("用户名或密码错误") else f"用户名或密码错误（{exc.message}）"
        raise KnownError(f"登录失败：{reason}。请核对后重新输入；忘记密码请找县人社局管理员重置。",
                         EXIT_REJECTED) from None
    except SyncError as exc:
        raise _known(exc) from None
    print(f"已登录 {result.server_url}：账号 {result.username}（{result.role_label}），"
          f"所属区域：{result.region_name}（{result.region_code}）")
    if result.role != "village":
        print(f"注意：{result.role_label}只能查看台账，不能修改。")
    print("运行 village-ledger sync 开始同步。")
    return EXIT_OK


def logout_command(args) -> int:
    from sync.client import Transport, logout
    db = _db(args)
    settings = S.read_settings(db)
    if not settings.configured:
        print("本机尚未登录县服务器。")
        return EXIT_OK
    transport = Transport(settings.server_url, verify=S.verify_of(settings.ca_file))
    logout(db, S.token_store(args.data_dir), transport=transport)
    print(f"已退出账号 {settings.account['username']}。本机台账和未上传的修改都还在，重新登录后继续同步。")
    return EXIT_OK


# --------------------------------------------------------------------------------------- sync
def sync_command(args) -> int:
    from sync.client import SyncError
    db = _db(args)
    engine = S.make_engine(db, S.token_store(args.data_dir))
    progress = _show_progress if sys.stderr.isatty() else None
    try:
        report = engine.sync_once(progress, force=True)
    except SyncError as exc:
        raise _known(exc) from None
    finally:
        if progress is not None:
            print(file=sys.stderr)
    status = engine.status()
    print(f"同步完成：上传 {report.pushed} 条修改，下载 {report.pulled} 条记录"
          f"（{report.requests} 次请求，{report.duration:.1f} 秒）。")
    review = S.load_review(db, with_region_names=False)
    code = EXIT_OK
    if review.rejected:
        code = EXIT_REJECTED
        print(f"有 {len(review.rejected)} 条修改被服务器退回（其他修改已正常上传），请改正后再同步：",
              file=sys.stderr)
        for item in review.rejected[:LIST_LIMIT]:
            print(f"  - {item.record}｜{item.fields}：{item.reason}", file=sys.stderr)
        if len(review.rejected) > LIST_LIMIT:
            print(f"  ……另有 {len(review.rejected) - LIST_LIMIT} 条，运行 village-ledger conflicts 查看全部。",
                  file=sys.stderr)
    if report.held_back:
        code = EXIT_REJECTED
        reason = S.read_only_reason(db) or "这个账号只能查看，不能修改"
        print(f"本机有 {report.held_back} 条修改没有上传：{reason}，县服务器不接收这个账号的修改。"
              "这些修改只留在本机，和县服务器上的台账不一致；需要改的内容请在村里的电脑（村级账号）上修改。",
              file=sys.stderr)
    if report.count_mismatch:
        code = EXIT_REJECTED
        parts = "、".join(f"{S.ENTITY_LABELS.get(e, e)} 本机 {a} 条/服务器 {b} 条"
                         for e, (a, b) in report.count_mismatch.items())
        print(f"同步后核对记录数不一致（{parts}），请再同步一次；仍不一致请联系县里。", file=sys.stderr)
    if status.open_conflicts:
        print(f"有 {status.open_conflicts} 处冲突待处理（两边改了同一项），运行 village-ledger conflicts 查看。")
    if status.open_duplicates:
        print(f"有 {status.open_duplicates} 个身份证号在其他村也登记了，运行 village-ledger conflicts 查看。")
    if code == EXIT_OK and status.pending == 0:
        print("本机与县服务器已一致。")
    return code


def _show_progress(p) -> None:
    """One line, rewritten in place, while a long round runs in a terminal."""
    print(f"\r正在同步：已上传 {p.pushed} 条，已下载 {p.pulled} 条……", end="", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------- conflicts
def conflicts_command(args) -> int:
    if args.conflicts_command == "resolve":
        return _resolve(args)
    review = S.load_review(_db(args))
    if args.json:
        print(json.dumps(review.to_json(), ensure_ascii=False, indent=2, default=str))
        return EXIT_OK
    print(_describe_review(review))
    return EXIT_OK


def _describe_review(review: S.Review) -> str:
    lines: list[str] = []
    if not review.conflicts:
        lines.append("没有未处理的冲突。")
    else:
        lines.append(f"未处理的冲突 {len(review.conflicts)} 处（两台电脑改了同一项：先到县服务器的值已采用，"
                     "另一个值保留在这里等您决定）：")
        for n, c in enumerate(review.conflicts, 1):
            lines += [f"[{n}] 编号 {c.id}",
                      f"    记录：{c.record}",
                      f"    字段：{c.field_label}",
                      f"    {c.local_label}：{c.local_text}",
                      f"    {c.server_label}：{c.server_text}",
                      f"    --keep local：{c.keep_local_means}；--keep server：{c.keep_server_means}"]
        lines.append("处理：village-ledger conflicts resolve 编号 --keep local 或 --keep server"
                     "（每条冲突下写明了两种选择的结果）")
    if review.duplicates:
        lines.append(f"身份证号重复 {len(review.duplicates)} 处（同一个身份证号在两个村都登记了，请两村核实）：")
        for d in review.duplicates:
            other = f"{d.other_name}，" if d.other_name else ""
            lines.append(f"  - {d.record} 也登记在 {d.other_village}（{other}村代码 {d.other_village_code}）")
    if review.rejected:
        lines.append(f"被服务器退回的修改 {len(review.rejected)} 条（改正该记录后会重新上传）：")
        for r in review.rejected:
            lines.append(f"  - {r.record}｜{r.fields}：{r.reason}")
    return "\n".join(lines)


def _resolve(args) -> int:
    from desktop.store import sync_hooks
    from sync.client import ResolveError, resolve_conflict
    db = _db(args)
    try:
        conflict_id = S.find_conflict_id(db, args.id)
        item = next((c for c in S.load_review(db, with_region_names=False).conflicts if c.id == conflict_id), None)
        resolve_conflict(db, conflict_id, args.keep, on_applied=sync_hooks.on_applied)
    except (S.SetupError, ResolveError) as exc:
        raise KnownError(str(exc), EXIT_REJECTED) from None
    if item is None:
        print("这条冲突已处理。")
    else:
        done = item.keep_local_means if args.keep == "local" else item.keep_server_means
        print(f"已处理：{item.record} 的“{item.field_label}”{done}。下次同步时上传这个决定。")
    return EXIT_OK


__all__ = ["register_commands"]

