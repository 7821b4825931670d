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

from . import FileContext, Hit, file_detector

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
        if what is not None:
            yield Hit("unanalyzable.image-content", entry.path,
                      details={"name": entry.path.rsplit("/", 1)[-1], "what": what})
