"""MONAI bundle configs the job ships, judged as the Python monai.bundle.ConfigParser runs for them
(analyzer/engine/monai_bundles.py): every `$` expression, `_target_` component and reference, at the
config's lines, by the same rules and catalogue as the job's Python. What is not translated (a macro
copied from another file, pdb, text that is not Python, an unreadable file, a `_target_` named at load time,
an expression's reference to an item the file does not hold) is left to a reviewer.
"""

from __future__ import annotations

from typing import Iterator

from .. import monai_bundles
from ...model import Finding
from . import FileContext, Hit, file_detector


@file_detector("monai-bundle")
def monai_bundle(ctx: FileContext) -> Iterator[Hit | Finding]:
    for e in ctx.content.files:
        data = ctx.content.data.get(e.path)
        if data is None or not monai_bundles.is_bundle_config(e.path):
            continue
        bundle = monai_bundles.read(e.path, data)
        for line, what in bundle.problems:
            yield Hit("unvouched.monai-bundle", e.path, line, details={"name": what})
        if bundle.statements:
            yield from ctx.python_findings(e.path, bundle.python())
