"""Process injection: Windows API calls that write code into another process and run it there.

`OpenProcess` / `VirtualAllocEx` / `WriteProcessMemory` / `CreateRemoteThread`
(and their Nt/Rtl/APC/hollowing relatives) are what DLL injectors and
process-hollowing loaders are made of. The library that provides them is
often out of the resolver's sight (`windll` from a star import, a kernel32
handle passed in as an argument), but no other API spells these names: the
method name alone identifies the call, whatever object it is called on.
"""

from __future__ import annotations

from typing import Iterator

import libcst as cst

from . import Hit, PythonContext, python_detector

# Functions whose only use is to act inside another process (kernel32, ntdll, user32).
_INJECTION = frozenset({
    "VirtualAllocEx", "VirtualAllocExNuma", "VirtualProtectEx", "WriteProcessMemory", "CreateRemoteThread",
    "CreateRemoteThreadEx", "NtCreateThreadEx", "ZwCreateThreadEx", "RtlCreateUserThread", "NtWriteVirtualMemory",
    "ZwWriteVirtualMemory", "NtAllocateVirtualMemory", "QueueUserAPC", "NtQueueApcThread", "SetThreadContext",
    "NtUnmapViewOfSection", "ZwUnmapViewOfSection", "NtMapViewOfSection", "SetWindowsHookExA", "SetWindowsHookExW",
})


def _called_name(func: cst.BaseExpression) -> str | None:
    if isinstance(func, cst.Attribute):
        return func.attr.value
    if isinstance(func, cst.Name):
        return func.value
    return None


@python_detector("process-injection")
def process_injection(ctx: PythonContext) -> Iterator[Hit]:
    if not any(name in ctx.source for name in _INJECTION):
        return
    for use in ctx.resolver.calls:
        name = _called_name(use.node.func)
        if name in _INJECTION:
            yield Hit("native-code.process-injection", ctx.path, node=use.node, details={"name": name})
