"""Devices: a camera opened by its index, a capture device opened by its file.

`cv2.VideoCapture(path)` reads a video file, an everyday data loader;
`cv2.VideoCapture(0)` (or `/dev/video0`, or an index plus a backend such as
`cv2.CAP_DSHOW`) opens the site's camera. Only the folded argument tells them
apart, so this is a detector rather than a list of names.

A device file (`open('/dev/input/event0', 'rb')`, `os.listdir('/dev/input')`, `/dev/video0`, `/dev/snd/...`,
`/dev/fb0`) read, listed or copied by any call that takes a path (detectors/paths.py `path_reads`) is the
keyboard, camera, microphone or screen itself (rules/lists/paths.yaml `*-devices`; session 49: plain `open` of
them had been accepted).
"""

from __future__ import annotations

import re
from typing import Iterator

import libcst as cst

from ..lists import matcher
from ..resolve import Const
from . import Hit, PythonContext, python_detector
from .paths import path_reads

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


_DEVICE_FILES = {kind: matcher("paths", f"{kind}-devices") for kind in ("camera", "input", "audio", "screen")}


@python_detector("capture-device-file")
def capture_device_file(ctx: PythonContext) -> Iterator[Hit]:
    for call, name, paths, _, _ in path_reads(ctx):
        for path in sorted(paths):
            kind = next((k for k, m in _DEVICE_FILES.items() if m.match(path) is not None), None)
            if kind is not None:
                yield Hit("surveillance.device-file", ctx.path, node=call,
                          details={"name": name, "path": path, "kind": kind})
                break
