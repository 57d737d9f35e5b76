"""Errors of the local store that a user can act on. Their ``str`` is a calm Chinese message that says
what happened and what to do; anything else escaping the store is a bug."""
from __future__ import annotations

from desktop.errors import UserError


class StoreError(UserError):
    """A known, user-actionable problem with the ledger file."""


class DatabaseLocked(StoreError):
    def __init__(self, path):
        super().__init__(f"台账文件正被另一个程序占用：{path}。请关闭其他打开该台账的窗口后重试。")


class DatabaseCorrupt(StoreError):
    def __init__(self, path, detail: str = ""):
        super().__init__(
            f"台账文件已损坏或不是本程序的台账文件：{path}。请从备份恢复，或联系县人社局技术人员。"
            + (f"（{detail}）" if detail else ""))


class DatabaseTooNew(StoreError):
    def __init__(self, path, found: int, supported: int):
        super().__init__(
            f"台账文件由更新版本的程序创建（数据版本 {found}，本程序支持到 {supported}）：{path}。"
            "请升级本程序后再打开，文件未做任何修改。")


class RecordNotFound(StoreError):
    def __init__(self, entity: str, record_id: str):
        super().__init__(f"找不到记录（{entity} {record_id}），可能已被删除。")
        self.entity = entity
        self.record_id = record_id


class DuplicateIdNumber(StoreError):
    def __init__(self, id_number: str, holder_name: str):
        super().__init__(f"证件号码 {id_number} 已登记在 {holder_name} 名下，不能重复登记。")
        self.id_number = id_number
