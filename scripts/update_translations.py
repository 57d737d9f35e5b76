"""Refresh the window shell's Simplified Chinese translation.

    .venv/bin/python scripts/update_translations.py          # lupdate, fill from ZH below, lrelease
    .venv/bin/python scripts/update_translations.py --check  # exit 1 if a shell string has no Chinese

1. ``pyside6-lupdate`` collects the English source strings of the shell's files into
   ``resources/translations/shell_zh_CN.ts`` (keeping existing translations, dropping obsolete ones).
2. Every message whose source is in ``ZH`` (by ``(context, source)`` or by source alone) gets that Chinese
   text and is marked finished.
3. ``pyside6-lrelease`` compiles ``shell_zh_CN.qm``; the ``.qm`` is committed so a fresh clone runs
   without the Qt tools (``build.spec`` collects ``resources/``).
The forms have their own ``forms_zh_CN.ts``; ``desktop.ui.translations`` loads every ``*_zh_CN.qm``.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "shell_zh_CN.ts"
SOURCES = [
    "desktop/ui/app.py", "desktop/ui/main_window.py", "desktop/ui/main_actions.py", "desktop/ui/record_flows.py",
    "desktop/ui/status_counts.py", "desktop/ui/filters.py", "desktop/ui/zero_view.py",
    "desktop/ui/messages.py", "desktop/ui/models/display.py", "desktop/ui/models/households.py",
    "desktop/ui/models/persons.py", "desktop/ui/models/zero.py", "desktop/ui/first_run.py",
    "desktop/ui/undo.py",
]

ZH: dict[str | tuple[str, str], str] = {
    # main window
    "Village employment ledger": "村级就业帮扶台账",
    "Search: name, pinyin initials (e.g. zs), ID number or phone digits   (Ctrl+F)":
        "搜索：姓名、拼音或首字母（如 zs）、身份证号或电话的几位数字　（Ctrl+F）",
    "&Search": "搜索(&S)",
    "&Households": "户(&H)",
    "&Persons": "人员(&P)",
    "&Zero-employment households": "零就业家庭(&Z)",
    "&Zero-employment households (%1)": "零就业家庭 %1 户(&Z)",
    "&Import Excel…": "导入Excel(&I)…",
    "Import the national system export or a ledger workbook": "导入国家系统导出表或本程序导出的台账",
    "&Export Excel…": "导出Excel(&E)…",
    "Save the whole ledger as an Excel workbook": "把整个台账保存为Excel工作簿",
    "E&xit": "退出(&X)",
    "New &household": "新增户(&H)",
    "New &person": "新增人员(&P)",
    "Add a member to the selected household": "给选中的户添加家庭成员",
    "&Open": "打开(&O)",
    "&Delete…": "删除(&D)…",
    "&Undo delete": "撤销删除(&U)",
    "&Find": "查找(&F)",
    "&Refresh": "刷新(&R)",
    "&Filter panel": "筛选栏(&F)",
    "&About": "关于(&A)",
    "&File": "文件(&F)",
    "&Edit": "编辑(&E)",
    "&View": "视图(&V)",
    "&Help": "帮助(&H)",
    "Main": "工具栏",
    "Household": "户信息",
    "Ledger: %1 households, %2 persons": "台账共 %1 户，%2 人",
    "shown: %1 households": "当前列表 %1 户",
    "shown: %1 persons": "当前列表 %1 人",
    "only the best %1 matches are listed, type more to narrow": "只列出最接近的 %1 人，多输入几个字可缩小范围",
    "The ledger is empty.\n\nTo download your village's ledger from the county, log in with Sync → Sync "
    "settings….\nOr import your Excel ledger with File → Import Excel…,\nor add a household with Edit → New "
    "household (Ctrl+N).":
        "台账里还没有记录。\n\n要从县里下载本村的台账，请用 同步 → 同步设置… 登录县服务器。\n"
        "也可以用 文件 → 导入Excel… 导入现有的Excel台账，\n或用 编辑 → 新增户（Ctrl+N）逐户录入。",
    "This account can only view the ledger, not change it.": "此账号只能查看台账，不能修改。",
    "Type at least 4 digits to search ID numbers or phones.": "按身份证号或电话查找时，请至少输入4位数字。",
    "Nothing matches the search and filters.\nClear the search box or click “Show all” on the left.":
        "没有符合搜索和筛选条件的记录。\n请清空搜索框，或点左侧的“显示全部”。",
    "Select a household or person first.": "请先选中一户或一个人。",
    "The household page is not available in this version.": "此版本还没有户页面。",
    "The household form is not available in this version.": "此版本还没有户信息表。",
    "Select the household the new person belongs to first.": "请先选中新成员所在的户。",
    "The person form is not available in this version.": "此版本还没有人员信息表。",
    "Select a household or person to delete first.": "请先选中要删除的户或人员。",
    "the household of %1 and all its members": "%1 户及其全部家庭成员",
    "household of %1": "%1 户",
    "Delete": "删除",
    "Delete %1?\nYou can undo this with Ctrl+Z.": "确定删除 %1 吗？\n删除后可以按 Ctrl+Z 撤销。",
    "Deleted %1. Ctrl+Z undoes it.": "已删除 %1。按 Ctrl+Z 可撤销。",
    "Excel import is not available in this version.": "此版本还不能导入Excel。",
    "Excel export is not available in this version.": "此版本还不能导出Excel。",
    "<b>Village employment ledger</b> %1<br><br>Keeps the households, workers and employment of one "
    "village on this computer, without network.<br>Data file: %2<br>Problems: send the log file next to "
    "it to the county IT staff.":
        "<b>村级就业帮扶台账</b> %1<br><br>在本机保存本村各户、劳动力和务工就业信息，不需要联网。<br>"
        "数据文件：%2<br>遇到问题请把同一文件夹里的日志文件发给县人社局技术人员。",
    "About": "关于",
    "Nothing to undo.": "没有可以撤销的删除。",
    "Restored: %1": "已恢复：%1",
    # filter panel
    "Zero-employment households only": "只看零就业家庭",
    "Show all": "显示全部",
    "Filter": "筛选",
    "&Village": "村(&V)",
    "Household &type": "户类型(&T)",
    "&Labour category": "劳动技能(&L)",
    "&Employment": "就业状态(&E)",
    "All": "全部",
    "All villages": "全部村",
    # zero-employment view
    "Recount": "重新统计",
    "Zero-employment households: counting…": "零就业家庭：正在统计…",
    "Zero-employment households: %1": "零就业家庭：%1 户",
    "of which overdue: %1": "其中超期未清零：%1 户",
    "No zero-employment households on %1: every lifted or monitored household with labour has at least "
    "one member in work.": "截至 %1 没有零就业家庭：有劳动力的脱贫户和监测户都至少有一人在务工就业。",
    "As of %1. A household must have a member in work by the end of the quarter in which it became "
    "zero-employment; red ones are past that deadline. Double-click to open.":
        "统计日期 %1。零就业家庭须在出现当季季末前实现至少一人就业（动态清零）；红色为已超期未清零。双击打开该户。",
    # list columns
    "Household no.": "户编号",
    "Village": "村",
    "Head": "户主姓名",
    "Members": "人数",
    "Type / monitoring": "户类型（监测类别）",
    "Phone": "联系电话",
    "Zero employment": "零就业",
    "Sync": "同步状态",
    "(none yet)": "（暂无）",
    "(no head)": "（无户主）",
    "Overdue": "超期",
    "Yes": "是",
    "Name": "姓名",
    "Sex": "性别",
    "Age": "年龄",
    "ID number": "证件号码",
    "Relation": "与户主关系",
    "Labour": "劳动技能",
    "Employment": "就业状态",
    "Not employed": "未就业",
    "Zero since": "零就业起始",
    "Clear by": "清零期限",
    "State": "状态",
    "Labour members": "劳动力成员",
    "unknown": "不详",
    "Overdue by %n day(s)": "超期 %n 天",
    "%n day(s) left": "还剩 %n 天",
    # sync states
    "● Not sent": "● 未上传",
    "✓ Synced": "✓ 已同步",
    "✗ Rejected": "✗ 被退回",
    "⚠ Conflict": "⚠ 有冲突",
    "Saved on this computer, not yet sent to the county server": "已保存在本机，还没有上传到县服务器",
    "Same as on the county server": "与县服务器一致",
    "The county server refused the last change; open the record to fix it": "县服务器退回了最近的修改，请打开记录改正",
    "Changed here and on the server at the same time; please check": "本机和服务器同时修改了这条记录，请核对",
    # start-up (context App)
    "Import your Excel ledger with File → Import Excel…, or add a household with Edit → New household. Log "
    "in to the county server from the Sync menu whenever you are ready.":
        "可以用 文件 → 导入Excel… 导入本村的Excel台账，或用 编辑 → 新增户 逐户录入。"
        "需要时随时可以在“同步”菜单里登录县服务器。",
    # first run (contexts WelcomeDialog, DemoMode)
    "Welcome": "欢迎使用",
    "The ledger on this computer is still empty. What would you like to do first?":
        "这台电脑上的台账还是空的。您想先做什么？",
    "Connect to the county server": "连接县服务器",
    "Log in with the user name and password the county labour bureau gave you. Your village's ledger is "
    "then downloaded and kept in sync automatically.":
        "用县人社局发给您的用户名和密码登录。登录后本村的台账会从县里下载下来，以后自动同步。",
    "Practise with demo data": "先用演示数据练习",
    "Fill this computer with %1 invented households to try everything out. Practice data never goes to "
    "the county. When you are done, choose File → Clear demo data… and then connect to the county server.":
        "生成 %1 户虚构的演示数据，随便试用各项功能。练习用的数据不会上传到县里。"
        "练习完后，在“文件 → 清除演示数据…”里清除，再连接县服务器。",
    "Start without the county server": "先不连县服务器，自己录入",
    "Import your Excel ledger (File → Import Excel…) or add households yourself. You can log in to the "
    "county server later from the Sync menu.":
        "导入本村的Excel台账（文件 → 导入Excel…），或自己逐户录入。以后可以在“同步”菜单里登录县服务器。",
    "Demo data: practice only, never sent to the county": "演示数据：仅供练习，不会上传到县里",
    "The people in this ledger are invented. Choose File → Clear demo data… to start with your real ledger.":
        "这个台账里的人员都是虚构的。要开始使用正式台账，请选“文件 → 清除演示数据…”。",
    "Clear &demo data…": "清除演示数据(&D)…",
    "Delete the invented people and start your real ledger": "删除虚构的演示人员，开始使用正式台账",
    "Clear demo data": "清除演示数据",
    "Delete every household, person and job in this demo ledger (including any you typed in yourself)?\n\n"
    "Afterwards the ledger is empty and real: you can connect to the county server or import your "
    "village's Excel ledger.":
        "要删除这个演示台账里的所有户、人员和务工记录（包括您自己录入的）吗？\n\n"
        "删除后台账是空的正式台账：可以连接县服务器，或导入本村的Excel台账。",
    "Keep practising": "继续练习",
    "Demo data cleared. The ledger is empty and ready for your real data.":
        "演示数据已清除。台账已清空，可以开始录入正式数据了。",
    "Creating demo data…": "正在生成演示数据…",
    "Demo data": "演示数据",
    "Demo data created: %1 households, %2 persons, %3 jobs.": "已生成演示数据：%1 户，%2 人，%3 条务工记录。",
    "The ledger file could not be opened because of a program error.\nPlease send the log file to the "
    "county IT staff:\n%1": "程序内部出错，无法打开台账文件。\n请把日志文件发给县人社局技术人员：\n%1",
    # Messages (the shared message sink)
    "Cannot continue": "无法继续",
    "Program error": "程序出错",
    "Something went wrong inside the program; the ledger was not changed.\nPlease send the log file to "
    "the county IT staff:\n{log}": "程序内部出错，台账没有被改动。\n请把日志文件发给县人社局技术人员：\n{log}",
}


def tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).parent / name)
    return found


def lupdate() -> None:
    TS.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([tool("pyside6-lupdate"), *SOURCES, "-no-obsolete", "-ts", str(TS)], cwd=ROOT, check=True)


def fill() -> list[str]:
    """Put the Chinese of ZH into the .ts; returns the sources still untranslated."""
    tree = ET.parse(TS)
    missing = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source")
            text = ZH.get((name, source), ZH.get(source))
            translation = message.find("translation")
            if text is None:
                if not (translation is not None and translation.text and translation.get("type") is None):
                    missing.append(f"{name}: {source!r}")
                continue
            if message.get("numerus") == "yes":
                for child in list(translation):
                    translation.remove(child)
                form = ET.SubElement(translation, "numerusform")
                form.text = text
                translation.text = None
            else:
                translation.text = text
            translation.attrib.pop("type", None)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    return missing


def lrelease() -> None:
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(TS.with_suffix(".qm"))], cwd=ROOT, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report untranslated strings")
    args = parser.parse_args(argv)
    lupdate()
    missing = fill()
    for line in missing:
        print("untranslated:", line, file=sys.stderr)
    if args.check:
        return 1 if missing else 0
    lrelease()
    return 0


if __name__ == "__main__":
    sys.exit(main())
