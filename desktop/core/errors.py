"""Chinese messages for pydantic validation errors, with the field path a clerk or officer can find."""

from __future__ import annotations

import errno
import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pydantic is imported by whoever validates, not by this module (the window's start)
    from pydantic import ValidationError

_MESSAGES = {
    "missing": "缺少此项",
    "extra_forbidden": "不认识的字段(可能拼写错误)",
    "literal_error": "取值无效,可选值:{expected}",
    "enum": "取值无效,可选值:{expected}",
    "int_parsing": "应为整数",
    "int_type": "应为整数(不带引号,也不能写 true/false)",
    "int_from_float": "应为整数",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "decimal_max_digits": "数字位数过多",
    "decimal_max_places": "最多两位小数",
    "decimal_whole_digits": "数字过大",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false(不带引号,也不能写 0/1)",
    "string_type": "应为文字(带引号)",
    "string_too_long": "文字过长,最多 {max_length} 个字",
    "string_pattern_mismatch": "格式不对",
    "too_long": "最多 {max_length} 项",
    "finite_number": "应为具体的数字",
    "float_type": "应为数字",
    "decimal_not_finite": "应为具体的数字",
    "date_from_datetime_inexact": "日期格式应为 YYYY-MM-DD",
    "date_past": "日期应早于今天",
    "date_future": "日期应晚于今天",
    "model_attributes_type": "应为键值表(映射)",
    "is_instance_of": "类型不对",
    "none_required": "此项应留空",
    "union_tag_not_found": "缺少类型字段",
    "recursion_loop": "嵌套过深",
    "json_invalid": "JSON 格式错误",
    "json_type": "JSON 格式错误",
    "string_too_short": "不能为空",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_type": "日期格式应为 YYYY-MM-DD",
    "greater_than_equal": "不能小于 {ge}",
    "greater_than": "必须大于 {gt}",
    "less_than_equal": "不能大于 {le}",
    "less_than": "必须小于 {lt}",
    "dict_type": "应为键值表(映射)",
    "model_type": "应为键值表(映射)",
    "list_type": "应为列表",
    "tuple_type": "应为列表",
    "too_short": "至少需要 {min_length} 项",
    "union_tag_invalid": "取值无效",
}


class InputProblem(ValueError):
    """Input the calculation cannot use; ``field`` names it, ``message`` says why in Chinese."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


def field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.startswith(("function-", "constrained-")) or part in {"tagged-union", "literal"}:
            continue
        elif str(part).lstrip("-").isdigit() and out:
            out += f".{part}"
        else:
            out += ("." if out else "") + str(part)
    return out


def chinese_message(error: Any) -> str:
    kind = error["type"]
    ctx = dict(error.get("ctx") or {})
    if kind == "value_error":
        msg = str(ctx.get("error") or error.get("msg", ""))
        return msg.removeprefix("Value error, ")
    template = _MESSAGES.get(kind)
    if template is None:
        # pydantic's own text is English: shown only when it is a message of ours (Chinese)
        msg = str(error.get("msg", ""))
        return msg if any("\u4e00" <= ch <= "\u9fff" for ch in msg) else "取值无效,请检查此项"
    if "expected" in ctx:
        ctx["expected"] = str(ctx["expected"]).replace("'", "").replace(" or ", "、").replace(", ", "、")
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template


def _clean_loc(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """Drop pydantic's type tags (e.g. 'MoneyFig', 'function-after[...]') from a location."""
    return tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p[:1].isupper())))


def validation_entries(exc: ValidationError, prefix: str = "") -> list[tuple[str, str, Any]]:
    """(field, Chinese message, pydantic's error) for every error, each field and message once."""
    seen: set[tuple[str, str]] = set()
    out = []
    for error in exc.errors():
        path = field_path(_clean_loc(tuple(error["loc"])))
        if prefix:
            path = f"{prefix}.{path}" if path else prefix
        message = chinese_message(error)
        if (path, message) not in seen:
            seen.add((path, message))
            out.append((path, message, error))
    return out


def describe_validation_error(exc: ValidationError, prefix: str = "") -> list[dict[str, str]]:
    """[{'field': 'members[0].category', 'message': '取值无效,可选值:...'}] for every error."""
    return [{"field": path, "message": message} for path, message, _ in validation_entries(exc, prefix)]


#: errno values a clerk can act on; anything else is reported as a read/write error with its number
_OS_ERRNO = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "磁盘是只读的",
    errno.ENAMETOOLONG: "路径太长",
    errno.EIO: "读写错误,磁盘或U盘可能有问题",
    errno.ELOOP: "路径中的链接构成了循环",
    errno.EMFILE: "打开的文件过多",
    errno.EBUSY: "文件正被其他程序使用",
}
#: Windows error codes that errno does not name
_WINERROR = {32: "文件正被其他程序使用", 33: "文件的一部分被其他程序锁定", 112: "磁盘空间不足"}


def os_reason(exc: OSError) -> str:
    """Why an operating-system call failed, in Chinese: never the raw English ``strerror``."""
    winerror = getattr(exc, "winerror", None)
    if winerror in _WINERROR:
        return _WINERROR[winerror]
    if isinstance(exc, FileNotFoundError):
        return "找不到该文件或文件夹"
    if isinstance(exc, IsADirectoryError):
        return "这是一个文件夹,不是文件"
    if isinstance(exc, NotADirectoryError):
        return "路径中有一段是文件,不是文件夹"
    if isinstance(exc, FileExistsError):
        return "同名的文件或文件夹已经存在"
    if isinstance(exc, PermissionError) and exc.filename is not None and os.path.isdir(exc.filename):
        # Windows answers "Permission denied" when a folder is opened as a file
        return "这是一个文件夹,不是文件"
    if isinstance(exc, PermissionError):
        return "没有权限(文件可能是只读的、被其他程序占用,或需要管理员权限)"
    if exc.errno in _OS_ERRNO:
        return _OS_ERRNO[exc.errno]
    return f"读写错误(系统错误代码 {exc.errno})" if exc.errno is not None else "读写错误"


def os_error_message(exc: OSError, name: object) -> str:
    """A file that could not be read, named, with the reason in Chinese."""
    return f"无法读取 {name}:{os_reason(exc)}"
