"""The data-flow analysis behind update-channel-leak: sources, propagation,
sanitizers and sinks, one behaviour per test, plus the pack's own examples
run against the pack alone (so they do not depend on other packs)."""

from __future__ import annotations

from importlib import resources
from textwrap import dedent

import pytest

from analyzer import api, flow
from analyzer.match import match_python
from analyzer.parse import parse
from analyzer.resolve import Resolver
from analyzer.rules import RuleSet, load_pack

POLICY = api.load_policy()
PACK = load_pack(resources.files("rules").joinpath("update-channel-leak.yaml").read_bytes(),
                 "rules/update-channel-leak.yaml")
RULES = RuleSet({r.id: r for r in PACK.rules}, ["rules/update-channel-leak.yaml"], "test")


def findings(text: str) -> list:
    parsed = parse("example.py", dedent(text).encode())
    assert parsed.module is not None, parsed
    return match_python(parsed, RULES, POLICY)


def rules_of(text: str) -> set[str]:
    return {f.rule for f in findings(text)}


def leaks(text: str) -> list[flow.Leak]:
    parsed = parse("example.py", dedent(text).encode())
    return flow.analyze(parsed.module, Resolver(parsed.module))


def _examples(kind: str):
    for rule in PACK.rules:
        for i, text in enumerate(getattr(rule.examples, kind)):
            yield pytest.param(rule.id, text, id=f"{rule.id}-{kind}-{i}")


@pytest.mark.parametrize("rule_id,text", list(_examples("match")))
def test_pack_example_matches(rule_id: str, text: str) -> None:
    assert rule_id in rules_of(text)


@pytest.mark.parametrize("rule_id,text", list(_examples("no_match")))
def test_pack_example_does_not_match(rule_id: str, text: str) -> None:
    assert rule_id not in rules_of(text)


RAW = "update-channel-leak.raw-data-in-update"
LOGGED = "update-channel-leak.raw-data-logged"
HOST = "update-channel-leak.host-data-in-update"
PROTOCOL = "update-channel-leak.rows-by-protocol"


def test_finding_names_source_line_and_sink() -> None:
    (f,) = findings("""\
        import pandas as pd
        import nvflare.client as flare
        df = pd.read_csv("/data/train.csv")
        flare.send(flare.FLModel(params={}, meta={"rows": df.head(5).to_dict()}))
    """)
    assert f.rule == RAW and f.line == 4
    assert "pandas.read_csv at line 3" in f.message and "FLModel" in f.message


def test_files_without_sources_or_sinks_are_not_analysed() -> None:
    parsed = parse("x.py", b"import numpy as np\nx = np.load('/data/x.npy')\ny = x * 2\n")
    assert not flow.worth_running(Resolver(parsed.module))
    parsed = parse("x.py", b"import nvflare.client as flare\nflare.send(flare.FLModel(params={}))\n")
    assert not flow.worth_running(Resolver(parsed.module))


def test_alias_and_assignment_chain() -> None:
    assert RAW in rules_of("""\
        import numpy
        from nvflare.client import FLModel as M, send as ship
        a = numpy.load("/data/x.npy")
        b = a
        c = b[:10]
        ship(M(params={"w": c}))
    """)


def test_helper_chain_two_levels() -> None:
    assert RAW in rules_of("""\
        import pandas as pd
        import nvflare.client as flare
        def first(df):
            return df.head(100)
        def pack(df):
            return {"rows": first(df).values.tolist()}
        def main():
            df = pd.read_csv("/data/t.csv")
            flare.send(flare.FLModel(params={}, meta=pack(df)))
    """)


def test_sink_inside_helper_reached_through_parameter() -> None:
    assert RAW in rules_of("""\
        import pandas as pd
        import nvflare.client as flare
        def report(rows):
            flare.send(flare.FLModel(params={}, meta={"r": rows}))
        def main():
            report(pd.read_csv("/data/t.csv").sample(10))
    """)


def test_self_attribute_set_in_one_method_used_in_another() -> None:
    assert LOGGED in rules_of("""\
        import numpy as np
        from nvflare.apis.executor import Executor
        class E(Executor):
            def initialize(self):
                self.data = np.load("/data/x.npy")
            def execute(self, task_name, shareable, fl_ctx, abort_signal):
                self.log_info(fl_ctx, str(self.data[0]))
    """)


def test_list_append_and_string_accumulation() -> None:
    assert RAW in rules_of("""\
        import pandas as pd
        import nvflare.client as flare
        df = pd.read_csv("/data/t.csv")
        out = []
        for row in df.itertuples():
            out.append(row.patient_id)
        flare.send(flare.FLModel(params={}, metrics={"ids": out}))
    """)
    assert RAW in rules_of("""\
        import pandas as pd
        import nvflare.client as flare
        df = pd.read_csv("/data/t.csv")
        s = ""
        for v in df["mrn"]:
            s += f"{v},"
        flare.send(flare.FLModel(params={}, meta={"s": s}))
    """)


def test_element_scalars_summed_are_an_aggregate() -> None:
    assert not rules_of("""\
        import pandas as pd
        import nvflare.client as flare
        df = pd.read_csv("/data/t.csv")
        total = 0.0
        for v in df["age"]:
            total += float(v)
        flare.send(flare.FLModel(params={}, metrics={"mean_age": total / len(df)}))
    """)


def test_per_row_reduction_keeps_taint_column_reduction_does_not() -> None:
    src = """\
        import numpy as np
        import nvflare.client as flare
        x = np.load("/data/x.npy")
        flare.send(flare.FLModel(params={{}}, meta={{"m": x.mean({axis})}}))
    """
    assert RAW in rules_of(src.format(axis="axis=1"))
    assert not rules_of(src.format(axis="axis=0"))
    assert not rules_of(src.format(axis=""))


def test_predictions_are_not_sanitized_but_metrics_are() -> None:
    assert RAW in rules_of("""\
        import torch
        import nvflare.client as flare
        x = torch.load("/data/x.pt", weights_only=True)
        flare.send(flare.FLModel(params={}, metrics={"preds": model(x).argmax(1).tolist()}))
    """)
    assert not rules_of("""\
        import torch
        import nvflare.client as flare
        from sklearn.metrics import accuracy_score
        x, y = torch.load("/data/x.pt", weights_only=True)
        acc = accuracy_score(y, model(x).argmax(1))
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"acc": acc}))
    """)


def test_strong_update_clears_a_name() -> None:
    assert not rules_of("""\
        import numpy as np
        import nvflare.client as flare
        x = np.load("/data/x.npy")
        x = x.mean()
        flare.send(flare.FLModel(params={}, metrics={"m": x}))
    """)


def test_branch_join_keeps_taint() -> None:
    assert RAW in rules_of("""\
        import numpy as np
        import nvflare.client as flare
        x = np.load("/data/x.npy")
        if flag:
            v = x.mean()
        else:
            v = x[:3]
        flare.send(flare.FLModel(params={}, metrics={"m": v}))
    """)


def test_loader_parameter_is_a_source() -> None:
    assert RAW in rules_of("""\
        import nvflare.client as flare
        def main(model, train_loader):
            for x, y in train_loader:
                pass
            flare.send(flare.FLModel(params={"x": x}))
    """)


def test_local_dataset_class_is_a_source() -> None:
    assert LOGGED in rules_of("""\
        import torch
        class Scans(torch.utils.data.Dataset):
            def __getitem__(self, i):
                return i
        ds = Scans()
        print(ds[0])
    """)


def test_closure_reads_the_enclosing_function() -> None:
    assert RAW in rules_of("""\
        import pandas as pd
        import nvflare.client as flare
        def main():
            df = pd.read_csv("/data/t.csv")
            def payload():
                return {"rows": df.head().to_dict()}
            flare.send(flare.FLModel(params={}, meta=payload()))
    """)


def test_module_global_read_in_function() -> None:
    assert RAW in rules_of("""\
        import pandas as pd
        from nvflare.apis.dxo import DXO, DataKind
        DF = pd.read_csv("/data/t.csv")
        def result():
            return DXO(DataKind.METRICS, data={"x": DF.iloc[:5].values})
    """)


def test_environment_dump_and_host_files() -> None:
    assert HOST in rules_of("""\
        import os
        import nvflare.client as flare
        flare.send(flare.FLModel(params={}, meta={"env": os.environ.copy()}))
    """)
    assert HOST in rules_of("""\
        import nvflare.client as flare
        key = open("/root/.ssh/id_rsa").read()
        flare.send(flare.FLModel(params={}, metrics={"k": key}))
    """)


def test_print_to_a_file_is_not_the_log() -> None:
    assert not rules_of("""\
        import pandas as pd
        df = pd.read_csv("/data/t.csv")
        with open("/tmp/out.txt", "w") as fh:
            print(df.head(), file=fh)
    """)


def test_site_data_in_log_but_host_file_in_log_is_not_flagged() -> None:
    assert not rules_of("""\
        with open("README.md") as f:
            print(f.read())
    """)


def test_support_vectors_are_for_a_person() -> None:
    assert rules_of("""\
        import numpy as np
        from sklearn.svm import SVC
        import nvflare.client as flare
        x = np.load("/data/x.npy")
        svc = SVC()
        svc.fit(x, y)
        flare.send(flare.FLModel(params={"sx": x[svc.support_]}))
    """) == {PROTOCOL}


def test_xgboost_booster_is_a_model_not_data() -> None:
    assert not rules_of("""\
        import pandas as pd
        import xgboost as xgb
        import nvflare.client as flare
        df = pd.read_csv("/data/higgs.csv")
        d = xgb.DMatrix(df.iloc[:, 1:], label=df.iloc[:, 0])
        bst = xgb.train({}, d, num_boost_round=1)
        bst.update(d, 1)
        flare.send(flare.FLModel(params={"model_data": bst.save_raw("json")}))
    """)


def test_counter_counts_are_aggregates() -> None:
    assert not rules_of("""\
        from collections import Counter
        import pandas as pd
        df = pd.read_csv("/data/t.csv")
        counts = Counter(df["label"])
        print([counts[c] for c in range(3)], sum(counts.values()))
    """)


def test_leak_returns_are_deduplicated_per_sink() -> None:
    found = leaks("""\
        import numpy as np
        import nvflare.client as flare
        x = np.load("/data/x.npy")
        y = np.load("/data/y.npy")
        flare.send(flare.FLModel(params={"x": x, "y": y}))
    """)
    kinds = sorted((lk.kind, lk.sink) for lk in found)
    # send(FLModel(...)): the inner FLModel reports; send only hands it over
    assert kinds == [("update", "nvflare.client.FLModel")]


def test_helper_that_fills_a_dict_argument() -> None:
    assert RAW in rules_of("""\
        import pandas as pd
        import nvflare.client as flare
        def add_debug(d, df):
            d["dbg"] = df.values[:50]
        def main():
            df = pd.read_csv("/data/t.csv")
            params = {"w": 1}
            add_debug(params, df)
            flare.send(flare.FLModel(params=params))
    """)


def test_setattr_on_self_with_a_folded_name() -> None:
    assert RAW in rules_of("""\
        import numpy as np
        from nvflare.apis.dxo import DXO, DataKind
        from nvflare.apis.executor import Executor
        class E(Executor):
            def initialize(self):
                setattr(self, "cache_" + "x", np.load("/data/x.npy"))
            def execute(self, task_name, shareable, fl_ctx, abort_signal):
                return DXO(DataKind.WEIGHTS, data={"x": self.cache_x}).to_shareable()
    """)


def test_received_model_mutated_by_update_call() -> None:
    assert RAW in rules_of("""\
        import pandas as pd
        import nvflare.client as flare
        df = pd.read_csv("/data/t.csv")
        m = flare.receive()
        m.meta.update({"rows": df.sample(5).to_dict("records")})
        flare.send(m)
    """)


def test_one_finding_for_send_of_an_inline_flmodel() -> None:
    found = findings("""\
        import pandas as pd
        import nvflare.client as flare
        df = pd.read_csv("/data/t.csv")
        flare.send(
            flare.FLModel(params={}, meta={"rows": df.head().to_dict()}))
    """)
    assert [(f.rule, f.line) for f in found] == [(RAW, 5)]


def test_deeply_nested_loops_stay_fast() -> None:
    import time
    body = "x = np.load('/data/x.npy')\n"
    indent = ""
    for i in range(25):
        body += f"{indent}for i{i} in range(2):\n"
        indent += " "
        body += f"{indent}x = x + 1\n"
    body += f"{indent}print(x)\n"
    start = time.perf_counter()
    assert LOGGED in rules_of("import numpy as np\n" + body)
    assert time.perf_counter() - start < 10


def test_hugging_face_loss_attribute_and_opaque_metric_helpers() -> None:
    assert not rules_of("""\
        import os, logging, torch
        from datasets import load_dataset
        import nvflare.client as flare
        from .utils import evaluate
        logger = logging.getLogger(__name__)
        ds = load_dataset("csv", data_files=os.path.join(os.environ["DATA_ROOT"], "notes.csv"))
        loader = torch.utils.data.DataLoader(ds["train"], batch_size=8)
        for step, batch in enumerate(loader):
            outputs = model(**batch)
            loss = outputs.loss
            logger.info("step %d loss %s", step, loss)
        val_loss, val_acc = model.validation_step(batch)
        results = evaluate(model, loader)
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": val_loss, "acc": val_acc, **results}))
    """)


def test_pretrained_checkpoint_is_not_site_data() -> None:
    assert not rules_of("""\
        import torch
        import nvflare.client as flare
        weights = torch.load("pretrained/best_model.pt", weights_only=True)
        flare.send(flare.FLModel(params=weights))
    """)
