"""Every 4xx answer of the county server in Chinese, naming the field, with a machine-readable code.

Body of every error: ``{"detail": "<Chinese reason>", "code": "<machine code>"}``; a 422 adds ``errors``
(``loc``, ``type``, Chinese ``msg`` per wrong part). Reasons raised by the server itself (HTTPException
with a Chinese detail) are kept as they are and get their code from the status. Framework defaults
("Not Found", "Method Not Allowed", pydantic's "Field required", msgspec's "Expected `int`, got `str`")
are translated here.
"""
from __future__ import annotations

import re
from http import HTTPStatus

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

CODES = {400: "bad_request", 401: "not_logged_in", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         409: "conflict", 413: "body_too_large", 415: "unsupported_encoding", 422: "invalid_body",
         426: "upgrade_required", 429: "too_many_attempts"}

#: request fields, as a reason names them
FIELDS = {"client_id": "设备编号", "cursor": "同步游标", "push": "上传的修改", "pull_limit": "每页条数",
          "echo": "回传本机记录", "change_id": "修改编号", "entity": "记录类型", "record_id": "记录编号",
          "fields": "字段值", "base": "基础版本", "username": "用户名", "password": "密码"}
_TYPES = {"int": "整数", "str": "文字", "bool": "true 或 false", "array": "列表", "object": "JSON 对象",
          "float": "数字", "null": "空值（null）", "number": "数字", "string": "文字", "dict": "JSON 对象",
          "list": "列表", "integer": "整数"}
_UNITS = {"str": "个字符", "string": "个字符", "array": "条", "list": "条", "object": "项", "dict": "项"}


def _type(name: str) -> str:
    return _TYPES.get(name, name)


def where(loc) -> str:
    """('body', 'push', 1, 'change_id') -> 第 2 条修改的“修改编号”（push.1.change_id）."""
    parts = [p for p in loc if p != "body"]
    if not parts:
        return "请求体"
    words = []
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if part == "push" and isinstance(nxt, int):
            words.append(f"第 {nxt + 1} 条修改")
            i += 2
            continue
        if isinstance(part, int):
            words.append(f"第 {part + 1} 项")
        elif part in ("fields", "base") and nxt is not None and not isinstance(nxt, int) and words:
            words.append(f"{FIELDS[part]}中的某一项" if nxt == "..." else f"{FIELDS[part]}中的“{nxt}”")
            i += 2
            continue
        elif part in FIELDS:
            words.append(f"“{FIELDS[part]}”")
        else:
            words.append(f"“{part}”")
        i += 1
    path = ".".join(str(p) for p in parts)
    if len(parts) == 1 and parts[0] not in FIELDS:
        return words[0]                      # “x”: the path would only repeat it
    return "的".join(words) + f"（{path}）"


# msgspec's messages (sync/server/wire.py decodes /sync bodies with msgspec)
_MSGSPEC = [
    (re.compile(r"Expected `(\w+)`, got `(\w+)`"), lambda m: f"应为{_type(m[1])}，实为{_type(m[2])}"),
    (re.compile(r"Expected `(\w+)` of length <= (\d+)"), lambda m: f"过长，最多 {m[2]} {_UNITS.get(m[1], '个')}"),
    (re.compile(r"Expected `(\w+)` of length >= (\d+)"),
     lambda m: "不能为空" if m[2] == "1" else f"过短，至少 {m[2]} {_UNITS.get(m[1], '个')}"),
    (re.compile(r"Expected `str` matching regex"), lambda m: "格式不对（应为 UUID，例如 0190a3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b）"),
    (re.compile(r"Expected `\w+` >= (\S+)"), lambda m: f"不能小于 {m[1]}"),
    (re.compile(r"Expected `\w+` <= (\S+)"), lambda m: f"不能大于 {m[1]}"),
    (re.compile(r"Expected `\w+` > (\S+)"), lambda m: f"应大于 {m[1]}"),
    (re.compile(r"Expected `\w+` < (\S+)"), lambda m: f"应小于 {m[1]}"),
    (re.compile(r"Object missing required field `([^`]+)`"), lambda m: f"缺少必填字段“{FIELDS.get(m[1], m[1])}”（{m[1]}）"),
    (re.compile(r"Object contains unknown field `([^`]+)`"), lambda m: f"含有不认识的字段“{m[1]}”"),
    (re.compile(r"Number out of range"), lambda m: "数字超出范围"),
    (re.compile(r"JSON is malformed|Input data was truncated|JSON 无效"),
     lambda m: "不是有效的 JSON（请使用村级就业帮扶台账客户端同步）"),
]

# pydantic's error types (the other endpoints: /login, /logout)
_PYDANTIC = {
    "missing": lambda c: "缺少必填字段",
    "extra_forbidden": lambda c: "是不认识的字段",
    "string_type": lambda c: "应为文字",
    "string_too_short": lambda c: "不能为空" if c.get("min_length") == 1 else f"过短，至少 {c.get('min_length')} 个字符",
    "string_too_long": lambda c: f"过长，最多 {c.get('max_length')} 个字符",
    "string_pattern_mismatch": lambda c: "格式不对",
    "int_type": lambda c: "应为整数", "int_parsing": lambda c: "应为整数", "int_from_float": lambda c: "应为整数",
    "float_type": lambda c: "应为数字", "float_parsing": lambda c: "应为数字",
    "bool_type": lambda c: "应为 true 或 false", "bool_parsing": lambda c: "应为 true 或 false",
    "dict_type": lambda c: "应为 JSON 对象", "model_attributes_type": lambda c: "应为 JSON 对象",
    "model_type": lambda c: "应为 JSON 对象", "list_type": lambda c: "应为列表",
    "too_long": lambda c: f"条目过多，最多 {c.get('max_length')} 条",
    "too_short": lambda c: f"条目过少，至少 {c.get('min_length')} 条",
    "greater_than_equal": lambda c: f"不能小于 {c.get('ge')}", "less_than_equal": lambda c: f"不能大于 {c.get('le')}",
    "greater_than": lambda c: f"应大于 {c.get('gt')}", "less_than": lambda c: f"应小于 {c.get('lt')}",
    "json_invalid": lambda c: "不是有效的 JSON", "json_type": lambda c: "不是有效的 JSON",
}


def chinese(error: dict) -> str:
    """One validation error (pydantic's or msgspec's, as RequestValidationError carries it) in Chinese."""
    kind, msg = error.get("type", ""), str(error.get("msg", ""))
    if kind in _PYDANTIC:
        return _PYDANTIC[kind](error.get("ctx") or {})
    for pattern, say in _MSGSPEC:
        m = pattern.search(msg)
        if m:
            return say(m)
    return "格式不对"


def _sentence(loc: list, kind: str, msg: str) -> str:
    if kind in ("json_invalid", "json_type"):
        return f"请求体{msg}"                 # pydantic's loc is then the character position
    if kind == "missing":
        return f"{msg}{where(loc)}"
    return f"{where(loc)}{msg}"


async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
    """422: which parts of the body are wrong, in Chinese; nothing was applied."""
    errors = exc.errors()
    said = [(list(e.get("loc", ())), e.get("type", ""), chinese(e)) for e in errors[:50]]
    parts = [_sentence(loc, kind, msg) for loc, kind, msg in said[:5]]
    more = f"（另有 {len(errors) - 5} 处）" if len(errors) > 5 else ""
    return JSONResponse(status_code=422, content={
        "detail": "请求格式错误，未做任何修改：" + "；".join(parts) + more,
        "code": CODES[422],
        "errors": [{"loc": loc, "type": kind, "msg": msg} for loc, kind, msg in said]})


def _default_phrase(status: int, detail) -> bool:
    try:
        return detail is None or detail == HTTPStatus(status).phrase
    except ValueError:
        return False


async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """Any HTTPException: the server's own Chinese reasons kept, the framework's English defaults
    (404 Not Found, 405 Method Not Allowed, ...) replaced; a code added; headers (Retry-After,
    WWW-Authenticate, Allow) kept."""
    status, detail = exc.status_code, exc.detail
    path, method = request.url.path, request.method
    if _default_phrase(status, detail):
        if status == 404:
            detail = (f"县服务器上没有这个地址：{method} {path}。请检查“同步设置”中的服务器地址"
                      "（形如 http://县服务器地址:8765，不带 /api/v1），或升级村级就业帮扶台账程序")
        elif status == 405:
            allowed = (exc.headers or {}).get("Allow", "")
            detail = f"地址 {path} 不接受 {method} 请求" + (f"（只接受 {allowed}）" if allowed else "")
        else:
            detail = f"县服务器拒绝了请求（{status}）"
    code = CODES.get(status, "http_error" if status < 500 else "server_error")
    return JSONResponse(status_code=status, content={"detail": detail, "code": code}, headers=exc.headers)
