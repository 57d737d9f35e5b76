"""Sync client: the engine the app (or the CLI) drives. Qt-free; uses requests."""
from .conflicts import (Conflict, Duplicate, ResolveError, list_conflicts, list_duplicates, resolve_conflict,
                        resolve_duplicate)
from .credentials import FileTokenStore, KeyringTokenStore, MemoryTokenStore, TokenStore, default_token_store
from .engine import Rejected, SyncEngine, SyncProgress, SyncReport, SyncStatus
from .errors import (AuthFailed, BadRequest, ClientTooOld, Forbidden, LedgerOfAnotherRegion, NotConfigured, ServerBusy,
                     ServerTooOld, ServerUnreachable, SyncError, UntrustedServer)
from .session import login, logout
from .transport import RetryPolicy, Transport

__all__ = [
    "AuthFailed", "BadRequest", "ClientTooOld", "Conflict", "Duplicate", "FileTokenStore", "Forbidden",
    "KeyringTokenStore", "LedgerOfAnotherRegion", "MemoryTokenStore", "NotConfigured", "Rejected", "ResolveError", "RetryPolicy",
    "ServerBusy", "ServerTooOld", "ServerUnreachable", "SyncEngine", "SyncError", "SyncProgress", "SyncReport",
    "SyncStatus", "TokenStore", "Transport", "UntrustedServer", "default_token_store", "list_conflicts",
    "list_duplicates", "login", "logout", "resolve_conflict", "resolve_duplicate",
]
