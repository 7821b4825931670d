"""Text kept in a cipher-like codec: a literal decoded with rot13 or an EBCDIC code page.

`b"\\x85\\xa7\\x85\\x83...".decode("cp1026")` is `exec(...)` written in IBM's
EBCDIC: a real PyPI campaign hid its loader that way, because no scanner and
no reader recognises the bytes. Data from a mainframe arrives in files, not as
literals in the code, and rot13 hides rather than encodes; a literal decoded
with either is text its author did not want read. (Running such text is
obfuscation.decoded-exec; this rule is for the text alone.)
"""

from __future__ import annotations

import re
from typing import Iterator

import libcst as cst

from ..resolve import Const
from . import Hit, PythonContext, python_detector

# Python's codec names for rot13 and the EBCDIC code pages (encodings/aliases.py), as lower case with - or _.
_HIDING = re.compile(r"^(rot[-_]?13|cp(037|273|424|500|875|1026|1140)|ibm[-_]?(037|039|273|424|500|1026|1140)"
                     r"|ebcdic[-_]?cp[-_]?(ca|us|be|ch|he|nl|wt))$", re.IGNORECASE)
_LITERALS = (cst.SimpleString, cst.ConcatenatedString)
_CODECS_CALLS = frozenset({"codecs.decode", "codecs.encode"})


def _codec(ctx: PythonContext, arg: cst.Arg, scope) -> str | None:
    for v in ctx.resolver.values(arg.value, scope):
        if isinstance(v, Const) and isinstance(v.value, str) and _HIDING.match(v.value):
            return v.value
    return None


@python_detector("cipher-codec-literal")
def cipher_codec_literal(ctx: PythonContext) -> Iterator[Hit]:
    if not re.search(r"rot.?13|cp(037|273|424|500|875|1026|1140)|ibm|ebcdic", ctx.source, re.IGNORECASE):
        return
    r = ctx.resolver
    for use in r.calls:
        call = use.node
        codec = None
        if isinstance(call.func, cst.Attribute) and call.func.attr.value in ("decode", "encode") \
                and isinstance(call.func.value, _LITERALS) and call.args:
            codec = _codec(ctx, call.args[0], use.scope)
        elif r.names(call.func, use.scope) & _CODECS_CALLS and len(call.args) >= 2 \
                and isinstance(call.args[0].value, _LITERALS):
            codec = _codec(ctx, call.args[1], use.scope)
        if codec is not None:
            yield Hit("obfuscation.cipher-codec-literal", ctx.path, node=call, details={"name": codec})
