"""Text kept in a cipher-like codec: a literal decoded with rot13 or an EBCDIC code page.

`b"\\x85\\xa7\\x85\\x83...".decode("cp1026")` is `exec(...)` written in IBM's
EBCDIC: a real PyPI campaign hid its loader that way, because no scanner and
no reader recognises the bytes. Data from a mainframe arrives in files, not as
literals in the code, and rot13 hides rather than encodes; a literal decoded
with either is text its author did not want read. (Running such text is
obfuscation.decoded-exec; this rule is for the text alone, and
obfuscation.cipher-codec-code for a text that reads as code, run or not.)
"""

from __future__ import annotations

import codecs
import functools
import re
import warnings
from typing import Iterator

import libcst as cst

from ..resolve import Const
from . import Hit, PythonContext, python_detector
from .obfuscation import looks_like_code

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
        codec = literal = None
        if isinstance(call.func, cst.Attribute) and call.func.attr.value in ("decode", "encode") \
                and isinstance(call.func.value, _LITERALS) and call.args:
            codec, literal = _codec(ctx, call.args[0], use.scope), call.func.value
        elif r.names(call.func, use.scope) & _CODECS_CALLS and len(call.args) >= 2 \
                and isinstance(call.args[0].value, _LITERALS):
            codec, literal = _codec(ctx, call.args[1], use.scope), call.args[0].value
        if codec is not None:
            code = _reads_as_code(literal, codec)
            yield Hit(f"obfuscation.cipher-codec-{'code' if code else 'literal'}", ctx.path, node=call,
                      details={"name": codec})


def _reads_as_code(literal: cst.BaseString, codec: str) -> bool:
    """Whether the literal, put through the codec, is Python or shell code (EBCDIC's `exec(requests.get(...))`)."""
    try:
        text = codecs.decode(literal.evaluated_value, codec)
    except Exception:  # noqa: BLE001 - a literal that does not evaluate or decode reads as no code
        return False
    return looks_like_code(text.encode("utf-8", "replace") if isinstance(text, str) else text)


# Plain text (letters, digits, a path, JSON) and text with the markers some codecs read as something else: utf-7's
# `+...-` shifts, the `\x..`/`\u....` escapes, hz's `~{`, iso-2022's escape sequences.
_PLAIN = b'abc XYZ 019 /root/data.csv {"k": 1}\n'
_MARKED = b"x = 1  # +AAo- ~{ab~} \x1b$B\x1b(B \\x0a \\u000a \\n\n"
_ENCODING_WORDS = re.compile(r"encoding|\.decode\(|open\(")


@functools.lru_cache(maxsize=64)
def shifts_plain_text(name: str) -> bool:
    """Whether the codec `name` reads plain text as itself but marked text as other characters: a text file the
    gate read as UTF-8 (`"/root/+AC4-ssh/id+AF8-rsa"`) is, to code opening it under utf-7, another text
    (`/root/.ssh/id_rsa`). Codecs that read plain text otherwise (UTF-16, EBCDIC) are not: such a file is not
    plain text to the gate (detectors/files.py: binary, unanalyzable) and hides nothing in a text file."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if _PLAIN.decode(name) != _PLAIN.decode("ascii"):
                return False
            try:
                return _MARKED.decode(name) != _MARKED.decode("ascii")
            except UnicodeError:
                return True  # a marker it reads otherwise and refuses here may be one it reads in another text
    except (LookupError, ValueError, TypeError, UnicodeError):
        return False


def _encodings(r, call: cst.Call, scope) -> Iterator[cst.BaseExpression]:
    """The codec arguments of a call: any `encoding=`, open()'s fourth argument, bytes.decode's first."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "encoding":
            yield arg.value
    positional = [a for a in call.args if a.keyword is None and not a.star]
    if isinstance(call.func, cst.Attribute) and call.func.attr.value == "decode" and positional:
        yield positional[0].value
    elif len(positional) > 3 and r.names(call.func, scope) & {"builtins.open", "io.open"}:
        yield positional[3].value


@python_detector("shifted-text-encoding")
def shifted_text_encoding(ctx: PythonContext) -> Iterator[Hit]:
    if not _ENCODING_WORDS.search(ctx.source):
        return
    r = ctx.resolver
    for use in r.calls:
        for expr in _encodings(r, use.node, use.scope):
            codec = next((v.value for v in r.values(expr, use.scope)
                          if isinstance(v, Const) and isinstance(v.value, str) and shifts_plain_text(v.value)), None)
            if codec is not None:
                yield Hit("obfuscation.shifted-text-encoding", ctx.path, node=use.node, details={"name": codec})
                break
