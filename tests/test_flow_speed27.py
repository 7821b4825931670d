"""Work the flow analysis does once per module, not once per round, loop pass and call (speedflow27): what a
class of the job binds or stores, which a library handed one of its objects may read (Frame.object_fields)."""

from __future__ import annotations

import libcst as cst

from analyzer.engine.flow import engine, module_flow, values
from analyzer.engine.resolve import Resolver


def test_a_class_body_is_walked_once_however_often_its_objects_are_handed_out(monkeypatch) -> None:
    walked = []

    def counted(cls):
        walked.append(cls.name.value)
        return stored(cls)

    stored = values._stored_attributes
    monkeypatch.setattr(module_flow, "_stored_attributes", counted)
    source = "import copy\nimport pandas as pd\n\nclass Box:\n    def __init__(self):\n" \
             "        self.rows = pd.read_csv('d.csv')\n\nbox = Box()\n" + \
             "".join(f"print(copy.copy(box), {i})\n" for i in range(6))
    module = cst.parse_module(source)
    leaks = engine.analyze(module, Resolver(module))
    assert any(o.kind == engine.DATA for leak in leaks for o in leak.origins)  # the fields were read
    assert walked == ["Box"]
