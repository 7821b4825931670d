"""Session 55 (speed55): libcst's metadata package loads on first use (analyzer/engine/cst_metadata.py).

Each check runs in a fresh interpreter: what a start imports is the point, and this test process has
imported libcst long before.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(code: str) -> dict:
    """`code` in a fresh interpreter with this tree first on the path; it prints one JSON object."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_scan_imports_no_metadata_provider():
    """A whole scan (the analysis imported, a job analysed) leaves libcst's providers unimported: only
    the package and the two modules libcst's own __init__ names."""
    found = _run("""
import json, sys
from analyzer import api
report = api.scan('corpus/jobs/benign_pt_client_api')
print(json.dumps({'decision': report.decision.value,
                  'modules': sorted(m for m in sys.modules if m.startswith('libcst.metadata'))}))
""")
    assert found["decision"] == "accept"  # analysed through: parsed, resolved, the flow run
    assert found["modules"] == ["libcst.metadata", "libcst.metadata.base_provider", "libcst.metadata.wrapper"]


def test_the_package_loads_when_first_asked():
    """Every way of reaching the package still works, and the first one runs its __init__ whole: after it
    the package is libcst's own (its loader, its __all__), and the finder has left sys.meta_path."""
    found = _run("""
import json, sys
import analyzer.engine
import libcst as cst
before = 'libcst.metadata.scope_provider' in sys.modules
wrapper = cst.metadata.MetadataWrapper(cst.parse_module('x = 1\\n'))
positions = wrapper.resolve(cst.metadata.PositionProvider)
from libcst.metadata import ScopeProvider, QualifiedNameProvider
import libcst.metadata as md
print(json.dumps({
    'before': before,
    'after': 'libcst.metadata.scope_provider' in sys.modules,
    'line': next(iter(positions.values())).start.line,
    'scope': ScopeProvider.__module__, 'alias': md is cst.metadata,
    'all': 'ScopeProvider' in md.__all__,
    'loader': type(md.__loader__).__name__, 'spec_loader': type(md.__spec__.loader).__name__,
    'finders': [type(f).__name__ for f in sys.meta_path],
}))
""")
    assert found["before"] is False and found["after"] is True
    assert found["line"] == 1 and found["scope"] == "libcst.metadata.scope_provider" and found["alias"]
    assert found["all"]
    assert found["loader"] == found["spec_loader"] == "SourceFileLoader"
    assert "_Finder" not in found["finders"]


def test_missing_name_is_an_attribute_error():
    """A name the package does not have is an AttributeError after its __init__ ran, as without the deferral
    (hasattr and getattr's default rely on it)."""
    found = _run("""
import json
import analyzer.engine
import libcst
print(json.dumps({'has': hasattr(libcst.metadata, 'NoSuchProvider'),
                  'real': hasattr(libcst.metadata, 'ScopeProvider')}))
""")
    assert found == {"has": False, "real": True}


def test_libcst_imported_first_is_left_as_it_is():
    """Where libcst was imported before jobgate's engine (a host that uses it), nothing is deferred and no
    finder is left waiting for an import that already happened."""
    found = _run("""
import json, sys
import libcst
import analyzer.engine
print(json.dumps({'scope': 'libcst.metadata.scope_provider' in sys.modules,
                  'finders': [type(f).__name__ for f in sys.meta_path]}))
""")
    assert found["scope"] is True
    assert "_Finder" not in found["finders"]
