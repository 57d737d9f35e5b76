"""``village-ledger``: one program for the window and the command line.

    village-ledger [--data-dir DIR]                      open the window
    village-ledger [--data-dir DIR] demo --households N  fill a demo ledger
    village-ledger [--data-dir DIR] import FILE [--skip-invalid]
    village-ledger [--data-dir DIR] export FILE
    village-ledger [--data-dir DIR] check

Exit status: 0 success, 1 input rejected or a known problem (nothing changed), 2 usage error,
3 server unreachable (sync), 4 this program is too old for the county server (sync, login: upgrade it).
Known problems print a Chinese message; a bug is logged with its traceback
and reported calmly, never as a Python error on the screen.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from desktop import paths
from desktop.errors import UserError

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_UNREACHABLE, EXIT_UPGRADE = 0, 1, 2, 3, 4

log = logging.getLogger("village_ledger")


class KnownError(UserError):
    """A problem the user can act on; its message is shown as is."""

    def __init__(self, message: str, exit_code: int = EXIT_REJECTED):
        super().__init__(message)
        self.exit_code = exit_code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="village-ledger", description="村级就业帮扶台账")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="台账数据所在文件夹（默认为本机用户数据文件夹）")
    parser.add_argument("--lang", choices=["zh_CN", "en"], default=None, help="界面语言")
    commands = parser.add_subparsers(dest="command", metavar="命令")

    demo = commands.add_parser("demo", help="生成演示台账数据")
    demo.add_argument("--households", type=_positive_int, default=300, help="户数")
    demo.add_argument("--seed", type=int, default=2021, help="随机种子（相同种子生成相同数据）")

    imp = commands.add_parser("import", help="导入Excel台账（国家系统导出表或本程序导出的台账）")
    imp.add_argument("file", type=Path)
    imp.add_argument("--skip-invalid", action="store_true",
                     help="跳过有错误的行，导入其余有效的户；被拒绝的行写入错误清单")

    exp = commands.add_parser("export", help="导出台账到Excel")
    exp.add_argument("file", type=Path)

    commands.add_parser("check", help="校验台账，打印错误和警告")

    for register in _extra_commands():
        register(commands)
    return parser


def _extra_commands():
    """Commands contributed by other parts (sync adds login / sync / conflicts)."""
    try:
        from desktop.sync_commands import register_commands
    except ImportError:
        return []
    return [register_commands]


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("必须是正整数")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(args.data_dir)
    if args.command is None:
        from desktop.ui.app import run_gui
        return run_gui(args)
    try:
        code = args.handler(args) if hasattr(args, "handler") else _HANDLERS[args.command](args)
        sys.stdout.flush()          # a closed pipe shows up here at the latest, inside the guard
        return code
    except BrokenPipeError:
        return _reader_went_away()
    except UserError as exc:
        print(str(exc), file=sys.stderr)
        return getattr(exc, "exit_code", EXIT_REJECTED)
    except Exception:  # noqa: BLE001 - the last guard between a bug and the user's screen
        log.exception("unexpected error in command %s", args.command)
        print(f"程序内部出错，操作未完成，台账未改动。请把日志文件 {paths.log_path(args.data_dir)} "
              "发给县人社局技术人员。", file=sys.stderr)
        return EXIT_REJECTED


def _reader_went_away() -> int:
    """The output was piped into a program that stopped reading (``village-ledger conflicts --json | head``):
    not an error of ours, and nothing more to say. Python's own flush at exit must not complain either."""
    import os
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return EXIT_OK


def _configure_logging(data_dir) -> None:
    log_file = paths.log_path(data_dir)
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(log_file, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    if not any(isinstance(h, type(handler)) for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(logging.INFO)


def open_ledger(args):
    from desktop.store.ledger import Ledger
    return Ledger.open(paths.ledger_path(args.data_dir))


def _demo(args) -> int:
    from desktop.demo import generate
    ledger = open_ledger(args)
    try:
        summary = generate(ledger, households=args.households, seed=args.seed)
    finally:
        ledger.close()
    print(f"已生成演示数据：{summary.households} 户，{summary.persons} 人，{summary.spells} 条务工记录。")
    return EXIT_OK


def _import(args) -> int:
    from desktop.excel.importer import ImportRejected, import_file
    if not args.file.exists():
        raise KnownError(f"找不到文件：{args.file}")
    _refuse_read_only(args, "导入")
    ledger = open_ledger(args)
    try:
        report = import_file(ledger, args.file, skip_invalid=args.skip_invalid)
    except ImportRejected as rejected:
        print(rejected.report.describe(), file=sys.stderr)
        return EXIT_REJECTED
    finally:
        ledger.close()
    print(report.describe())
    return EXIT_OK


def _refuse_read_only(args, what: str) -> None:
    """A ledger logged in with a township or county account is only looked at: its changes would never
    be sent (the server refuses them) and would stay on this computer only."""
    try:
        from desktop import sync_support as S
    except ImportError:
        return
    db = paths.ledger_path(args.data_dir)
    if not db.exists():
        return
    reason = S.read_only_reason(db)
    if reason:
        raise KnownError(f"不能{what}：{reason}。在这台电脑上{what}的数据只会留在本机，不会上传到县服务器；"
                         f"请在村里的电脑（村级账号）上{what}。")


def _export(args) -> int:
    from desktop.excel.exporter import export_ledger
    ledger = open_ledger(args)
    try:
        summary = export_ledger(ledger, args.file)
    finally:
        ledger.close()
    print(summary.describe())
    return EXIT_OK


def _check(args) -> int:
    from desktop.checks import ledger_report
    ledger = open_ledger(args)
    try:
        report = ledger_report(ledger)
    finally:
        ledger.close()
    print(report.describe())
    return EXIT_OK


_HANDLERS = {"demo": _demo, "import": _import, "export": _export, "check": _check}


if __name__ == "__main__":
    sys.exit(main())
