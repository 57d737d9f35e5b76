"""Where the login token lives: the OS keyring when there is a usable one, else a file only the user can
read (mode 0600). A token store maps (server url, username) -> token."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Protocol

SERVICE = "VillageLedger"


class TokenStore(Protocol):
    def get(self, server: str, username: str) -> str | None: ...
    def set(self, server: str, username: str, token: str) -> None: ...
    def delete(self, server: str, username: str) -> None: ...


def _key(server: str, username: str) -> str:
    return f"{server.rstrip('/')}|{username}"


class MemoryTokenStore:
    def __init__(self):
        self._tokens: dict[str, str] = {}

    def get(self, server, username):
        return self._tokens.get(_key(server, username))

    def set(self, server, username, token):
        self._tokens[_key(server, username)] = token

    def delete(self, server, username):
        self._tokens.pop(_key(server, username), None)


class FileTokenStore:
    """JSON file created with mode 0600 and replaced atomically."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def _read(self) -> dict[str, str]:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {}

    def _write(self, data: dict[str, str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f)
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)

    def get(self, server, username):
        return self._read().get(_key(server, username))

    def set(self, server, username, token):
        data = self._read()
        data[_key(server, username)] = token
        self._write(data)

    def delete(self, server, username):
        data = self._read()
        if data.pop(_key(server, username), None) is not None:
            self._write(data)


class KeyringTokenStore:
    def __init__(self, backend=None):
        import keyring
        self._kr = backend or keyring.get_keyring()

    def get(self, server, username):
        return self._kr.get_password(SERVICE, _key(server, username))

    def set(self, server, username, token):
        self._kr.set_password(SERVICE, _key(server, username), token)

    def delete(self, server, username):
        import keyring.errors
        try:
            self._kr.delete_password(SERVICE, _key(server, username))
        except keyring.errors.PasswordDeleteError:
            pass


def keyring_usable() -> bool:
    try:
        import keyring
        from keyring.backends import fail
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - any import/backend failure means "no keyring"
        return False
    if isinstance(backend, fail.Keyring):
        return False
    try:
        return backend.priority > 0
    except Exception:  # noqa: BLE001
        return False


def default_token_store(data_dir: str | Path) -> TokenStore:
    """The OS keyring where usable, else `<data_dir>/token.json` (0600)."""
    if keyring_usable():
        return KeyringTokenStore()
    return FileTokenStore(Path(data_dir) / "token.json")
