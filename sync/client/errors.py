"""Typed sync errors. Each carries a Chinese message that says what happened and what to do; the local
ledger is never changed by a failed call beyond what was acknowledged."""
from __future__ import annotations


class SyncError(Exception):
    """Base class; `message` is for the user."""
    message = "同步失败"

    def __init__(self, message: str | None = None, *, status: int | None = None):
        super().__init__(message or self.message)
        self.message = message or self.message
        self.status = status

    def __str__(self) -> str:
        return self.message

    @property
    def user_message(self) -> str:
        """What desktop.ui.messages.user_message() looks for: the calm Chinese message."""
        return self.message


class ServerUnreachable(SyncError):
    message = "无法连接县服务器（网络断开或服务器未开机）。修改已保存在本机，联网后会自动同步。"


class UntrustedServer(ServerUnreachable):
    """HTTPS certificate of the server could not be verified (no or wrong county CA file). Not retried."""
    message = ("无法验证县服务器的 HTTPS 证书，没有连接。请在“同步设置”中选择县里发的 CA 证书文件（命令行："
               "village-ledger login --ca-file 证书文件），并核对服务器地址。修改已保存在本机。")


class ServerBusy(SyncError):
    message = "县服务器暂时出错或繁忙，稍后会自动重试。修改已保存在本机。"


class AuthFailed(SyncError):
    message = "登录已失效或用户名密码错误，请在“同步设置”中重新登录。"


class Forbidden(SyncError):
    message = "本账号没有这项权限。"


class ClientTooOld(SyncError):
    message = "客户端版本过旧，请升级村级就业帮扶台账后再同步；未上传的修改仍保存在本机。"


class ServerTooOld(SyncError):
    message = "县服务器版本过旧，请联系县里升级服务器；未上传的修改仍保存在本机。"


class BadRequest(SyncError):
    message = "服务器拒绝了这次同步请求。"


class NotConfigured(SyncError):
    message = "尚未设置县服务器地址或尚未登录，请先在“同步设置”中登录。"


class LedgerOfAnotherRegion(SyncError):
    """Login refused: the ledger holds records synced for a region the new account cannot read. Pulling
    that account's region on top would mix two villages' ledgers (and counts would never agree)."""
    message = "这个台账属于其他地区，不能用这个账号登录"
