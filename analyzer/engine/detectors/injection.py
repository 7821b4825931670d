"""Process injection and shellcode loaders: Windows API calls that put machine code in memory and run it.

`OpenProcess` / `VirtualAllocEx` / `WriteProcessMemory` / `CreateRemoteThread`
(and their Nt/Rtl/APC/hollowing relatives) are what DLL injectors and
process-hollowing loaders are made of. The library that provides them is
often out of the resolver's sight (`windll` from a star import, a kernel32
handle passed in as an argument), but no other API spells these names: the
method name alone identifies the call, whatever object it is called on.

Shellcode loaders do the same in the job's own process without VirtualAlloc (which
native-code.libc-dangerous lists): the payload is carried as UUID, IPv4/IPv6 or MAC
strings that `UuidFromStringA` / `RtlIpv6StringToAddressA` / `RtlEthernetStringToAddressA`
decode into executable heap memory, then a callback-taking API (`EnumSystemLocalesA(addr, 0)`)
jumps to it. Those decoders write binary to an address, and the enumerators call an
address; no training code reaches either through ctypes.

A program started with Windows' `runas` verb (`ShellExecuteEx(lpVerb="runas", ...)` of pywin32,
`ShellExecuteW(None, "runas", ...)`) asks for administrator rights: a UAC bypass or elevation
prompt, whatever object the call is made on.
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

# Functions that decode text into machine code at an address, copy it there, or call an address as a callback.
_SHELLCODE = frozenset({
    "UuidFromStringA", "UuidFromStringW", "RtlIpv4StringToAddressA", "RtlIpv4StringToAddressW",
    "RtlIpv6StringToAddressA", "RtlIpv6StringToAddressW", "RtlIpv4StringToAddressExA", "RtlIpv6StringToAddressExA",
    "RtlEthernetStringToAddressA", "RtlEthernetStringToAddressW", "RtlMoveMemory", "RtlCopyMemory",
    "EnumSystemLocalesA", "EnumSystemLocalesW", "EnumSystemLocalesEx", "EnumSystemCodePagesA", "EnumSystemCodePagesW",
    "EnumTimeFormatsA", "EnumDateFormatsA", "CertEnumSystemStore", "CreateFiber", "ConvertThreadToFiber",
})

_SHELL_EXECUTE = frozenset({"ShellExecute", "ShellExecuteA", "ShellExecuteW", "ShellExecuteEx", "ShellExecuteExA",
                            "ShellExecuteExW"})


def _named_calls(ctx: PythonContext, names: frozenset[str]) -> Iterator[tuple[object, str]]:
    """(use, name) of each call of a method or function whose own name is one of `names`: as written (`f()`,
    `k.f()`, `getattr(k, "Wri" + "te...")()` on any object), or as the resolver names the callee (a name bound to
    `getattr(kernel32, ...)`). No search of the source's text first: a name folded at run time spells no word."""
    r = ctx.resolver
    for use in r.calls:
        func = use.node.func
        called = {func.value} if isinstance(func, cst.Name) else r.attribute_read(func, use.scope)[0]
        name = next(iter(sorted(called & names)), None) or \
            next((t for n in sorted(r.names(func, use.scope)) if (t := n.rpartition(".")[2]) in names), None)
        if name is not None:
            yield use, name


@python_detector("process-injection")
def process_injection(ctx: PythonContext) -> Iterator[Hit]:
    for use, name in _named_calls(ctx, _INJECTION):
        yield Hit("native-code.process-injection", ctx.path, node=use.node, details={"name": name})


@python_detector("shellcode-loader")
def shellcode_loader(ctx: PythonContext) -> Iterator[Hit]:
    for use, name in _named_calls(ctx, _SHELLCODE):
        yield Hit("native-code.shellcode-loader", ctx.path, node=use.node, details={"name": name})


@python_detector("elevated-program")
def elevated_program(ctx: PythonContext) -> Iterator[Hit]:
    r = ctx.resolver
    for use, name in _named_calls(ctx, _SHELL_EXECUTE):
        if any(isinstance(c, str) and c.strip().lower() == "runas"
               for arg in use.node.args for c in r.constants(arg.value, use.scope)):
            yield Hit("subprocess.elevated-program", ctx.path, node=use.node, details={"name": f"{name}(runas)"})
