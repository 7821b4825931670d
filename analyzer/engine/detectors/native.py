"""Native code: compiled files shipped in the job, and executable memory.

Python imports `x.so`, `x.pyd` or `x.pyc` as readily as `x.py`, and ctypes or
cffi load any shared object; the gate cannot read what such a file does, so
each one is a finding: critical for executables and shared objects (ELF, PE,
Mach-O, WebAssembly or a shared-object name), high for bytecode and other
opaque compiled files.
"""

from __future__ import annotations

import os
import re
from typing import Iterator

import libcst as cst

from . import FileContext, Hit, PythonContext, file_detector, python_detector
from .obfuscation import origins

_MAGIC = (
    (b"\x7fELF", "ELF executable or shared object"),
    (b"\xcf\xfa\xed\xfe", "Mach-O binary"),
    (b"\xce\xfa\xed\xfe", "Mach-O binary"),
    (b"\xfe\xed\xfa\xce", "Mach-O binary"),
    (b"\xfe\xed\xfa\xcf", "Mach-O binary"),
    (b"\xca\xfe\xba\xbe", "Mach-O universal binary or Java class"),
    (b"\x00asm", "WebAssembly module"),
)
_SHARED = {".so", ".dll", ".dylib", ".pyd", ".exe"}
_BYTECODE = {".pyc", ".pyo"}


def _is_pe(data: bytes) -> bool:
    if not data.startswith(b"MZ") or len(data) < 0x40:
        return False
    offset = int.from_bytes(data[0x3C:0x40], "little")
    return data[offset:offset + 4] == b"PE\x00\x00"


def _what(path: str, data: bytes | None) -> tuple[str, str]:
    """(rule, description) for a file collect() classified as native."""
    head = data[:64] if data is not None else b""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return "native-code.binary-file", what
    if data is not None and _is_pe(data):
        return "native-code.binary-file", "Windows PE executable or DLL"
    name = path.rsplit("/", 1)[-1].lower()
    ext = os.path.splitext(name)[1]
    if ext in _SHARED or ".so." in name:
        return "native-code.binary-file", f"shared object or executable ({ext or name})"
    if ext in _BYTECODE:
        return "native-code.compiled-file", "Python bytecode"
    return "native-code.compiled-file", f"compiled or opaque binary ({ext or 'no extension'})"


@file_detector("native-files")
def native_files(ctx: FileContext) -> Iterator[Hit]:
    for entry in ctx.content.files:
        if entry.kind != "native":
            continue
        rule, what = _what(entry.path, ctx.content.data.get(entry.path))
        yield Hit(rule, entry.path, details={"name": f"{entry.path}: {what}"})


# ---- mmap with PROT_EXEC ---------------------------------------------------------------

_PROT_EXEC = 4  # mmap.PROT_EXEC on Linux and macOS


def _prot_arg(call: cst.Call) -> cst.BaseExpression | None:
    for a in call.args:
        if a.keyword is not None and a.keyword.value == "prot":
            return a.value
    positional = [a for a in call.args if a.keyword is None]
    return positional[3].value if len(positional) > 3 else None


def _has_exec(ctx: PythonContext, node: cst.BaseExpression, scope) -> bool:
    r = ctx.resolver
    for n, s in origins(r, node, scope, limit=64, hops=3):
        if isinstance(n, (cst.Name, cst.Attribute)) and any(x.endswith("PROT_EXEC") for x in r.names(n, s)):
            return True
        if isinstance(n, cst.Integer) and any(isinstance(c, int) and c & _PROT_EXEC for c in r.constants(n, s)):
            return True
    return False


@python_detector("mmap-exec")
def mmap_exec(ctx: PythonContext) -> Iterator[Hit]:
    # No search of the source's text first: `importlib.import_module("mm" + "ap")` spells no "mmap".
    r = ctx.resolver
    for use in r.calls:
        if "mmap.mmap" not in r.names(use.node.func, use.scope):
            continue
        prot = _prot_arg(use.node)
        if prot is not None and _has_exec(ctx, prot, use.scope):
            yield Hit("native-code.executable-memory", ctx.path, node=use.node, details={"name": "mmap.mmap(prot=...PROT_EXEC)"})


# ---- lib["system"](...) ------------------------------------------------------------------

_LIBC_DANGEROUS = re.compile(r"^(system|popen|exec[lv]p?e?|fork|vfork|posix_spawnp?|socket|connect|sendto?|dlopen|"
                             r"mprotect|ptrace|getenv|secure_getenv|setuid|WinExec|ShellExecute\w*|CreateProcess\w*|"
                             r"VirtualAlloc\w*|VirtualProtect\w*|CreateThread|URLDownloadToFile\w*|LoadLibrary\w*)$")


def _is_native_library(name: str) -> bool:
    return name.startswith(("ctypes.", "_ctypes.")) and name.endswith("()") or \
        (name.startswith("cffi.") and name.endswith(".dlopen()"))


@python_detector("native-subscript-call")
def native_subscript_call(ctx: PythonContext) -> Iterator[Hit]:
    """`libc["system"](cmd)`: ctypes libraries also give functions by item. The library is read as the resolver
    names it, never by the source's words (`importlib.import_module("ct" + "ypes")`, a library another module
    of the job loads)."""
    r = ctx.resolver
    for use in r.calls:
        func = use.node.func
        if not isinstance(func, cst.Subscript) or len(func.slice) != 1 or not isinstance(func.slice[0].slice, cst.Index):
            continue
        libs = [n for n in r.names(func.value, use.scope) if _is_native_library(n)]
        if not libs:
            continue
        keys = [k for k in r.constants(func.slice[0].slice.value, use.scope) if isinstance(k, str)]
        bad = [k for k in keys if _LIBC_DANGEROUS.match(k)]
        if bad:
            yield Hit("native-code.libc-dangerous", ctx.path, node=use.node, details={"name": f"{sorted(libs)[0]}[{bad[0]!r}]"})
