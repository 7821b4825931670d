"""Text the job ships that its own code runs as code.

A job that calls doctest runs the `>>>` lines of text files; a job that renders
Jinja2/Mako templates or feeds numexpr/pandas.eval/DataFrame.query strings runs
what those files say. The Python rules judge the calls (dynamic-code.doctest,
expression-evaluator, template-engine); this detector judges the text:

- when a job module uses doctest, the examples of every text file of the job
  (`>>> ` and `... ` lines) are analysed as the Python they are, and when one
  imports doctest, so are those of its Python modules' docstrings;
- when a job module uses an evaluator or a template engine, a text file that
  reaches Python's internals (`__import__(`, `__globals__`, `__subclasses__`,
  `__builtins__`, os.system/popen, subprocess) carries code for it.

Only text files are read (not Python, notebooks or binaries); a README that
shows `>>>` examples is analysed only in a job that runs doctest, or when the
text file is scanned on its own (who reads it is then out of sight).
"""

from __future__ import annotations

import io
import re
from typing import Iterator

from ...model import Finding
from . import FileContext, Hit, file_detector

_DOCTEST_USE = re.compile(rb"\bdoctest\b")
# A module that imports doctest (a docstring's prose may name it: its examples are read only for such a job).
_DOCTEST_IMPORT = re.compile(rb'(?m)(?:^|[\s";])(?:import\s[^\n#"]*\bdoctest\b|from\s+doctest\s+import\b)')
# The evaluators and template engines by name; `df.eval("a + b")` needs an argument (`model.eval()`,
# everywhere in torch code, has none).
_EVALUATOR_USE = re.compile(rb"\b(numexpr|jinja2|mako|Cheetah|chameleon|fileConfig)\b|\.query\s*\(|"
                            rb"\.eval\s*\(\s*[^)\s]|\b(pd|pandas)\.eval\b")
# What reaches Python's internals from an expression or a template; not prose words like `eval(` or
# `import os`, which a README may well contain. Also read in code strings the job compiles (dynamic.py).
CODE_PAYLOAD = re.compile(r"__import__\s*\(|__globals__|__subclasses__|__builtins__|__mro__|"
                      r"\bos\s*\.\s*(system|popen|exec\w*)\s*\(|\bsubprocess\s*\.\s*\w+\s*\(|<%!?\s")
_PROMPT = re.compile(r"^(\s*)(>>>|\.\.\.)( |$)(.*)$")
_TEXT_KINDS = frozenset({"other", "config", "data"})


def doctest_source(text: str) -> tuple[str, int] | None:
    """The Python of a text's doctest examples, one line per text line (others blank, so line numbers
    stay), and how many example lines there were; None when it has none."""
    out, count = [], 0
    for line in text.split("\n"):
        m = _PROMPT.match(line)
        if m is None:
            out.append("")
            continue
        count += 1
        out.append(m.group(4) if m.group(2) == ">>>" or not out or not out[-1] else "    " + m.group(4).lstrip())
    return ("\n".join(out) + "\n", count) if count else None


def _text(data: bytes | None) -> str | None:
    """A text as its readers open it: with universal newlines (`doctest.testfile` reads a file in text mode, so an
    example after a lone `\\r` is a line of its own)."""
    if data is None or b"\x00" in data[:4096]:
        return None
    try:
        return io.StringIO(data.decode("utf-8"), newline=None).getvalue()
    except UnicodeDecodeError:
        return None


@file_detector("text-code")
def text_code(ctx: FileContext) -> Iterator[Hit | Finding]:
    content = ctx.content
    code = [content.data.get(e.path) or b"" for e in content.files if e.kind in ("python", "notebook")]
    # A text file scanned on its own: whoever reads it is out of sight, so judge it as if they evaluate it.
    alone = not code and len(content.files) == 1
    doctests = alone or any(_DOCTEST_USE.search(c) for c in code)
    docstrings = any(_DOCTEST_IMPORT.search(c) for c in code)
    evaluators = alone or any(_EVALUATOR_USE.search(c) for c in code)
    if not (doctests or evaluators):
        return
    for entry in content.files:
        if entry.kind == "python" and docstrings:
            # doctest.testmod and run_docstring_examples run the `>>>` lines of the job's own docstrings, which
            # the module's analysis reads as strings
            examples = doctest_source(_text(content.data.get(entry.path)) or "")
            if examples is not None:
                yield from ctx.python_findings(entry.path, examples[0].encode("utf-8"))
        if entry.kind not in _TEXT_KINDS:
            continue
        text = _text(content.data.get(entry.path))
        if text is None:
            continue
        if doctests:
            examples = doctest_source(text)
            if examples is not None:
                yield Hit("dynamic-code.doctest-text", entry.path, details={"name": f"{examples[1]} example lines"})
                yield from ctx.python_findings(entry.path, examples[0].encode("utf-8"))
        if evaluators:
            m = CODE_PAYLOAD.search(text)
            if m is not None:
                line = text.count("\n", 0, m.start()) + 1
                yield Hit("dynamic-code.code-in-text", entry.path, line,
                          snippet=text.split("\n")[line - 1].strip()[:240], details={"name": m.group(0)})
