"""Devices: a camera opened by its index.

`cv2.VideoCapture(path)` reads a video file, an everyday data loader;
`cv2.VideoCapture(0)` (or `/dev/video0`, or an index plus a backend such as
`cv2.CAP_DSHOW`) opens the site's camera. Only the folded argument tells them
apart, so this is a detector rather than a list of names.
"""

from __future__ import annotations

import re
from typing import Iterator

import libcst as cst

from ..resolve import Const
from . import Hit, PythonContext, python_detector

_CAPTURE = frozenset({"cv2.VideoCapture", "cv2.VideoCapture().open", "imageio.get_reader", "imageio.v2.get_reader",
                      "imageio.v3.imopen", "pygame.camera.Camera"})
_DEVICE = re.compile(r"^(/dev/video\d*|<video\d+>)$")


def _device(ctx: PythonContext, arg: cst.BaseExpression, scope) -> str | None:
    """The camera a capture's first argument names, or None for a file, a URL or an unknown value."""
    r = ctx.resolver
    values = r.values(arg, scope)
    consts = [v.value for v in values if isinstance(v, Const)]
    for c in consts:
        if isinstance(c, int) and not isinstance(c, bool):
            return f"camera {c}"
        if isinstance(c, str) and _DEVICE.match(c):
            return c
    if isinstance(arg, cst.BinaryOperation) and any(n.startswith("cv2.CAP_") for n in
                                                    r.names(arg.left, scope) | r.names(arg.right, scope)):
        return "camera index + capture backend"
    return None


@python_detector("camera-capture")
def camera_capture(ctx: PythonContext) -> Iterator[Hit]:
    r = ctx.resolver
    for use in r.calls:
        names = r.names(use.node.func, use.scope) & _CAPTURE
        if not names or not use.node.args or use.node.args[0].keyword is not None:
            continue
        device = _device(ctx, use.node.args[0].value, use.scope)
        if device is not None:
            yield Hit("surveillance.camera", ctx.path, node=use.node,
                      details={"name": f"{sorted(names)[0]}({device})"})
