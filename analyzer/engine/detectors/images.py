"""Image files that are not what their name says.

Pillow picks a decoder by a file's first bytes, not by its name (PIL/Image.py open: each plugin's `_accept`
is tried in turn), and its EPS decoder runs Ghostscript, another program, on the file's PostScript
(PIL/EpsImagePlugin.py Ghostscript: subprocess.check_call of `gs`). So `Image.open("assets/logo.png")`, which
the catalogue vouches for, runs a PostScript program the job ships under an image's name. An image file
is judged by its bytes: one whose first bytes are not its format's signature, or any file holding PostScript,
is left to a reviewer (red team 40b).
"""

from __future__ import annotations

from typing import Iterator

import libcst as cst

from ..conditions import UNKNOWN, constant
from ..lists import matcher
from .paths import PathFolder, file_write
from . import FileContext, Hit, PythonContext, file_detector, python_detector

# The first bytes of each format Pillow reads under these names.
_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".bmp": (b"BM",),
    ".tif": (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"),
    ".tiff": (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"),
}
# PostScript and the DOS EPS binary header (PIL/EpsImagePlugin.py _accept).
_POSTSCRIPT = (b"%!PS", b"\xc5\xd0\xd3\xc6")
_CODE_KINDS = frozenset({"python", "notebook"})


def _mismatch(path: str, data: bytes) -> str | None:
    """What the file holds instead of what its name says, or None."""
    if data.startswith(_POSTSCRIPT):
        return "PostScript, which Pillow renders by running Ghostscript"
    ext = "." + path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    if data and ext in _SIGNATURES and not data.startswith(_SIGNATURES[ext]):
        return f"not a {ext[1:].upper()} image (Pillow decodes by content)"
    return None


@file_detector("image-files")
def image_files(ctx: FileContext) -> Iterator[Hit]:
    for entry in ctx.content.files:
        data = ctx.content.data.get(entry.path)
        # every kind: Pillow opens a PostScript file named like a config (`Image.open("style.yaml")`) just the same
        what = _mismatch(entry.path, data) if data is not None else None
        if what is None and entry.kind in _CODE_KINDS and data is not None and b"%!PS" in data:
            # spelled in the code, written to a file at run time and opened by its path (red team 44a)
            what = "PostScript text in the job's code, which Pillow renders by running Ghostscript once it is written out"
        if what is not None:
            yield Hit("unanalyzable.image-content", entry.path,
                      details={"name": entry.path.rsplit("/", 1)[-1], "what": what})


# Bytes in memory handed to a reader that decodes by content (rules/lists/sources.yaml): red team 44a built the
# PostScript in the job's code (a literal, a base64 blob) and handed it to Image.open as io.BytesIO(...).
_DECODERS = matcher("sources", "content-decoders").names()
_IN_MEMORY = matcher("sources", "in-memory-files").names()
_FORMATS_AT = 2  # PIL.Image.open(fp, mode="r", formats=None)
_PASSED_DEPTH = 4  # helpers that hand a parameter on to another's, followed at most


def _formats(ctx: PythonContext, call: cst.Call, scope) -> object:
    """The formats the call restricts the decoder to, folded (a list reads as its names joined by blanks), or UNKNOWN
    when it gives none the gate can fold."""
    for i, arg in enumerate(call.args):
        if arg.keyword is not None and arg.keyword.value == "formats" or arg.keyword is None and i == _FORMATS_AT:
            return constant(ctx.resolver, arg.value, scope)
    return UNKNOWN


def _in_memory(folder: PathFolder, value: cst.BaseExpression, scope, depth: int = 0) -> bool:
    """Whether the value may be an in-memory file: by its own names, or, for a parameter, by what the job's own
    calls pass it, in this module and the others that name the function (paths.PathFolder.arguments_passed)."""
    if folder.r.names(value, scope) & _IN_MEMORY:
        return True
    if not isinstance(value, cst.Name) or depth >= _PASSED_DEPTH:
        return False
    return any(v is not None and _in_memory(f, v, where, depth + 1)
               for f, v, where in folder.arguments_passed(value.value, scope))


def _job_write(r) -> str | None:
    """A call of the job's code that writes a file (paths.file_write), as `name in module`, or None: the first
    found in this module, else in any other of the job's (the writer may be in a helper module)."""
    modules = [r] + [m for m in (r.program.every_module(r.path) if r.program is not None else []) if m.path != r.path]
    for m in modules:
        name = file_write(m)
        if name is not None:
            return f"{name} in {m.path.rsplit('/', 1)[-1]}"
    return None


@python_detector("image-bytes")
def image_bytes(ctx: PythonContext) -> Iterator[Hit]:
    """A content decoder handed an in-memory file (unanalyzable.image-bytes), or a file or path in a job that
    writes files (unanalyzable.image-written: PostScript decoded or assembled at run time, written out and
    opened by its path, red team 44a), unless the call's formats are all known and leave EPS out."""
    r = ctx.resolver
    written: list[str | None] = []  # the job's write, looked for once, at the first decoder by path
    for use in r.calls:
        call = use.node
        decoder = r.names(call.func, use.scope) & _DECODERS
        fp = next((a.value for a in call.args if a.keyword is None or a.keyword.value == "fp"), None)
        if not decoder:
            continue
        formats = _formats(ctx, call, use.scope)
        named = formats.upper().split() if isinstance(formats, str) else ["?"]
        if "EPS" not in named and "?" not in named:
            continue  # Pillow tries only the formats named, all known, and none of them runs another program
        details = {"name": sorted(decoder)[0]}
        if fp is not None and _in_memory(PathFolder.of(r), fp, use.scope):
            yield Hit("unanalyzable.image-bytes", ctx.path, node=call, details=details)
            continue
        if not written:
            written.append(_job_write(r))
        if written[0] is not None:
            yield Hit("unanalyzable.image-written", ctx.path, node=call, details={**details, "write": written[0]})
