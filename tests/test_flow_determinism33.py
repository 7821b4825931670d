"""What other modules of the job wrote into a file, past MAX_FILE_DEPTH modules analysed one inside another
(Frame.written_elsewhere): one origin per such module, all at the reading module's node. They were alike but
for their key (an id()), so they tied in every order a bound's cut follows and which were kept followed the
set's order: on NVFlare's examples as one unit, counts of sources ("and N more") moved between runs. Each now
names its module, and a cut keeps the same ones in every order."""

from __future__ import annotations

import libcst as cst
import pytest

from analyzer.engine.flow import calls, frame, module_flow, values
from analyzer.engine.flow.names import MAX_ORIGINS
from analyzer.engine.program import Program
from analyzer.engine.resolve import Resolver

READER = ("import json\nimport nvflare.client as flare\nfrom nvflare.app_common.abstract.fl_model import FLModel\n"
          "rows = json.load(open('x.json'))\nflare.send(FLModel(metrics={'m': rows}))\n")
WRITER = "import json\nimport pandas as pd\njson.dump(pd.read_csv('site.csv').values.tolist(), open('x.json', 'w'))\n"
WRITERS = MAX_ORIGINS + 3


def test_what_modules_past_the_depth_wrote_is_named_after_each_and_cut_alike_in_every_order(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calls, "MAX_FILE_DEPTH", 0)  # every other module is past the depth
    sources = {"reader.py": READER.encode(), **{f"w{i:02}.py": WRITER.encode() for i in range(WRITERS)}}
    program = Program(sources, lambda path, data, prog, name: Resolver(cst.parse_module(data), program=prog,
                                                                        name=name, path=path))
    reader = program.resolver("reader.py")
    made = []
    written = frame._Frame.written_elsewhere

    def keep(self, names):
        out = written(self, names)
        made.extend(o for o in out if "MAX_FILE_DEPTH" in o.what)
        return out

    monkeypatch.setattr(frame._Frame, "written_elsewhere", keep)
    values._ANALYSING[:] = [reader]
    try:
        module_flow.flow_of(reader).leaks()
        origins = list(dict.fromkeys(made))
        assert len(origins) == WRITERS
        assert sorted(o.what.split()[1] for o in origins) == [f"w{i:02}.py" for i in range(WRITERS)]
        kept = [values._most_decisive(order, MAX_ORIGINS - 1)[:MAX_ORIGINS - 1]
                for order in (origins, origins[::-1], origins[5:] + origins[:5])]
    finally:
        for table in (values._TEXTS, values._PLACES, values._WALKED, values._ANALYSING, values._INTERNED,
                      values._MADE, values._CAPPED, values._PASSED, values._MARKERS):
            table.clear()
    assert kept[0] == kept[1] == kept[2]
