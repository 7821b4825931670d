"""The data-flow analysis behind update-channel-leak: sources, propagation,
sanitizers and sinks, one behaviour per test, plus the pack's own examples
run against the pack alone (so they do not depend on other packs)."""

from __future__ import annotations

from importlib import resources
from textwrap import dedent

import pytest

from analyzer import api
from analyzer.engine import flow
from analyzer.engine.flow.names import MAX_STORE_ROUNDS
from analyzer.engine.match import match_python
from analyzer.engine.parse import parse
from analyzer.engine.resolve import Resolver
from analyzer.engine.rules import RuleSet, load_pack

POLICY = api.load_policy()
PACK = load_pack(resources.files("rules").joinpath("update-channel-leak.yaml").read_bytes(),
                 "rules/update-channel-leak.yaml")
CREDENTIALS = load_pack(resources.files("rules").joinpath("credential-harvest.yaml").read_bytes(),
                        "rules/credential-harvest.yaml")
# The pack, plus the credential rule that shares its analysis (a secret in the update or the log).
FLOW_RULES = [*PACK.rules, *(r for r in CREDENTIALS.rules if r.match.detector == "secret-leak")]
RULES = RuleSet({r.id: r for r in FLOW_RULES}, ["rules/update-channel-leak.yaml", "rules/credential-harvest.yaml"],
                "test")


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
    for rule in FLOW_RULES:
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
PRODUCT = "update-channel-leak.data-product"
UNKNOWN = "update-channel-leak.unknown-provenance"
SECRET = "credential-harvest.secret-in-channel"


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
    # a credential file is a secret (credential harvest), other host files are host data
    assert rules_of("""\
        import nvflare.client as flare
        key = open("/root/.ssh/id_rsa").read()
        flare.send(flare.FLModel(params={}, metrics={"k": key}))
    """) == {SECRET}
    assert HOST in rules_of("""\
        import nvflare.client as flare
        hist = open("/root/.bash_history").read()
        flare.send(flare.FLModel(params={}, metrics={"k": hist}))
    """)


def test_print_to_a_file_is_not_the_log() -> None:
    assert not rules_of("""\
        import pandas as pd
        df = pd.read_csv("/data/t.csv")
        with open("/tmp/out.txt", "w") as fh:
            print(df.head(), file=fh)
    """)


def test_a_job_file_in_the_log_is_not_flagged() -> None:
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


@pytest.mark.serial  # asserts on wall time
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
    # `outputs.loss` of a library model is a loss; what another module's `evaluate` or an unseen
    # `validation_step` returns is of unknown provenance whatever it is called: reviewed, not accepted
    # (before the provenance model, these names made the values clean).
    found = rules_of("""\
        import os, logging, torch
        from datasets import load_dataset
        from transformers import AutoModelForSequenceClassification
        import nvflare.client as flare
        from .utils import evaluate
        logger = logging.getLogger(__name__)
        model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")
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
    assert found == {UNKNOWN}
    assert not rules_of("""\
        import os, logging, torch
        from datasets import load_dataset
        from transformers import AutoModelForSequenceClassification
        import nvflare.client as flare
        logger = logging.getLogger(__name__)
        model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")
        ds = load_dataset("csv", data_files=os.path.join(os.environ["DATA_ROOT"], "notes.csv"))
        loader = torch.utils.data.DataLoader(ds["train"], batch_size=8)
        total = 0.0
        for step, batch in enumerate(loader):
            outputs = model(**batch)
            loss = outputs.loss
            logger.info("step %d loss %s", step, loss)
            total += loss.item()
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": total / len(loader)}))
    """)


def test_pretrained_checkpoint_is_not_site_data() -> None:
    assert not rules_of("""\
        import torch
        import nvflare.client as flare
        weights = torch.load("pretrained/best_model.pt", weights_only=True)
        flare.send(flare.FLModel(params=weights))
    """)


# ---- false positives seen on NVFlare's own examples, and their malicious neighbours ----------------


def test_dmatrix_counts_are_clean_a_sample_row_is_not() -> None:
    text = """\
        import pandas as pd
        import xgboost as xgb
        df = pd.read_csv("/data/site-1/train.csv", header=None)
        print(f"Direct load: nrow={df.shape[0]}, ncol={df.shape[1]}")
        dtrain = xgb.DMatrix("/data/site-1/train.csv?format=csv&label_column=0")
        print(f"DMatrix: nrow={dtrain.num_row()}, ncol={dtrain.num_col()}")
    """
    assert not rules_of(text)
    assert LOGGED in rules_of(text.rstrip(" ") + '        print(f"one sample row: {df.iloc[0]}")\n')
    assert LOGGED in rules_of(text.rstrip(" ") + '        print(dtrain.get_data()[0])\n')


def test_opacus_noise_multiplier_is_not_data() -> None:
    assert not rules_of("""\
        import torch
        from opacus import PrivacyEngine
        from torch.utils.data import DataLoader
        train_loader = DataLoader(ds, batch_size=64)
        engine = PrivacyEngine()
        model, optimizer, train_loader = engine.make_private_with_epsilon(
            module=model, optimizer=optimizer, data_loader=train_loader, epochs=5,
            target_epsilon=8.0, target_delta=1e-5, max_grad_norm=1.0)
        print(f"noise multiplier: {optimizer.noise_multiplier:.4f}")
        print(f"model: {model}")
    """)
    # ... but the loader that comes back is still the data
    assert LOGGED in rules_of("""\
        from opacus import PrivacyEngine
        from torch.utils.data import DataLoader
        train_loader = DataLoader(ds, batch_size=64)
        model, optimizer, train_loader = PrivacyEngine().make_private(
            module=model, optimizer=optimizer, data_loader=train_loader, noise_multiplier=1.0, max_grad_norm=1.0)
        for x, y in train_loader:
            print(x)
    """)
    # ... the loader it was given, sampling the whole dataset: a loss over its batches is an aggregate
    assert not rules_of("""\
        import torch
        import nvflare.client as flare
        from opacus import PrivacyEngine
        from torch.utils.data import DataLoader
        from torchvision.datasets import CIFAR10
        train_loader = DataLoader(CIFAR10("/data/cifar"), batch_size=64)
        model, optimizer, train_loader = PrivacyEngine().make_private(
            module=model, optimizer=optimizer, data_loader=train_loader, noise_multiplier=1.0, max_grad_norm=1.0)
        criterion = torch.nn.CrossEntropyLoss()
        total = 0.0
        for x, y in train_loader:
            total += criterion(model(x), y).item()
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": total}))
    """)


def test_tuple_returns_are_followed_position_by_position() -> None:
    text = """\
        import pandas as pd
        import nvflare.client as flare
        def load_data(path):
            df = pd.read_csv(path)
            return df.iloc[:, 1:].values, df.iloc[:, 0].values, len(df)
        x, y, n = load_data("/data/train.csv")
        print(f"loaded {n} samples")
        flare.send(flare.FLModel(params=model.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": n}))
    """
    assert not rules_of(text)
    assert RAW in rules_of(text.rstrip(" ") + '        flare.send(flare.FLModel(params={}, meta={"x": x[:5].tolist()}))\n')


def test_keys_of_a_dict_of_frames_are_names_its_values_are_rows() -> None:
    text = """\
        import os
        import pandas as pd
        def load(root) -> dict:
            frames = {}
            for name in ["train", "test"]:
                frames[name] = pd.read_csv(os.path.join(root, f"{name}.csv"))
            return frames
        def save(frames, out):
            for name in frames:
                path = os.path.join(out, f"{name}_clean.csv")
                print("save to", path)
                frames[name].to_csv(path)
        frames = load("/data")
        save(frames, "/tmp/out")
        for name in frames:
            print(f"dataset {name}")
    """
    assert not rules_of(text)
    assert LOGGED in rules_of(text.rstrip(" ") + "        for name in frames:\n            print(frames[name])\n")
    assert LOGGED in rules_of(text.rstrip(" ") + "        for df in frames.values():\n            print(df.head())\n")


def test_list_of_dicts_iterated_yields_whole_records() -> None:
    assert LOGGED in rules_of("""\
        import pandas as pd
        df = pd.read_csv("/data/train.csv")
        rows = [{"age": a, "id": i} for a, i in zip(df.age, df.patient_id)]
        for r in rows:
            print(r)
    """)


def test_whole_frame_aggregates_and_group_aggregates() -> None:
    base = """\
        import polars as pl
        data = pl.read_csv("/data/te.csv")
    """
    assert not rules_of(base.rstrip(" ") + """\
        stats = data.select([pl.col("te").mean().alias("mean"), pl.col("te").std().alias("std")])
        print(f"mean {stats['mean'][0]:.4f}")
    """)
    assert LOGGED in rules_of(base.rstrip(" ") + """\
        stats = data.select([pl.col("te"), pl.col("id")])
        print(stats)
    """)
    assert LOGGED in rules_of(base.rstrip(" ") + """\
        per_patient = data.group_by("patient_id").agg(pl.col("te").mean())
        print(per_patient)
    """)


def test_trainer_metrics_and_config_are_clean_predictions_are_not() -> None:
    text = """\
        import datasets
        import nvflare.client as flare
        from peft import get_peft_model_state_dict
        from trl import SFTTrainer
        ds = datasets.load_dataset("json", data_files="/data/train.jsonl", split="train")
        trainer = SFTTrainer(model=model, train_dataset=ds, args=train_args)
        score = trainer.evaluate()
        print(f"eval: {score}, epochs {trainer.args.num_train_epochs}")
        trainer.train()
        flare.send(flare.FLModel(params=get_peft_model_state_dict(trainer.model),
                                 meta={"NUM_STEPS_CURRENT_ROUND": trainer.train_dataset.num_rows}))
    """
    assert not rules_of(text)
    assert LOGGED in rules_of(text.rstrip(" ") + "        print(trainer.predict(ds).predictions[:20])\n")


def test_newton_raphson_hessian_sums_over_samples() -> None:
    # X.T @ r and X.T @ D @ X sum over the rows; their structure (flow/gradients.py) says how: vouched for
    # with the server's weights, reviewed with weights the gate cannot see (a name nothing binds)
    newton = """\
        import numpy as np
        import nvflare.client as flare
        x = np.load("/data/site-1.train.x.npy")
        y = np.load("/data/site-1.train.y.npy")
        %s
        p = 1.0 / (1.0 + np.exp(-x @ theta))
        grad = np.dot(x.T, (y - p))
        d = np.diag((p * (1 - p))[:, 0])
        hessian = x.T.dot(d).dot(x)
        flare.send(flare.FLModel(params={"gradient": grad, "hessian": hessian}))
    """
    assert not rules_of(newton % 'theta = flare.receive().params["theta"]')
    assert rules_of(newton % "") == {PRODUCT}


def test_file_at_an_unknown_path_is_not_host_data_but_a_wrapper_of_a_host_file_is() -> None:
    # a file at a path the code does not name (and an unseen `encrypt`) is of unknown provenance
    assert rules_of("""\
        import base64
        import nvflare.client as flare
        def read_data(file_name):
            with open(file_name, "rb") as f:
                return base64.b64decode(f.read())
        ctx = read_data(args.he_context_path)
        flare.send(flare.FLModel(params={"ctx_id": len(ctx)}, meta={"blob": encrypt(ctx, hist)}))
    """) == {UNKNOWN}
    assert HOST in rules_of("""\
        import nvflare.client as flare
        def read_data(file_name):
            with open(file_name) as f:
                return f.read()
        flare.send(flare.FLModel(params={}, meta={"diag": read_data("/etc/passwd")}))
    """)
    assert SECRET in rules_of("""\
        import os
        import nvflare.client as flare
        def read_data(file_name):
            with open(file_name) as f:
                return f.read()
        def diag(p):
            return read_data(p)
        flare.send(flare.FLModel(params={}, meta={"diag": diag(os.path.expanduser("~/.ssh/id_rsa"))}))
    """)


def test_weights_file_under_a_data_folder_is_a_checkpoint() -> None:
    assert not rules_of("""\
        import torch
        from nvflare.apis.dxo import DXO, DataKind
        from nvflare.apis.executor import Executor
        class E(Executor):
            def __init__(self, model_path="/tmp/nvflare/data/cifar10/cifar_net.pth"):
                self.model_path = model_path
            def execute(self, task_name, shareable, fl_ctx, abort_signal):
                return DXO(DataKind.WEIGHTS, data=torch.load(self.model_path, weights_only=True)).to_shareable()
    """)


def test_datalist_file_names_logged_but_image_content_not() -> None:
    text = """\
        import numpy as np
        from monai.data import load_decathlon_datalist
        from monai.transforms import LoadImage
        items = load_decathlon_datalist("/data/dataset.json", data_list_key="training", base_dir="/data")
        loader = LoadImage(image_only=True)
        hist = np.zeros(20)
        for i, entry in enumerate(items):
            file = entry.get("image")
            img = loader(file)
            h, edges = np.histogram(img, bins=20)
            hist += h
            if i % 100 == 0:
                print(f"adding {i + 1} of {len(items)}: {file}")
    """
    assert not rules_of(text)
    assert LOGGED in rules_of(text.rstrip(" ") + "            print(img[0, :10])\n")


def test_iterrows_index_is_a_position_unless_the_frame_is_indexed_by_a_column() -> None:
    text = """\
        import pandas as pd
        df = pd.read_json("/data/train.jsonl", lines=True){}
        for index, item in df.iterrows():
            pass
        print(f"{{index + 1}} rows done")
    """
    assert not rules_of(text.format(""))
    assert LOGGED in rules_of(text.format('.set_index("patient_id")'))


def test_keys_of_a_dict_of_frames_in_the_update() -> None:
    text = """\
        import os
        import pandas as pd
        import nvflare.client as flare
        frames = {}
        for split in ["train", "test"]:
            frames[split] = pd.read_csv(os.path.join("/data", f"{split}.csv"))
        task = flare.receive()
        task.meta["rows"] = {name: len(frames[name]) for name in frames}
        flare.send(task)
    """
    assert not rules_of(text)
    assert RAW in rules_of(text.rstrip(" ") + """\
        flare.send(flare.FLModel(params={}, meta={n: frames[n].head().to_dict() for n in frames}))
    """)


# ---- provenance: laundering forms, each beside the nearest legitimate idiom ------------------


def test_lambda_and_map_carry_what_they_read() -> None:
    assert RAW in rules_of("""\
        import pandas as pd
        import nvflare.client as flare
        df = pd.read_csv("/data/train.csv")
        peek = lambda: df.head(20).to_dict()
        flare.send(flare.FLModel(params={}, metrics={"m": peek()}))
    """)
    assert RAW in rules_of("""\
        import numpy as np
        import nvflare.client as flare
        rows = np.load("/data/x.npy")
        flare.send(flare.FLModel(params={}, meta={"r": list(map(lambda r: r.tolist(), rows))}))
    """)
    assert not rules_of("""\
        import nvflare.client as flare
        m = flare.receive()
        model.load_state_dict(m.params)
        weights = dict(map(lambda kv: (kv[0], kv[1].cpu().numpy()), model.state_dict().items()))
        flare.send(flare.FLModel(params=weights))
    """)


def test_conditional_expression_carries_both_branches() -> None:
    assert RAW in rules_of("""\
        import pandas as pd
        import nvflare.client as flare
        df = pd.read_csv("/data/val.csv")
        acc = 0.9
        flare.send(flare.FLModel(params={}, metrics={"acc": acc if len(df) > 10**9 else df.values.tolist()}))
    """)
    assert not rules_of("""\
        import nvflare.client as flare
        from torch.utils.data import DataLoader
        from net import Net
        model = Net()
        loader = DataLoader(ds)
        correct = total = 0
        for x, y in loader:
            correct += (model(x).argmax(1) == y).sum().item()
            total += y.size(0)
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"acc": correct / total if total else 0.0}))
    """)


def test_products_with_the_transpose() -> None:
    gram = """\
        import numpy as np
        import nvflare.client as flare
        x = np.load("/data/x.npy")
        flare.send(flare.FLModel(params={"g": %s}))
    """
    assert not rules_of(gram % "x.T @ x")  # a Gram matrix of the design matrix (flow/gradients.py)
    assert rules_of(gram % "x.T @ (x * x[0])") == {PRODUCT}  # rows weighted by a row: reviewed
    assert rules_of(gram % "np.dot(x.T, np.eye(len(x)))") == {RAW}  # X.T @ I is X.T
    assert rules_of(gram % "x @ w") == {RAW}  # per-row predictions
    assert not rules_of(gram % "float(np.linalg.norm(x.T @ x))")  # reduced to a scalar


def test_in_place_writes_into_parameters_travel_in_the_state_dict() -> None:
    sent = """\
        import torch
        import pandas as pd
        import nvflare.client as flare
        df = pd.read_csv("/data/train.csv")
        %s
        flare.send(flare.FLModel(params=model.cpu().state_dict()))
    """
    for write in [
        "for p in model.parameters():\n    p.data.copy_(torch.tensor(df.values[: p.numel()]).view_as(p))",
        "model.register_buffer('stash', torch.tensor(df.values))",
        "model.load_state_dict({'w': torch.tensor(df.values)}, strict=False)",
        "model.fc.bias.data.copy_(torch.tensor(df.iloc[0].values))",
        "torch.nn.utils.vector_to_parameters(torch.tensor(df.values.ravel()), model.parameters())",
        "for name, p in model.named_parameters():\n    p.data = torch.tensor(df.values)",
    ]:
        assert RAW in rules_of(sent % write.replace("\n", "\n        ")), write
    # the Client API's own writes: the server's weights, DP noise, the global model
    assert not rules_of("""\
        import torch
        import nvflare.client as flare
        input_model = flare.receive()
        model.load_state_dict(input_model.params)
        with torch.no_grad():
            for p in model.parameters():
                p.add_(torch.randn_like(p) * 0.01)
            for name, p in model.named_parameters():
                p.data.copy_(torch.as_tensor(input_model.params[name]))
        flare.send(flare.FLModel(params=model.cpu().state_dict()))
    """)


def test_in_place_write_inside_a_helper_function() -> None:
    assert RAW in rules_of("""\
        import torch
        import numpy as np
        import nvflare.client as flare
        def imprint(net, data):
            for p in net.parameters():
                p.data.copy_(torch.tensor(data[: p.numel()]).view_as(p))
        imprint(model, np.load("/data/x.npy"))
        flare.send(flare.FLModel(params=model.state_dict()))
    """)


def test_attributes_named_like_metrics_or_counts_are_their_fields() -> None:
    assert RAW in rules_of("""\
        import pandas as pd
        import nvflare.client as flare
        from nvflare.apis.executor import Executor
        class E(Executor):
            def execute(self, task_name, shareable, fl_ctx, abort_signal):
                df = pd.read_csv("/data/val.csv")
                self.auc = df["patient_id"].tolist()
                flare.send(flare.FLModel(params={}, metrics={"auc": self.auc}))
    """)
    assert RAW in rules_of("""\
        import pandas as pd
        import nvflare.client as flare
        class Stats:
            def __init__(self, df):
                self.n_samples = df.values.tolist()
        s = Stats(pd.read_csv("/data/train.csv"))
        flare.send(flare.FLModel(params={}, meta={"n_samples": s.n_samples}))
    """)
    assert not rules_of("""\
        import nvflare.client as flare
        from torch.utils.data import DataLoader
        from net import Net
        model = Net()
        class Trainer:
            def __init__(self):
                self.best_acc = 0.0
            def evaluate(self, loader):
                correct = total = 0
                for x, y in loader:
                    correct += (model(x).argmax(1) == y).sum().item()
                    total += len(y)
                self.best_acc = max(self.best_acc, correct / total)
        t = Trainer()
        t.evaluate(DataLoader(ds))
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"acc": t.best_acc}))
    """)


def test_own_class_method_named_state_dict_is_its_own_code() -> None:
    assert RAW in rules_of("""\
        import numpy as np
        import nvflare.client as flare
        class Model:
            def __init__(self, x):
                self.x = x
            def state_dict(self):
                return {"w": self.x}
        m = Model(np.load("/data/x.npy"))
        flare.send(flare.FLModel(params=m.state_dict()))
    """)


def test_names_never_clean_code_the_gate_cannot_see() -> None:
    # another module's `evaluate`, `count_samples`, a trainer class of the job: unknown provenance
    for call in ["evaluate(model, loader)", "count_samples(loader)", "MyTrainer().evaluate()"]:
        found = rules_of(f"""\
            import nvflare.client as flare
            from helpers import evaluate, count_samples, MyTrainer
            m = flare.receive()
            flare.send(flare.FLModel(params=m.params, metrics={{"v": {call}}}))
        """)
        assert found == {UNKNOWN}, call
    # the data passed to another module's function comes back reviewed, not accepted
    assert rules_of("""\
        import pandas as pd
        import nvflare.client as flare
        from metrics import auc
        df = pd.read_csv("/data/val.csv")
        flare.send(flare.FLModel(params={}, metrics={"auc": auc(df)}))
    """) == {UNKNOWN}
    # a model built by another module is a model: its state_dict and its predictions are vouched for
    assert not rules_of("""\
        import torch
        import nvflare.client as flare
        from net import Net
        from torch.utils.data import DataLoader
        model = Net()
        loader = DataLoader(ds)
        loss_fn = torch.nn.CrossEntropyLoss()
        flare.init()
        while flare.is_running():
            input_model = flare.receive()
            model.load_state_dict(input_model.params)
            total_loss, correct, total = 0.0, 0, 0
            for x, y in loader:
                out = model(x)
                total_loss += loss_fn(out, y).item()
                correct += (out.argmax(1) == y).sum().item()
                total += y.size(0)
            flare.send(flare.FLModel(params=model.cpu().state_dict(),
                                     metrics={"accuracy": correct / total, "loss": total_loss / len(loader)}))
    """)


def _job_rules(tmp_path, files: dict[str, str]) -> set[str]:
    for name, text in files.items():
        (tmp_path / name).write_text(dedent(text))
    return {f.rule for f in api.scan(tmp_path, POLICY).findings if f.category == "update-channel-leak"}


EVALUATE = """\
    import torch
    def evaluate(model, loader):
        correct, total = 0, 0
        with torch.no_grad():
            for x, y in loader:
                correct += (model(x).argmax(1) == y).sum().item()
                total += y.size(0)
        return 100 * correct / total
"""
CLIENT = """\
    import nvflare.client as flare
    import torch
    from torch.utils.data import DataLoader
    from utils import {name}
    model = torch.nn.Linear(4, 2)
    loader = DataLoader(torch.load("/data/site.pt", weights_only=True))
    m = flare.receive()
    flare.send(flare.FLModel(params=model.state_dict(), metrics={{"v": {call}}}))
"""


def test_a_function_of_another_job_module_is_judged_by_its_code(tmp_path) -> None:
    # what the helper computes decides, not its name: an accuracy is a metric, rows are site data
    assert _job_rules(tmp_path, {"utils.py": EVALUATE, "client.py": CLIENT.format(
        name="evaluate", call="evaluate(model, loader)")}) == set()
    rows = "def evaluate(model, loader):\n    return [x.tolist() for x, y in loader][:5]\n"
    assert "update-channel-leak.raw-data-in-update" in _job_rules(tmp_path, {"utils.py": rows, "client.py": CLIENT.format(
        name="evaluate", call="evaluate(model, loader)")})


KERAS = """\
    import numpy as np
    import tensorflow as tf
    import nvflare.client as flare
    from net import Net
    x = np.load("/data/x.npy")
    ds = tf.data.Dataset.from_tensor_slices((x, x))
    model = Net()
    model.fit(ds, epochs=1)
    _, acc = model.evaluate(ds)
    flare.send(flare.FLModel(params={l.name: l.get_weights() for l in model.layers}, metrics={"acc": acc}))
"""


def test_a_keras_models_evaluate_is_a_metric_unless_the_job_writes_its_own(tmp_path) -> None:
    net = "import tensorflow as tf\nclass Net(tf.keras.Model):\n    def call(self, x):\n        return x\n"
    assert _job_rules(tmp_path, {"net.py": net, "client.py": KERAS}) == set()
    own = net + "    def evaluate(self, ds):\n        return 0, [list(r) for r in ds]\n"
    assert _job_rules(tmp_path, {"net.py": own, "client.py": KERAS})


def test_data_a_helper_module_loads_at_import_reaches_the_update_through_its_function(tmp_path) -> None:
    helper = "import numpy as np\nROWS = np.load('/data/site.npy')\ndef score():\n    return ROWS[:3].tolist()\n"
    found = _job_rules(tmp_path, {"utils.py": helper, "client.py": CLIENT.format(name="score", call="score()")})
    assert "update-channel-leak.raw-data-in-update" in found


def test_unknown_settings_and_files_are_reviewed() -> None:
    assert rules_of("""\
        import os
        import nvflare.client as flare
        flare.send(flare.FLModel(params={}, meta={"cfg": os.environ.get("DATABASE_HOST")}))
    """) == {UNKNOWN}
    assert rules_of("""\
        import sys
        import nvflare.client as flare
        with open(sys.argv[1]) as f:
            blob = f.read()
        flare.send(flare.FLModel(params={}, meta={"blob": blob}))
    """) == {UNKNOWN}


def test_exception_messages_carry_what_they_were_raised_with() -> None:
    assert RAW in rules_of("""\
        import pandas as pd
        import nvflare.client as flare
        df = pd.read_csv("/data/train.csv")
        try:
            raise ValueError(df.head(50).to_json())
        except ValueError as e:
            flare.send(flare.FLModel(params={}, meta={"error": str(e)}))
    """)
    assert RAW in rules_of("""\
        import traceback
        import pandas as pd
        import nvflare.client as flare
        def check(df):
            if len(df) > 0:
                raise RuntimeError(f"bad rows: {df.values.tolist()}")
        df = pd.read_csv("/data/train.csv")
        try:
            check(df)
        except RuntimeError:
            flare.send(flare.FLModel(params={}, meta={"trace": traceback.format_exc()}))
    """)
    assert LOGGED in rules_of("""\
        import logging
        import numpy as np
        x = np.load("/data/x.npy")
        try:
            raise KeyError(x[:10].tolist())
        except KeyError as err:
            logging.error("failed: %s", err)
    """)
    assert not rules_of("""\
        import logging
        import pandas as pd
        import nvflare.client as flare
        df = pd.read_csv("/data/train.csv")
        try:
            if df.shape[1] != 12:
                raise ValueError(f"expected 12 columns, got {df.shape[1]}")
        except ValueError as e:
            logging.error("skipping round: %s", e)
            flare.send(flare.FLModel(params={}, meta={"error": str(e)}))
    """)


def test_public_context_properties_are_sent_to_the_server() -> None:
    prop = """\
        import pandas as pd
        from nvflare.apis.executor import Executor
        class E(Executor):
            def execute(self, task_name, shareable, fl_ctx, abort_signal):
                df = pd.read_csv("/data/train.csv")
                fl_ctx.set_prop("rows", df.values.tolist(), %s)
                return shareable
    """
    assert RAW in rules_of(prop % "private=False, sticky=False")
    assert not rules_of(prop % "private=True")


def test_secrets_read_by_name_reach_the_update_or_the_log() -> None:
    for read in ['os.environ.get("AWS_SECRET_ACCESS_KEY")', 'os.getenv("HF_TOKEN")', 'os.environ["DB_PASSWORD"]',
                 'os.environ.get("OPENAI_API_KEY", "")', 'open(os.path.expanduser("~/.docker/config.json")).read()',
                 'Path.home().joinpath(".cache", "huggingface", "token").read_text()',
                 'open(os.path.expanduser("~/.git-credentials")).read()',
                 'open(os.path.expanduser("~/.kube/config")).read()', 'huggingface_hub.get_token()']:
        found = rules_of(f"""\
            import os
            from pathlib import Path
            import huggingface_hub
            import nvflare.client as flare
            secret = {read}
            flare.send(flare.FLModel(params={{}}, meta={{"info": secret}}))
        """)
        assert SECRET in found, read
    # a secret hashed or measured is still the secret's
    assert SECRET in rules_of("""\
        import hashlib, os
        import nvflare.client as flare
        key = os.environ["AWS_ACCESS_KEY_ID"]
        flare.send(flare.FLModel(params={}, meta={"k": hashlib.sha256(key.encode()).hexdigest()}))
    """)
    assert SECRET in rules_of("""\
        import os
        print("using token", os.environ.get("GITHUB_TOKEN"))
    """)
    # the nearest legitimate idiom: a token used for a download, never sent or logged
    assert not rules_of("""\
        import os
        import logging
        from huggingface_hub import snapshot_download
        import nvflare.client as flare
        token = os.environ.get("HF_TOKEN")
        path = snapshot_download("org/model", token=token)
        logging.info("weights in %s", path)
        flare.send(flare.FLModel(params={}, metrics={"ok": 1.0}))
    """)


def test_legitimate_updates_are_vouched_for() -> None:
    # DXO of the trained model's weights, and a weight difference
    assert not rules_of("""\
        from nvflare.apis.dxo import DXO, DataKind, from_shareable
        from nvflare.apis.executor import Executor
        class T(Executor):
            def execute(self, task_name, shareable, fl_ctx, abort_signal):
                dxo = from_shareable(shareable)
                old = {k: v for k, v in dxo.data.items()}
                self.model.load_state_dict({k: torch.as_tensor(v) for k, v in old.items()})
                self.train()
                new = {k: v.cpu().numpy() for k, v in self.model.state_dict().items()}
                diff = {k: new[k] - old[k] for k in new}
                return DXO(data_kind=DataKind.WEIGHT_DIFF, data=diff, meta={"NUM_STEPS_CURRENT_ROUND": 10}).to_shareable()
    """)
    # scikit-learn coefficients after fit
    assert not rules_of("""\
        import pandas as pd
        from sklearn.linear_model import SGDClassifier
        import nvflare.client as flare
        df = pd.read_csv("/data/train.csv")
        clf = SGDClassifier(loss="log_loss")
        clf.partial_fit(df.drop(columns="y").values, df["y"].values, classes=[0, 1])
        flare.send(flare.FLModel(params={"coef": clf.coef_, "intercept": clf.intercept_},
                                 metrics={"n": len(df)}))
    """)
    # an xgboost booster's bytes
    assert not rules_of("""\
        import xgboost as xgb
        import nvflare.client as flare
        dtrain = xgb.DMatrix("/data/site-1/train.csv?format=csv&label_column=0")
        bst = xgb.train({"max_depth": 3}, dtrain, num_boost_round=5)
        flare.send(flare.FLModel(params={"model_data": bytes(bst.save_raw("json"))}))
    """)
    # NVFlare statistics: counts and histograms
    assert not rules_of("""\
        import numpy as np
        import pandas as pd
        import nvflare.client as flare
        df = pd.read_csv("/data/train.csv")
        hist, edges = np.histogram(df["age"].values, bins=10, range=(0, 100))
        flare.send(flare.FLModel(params={}, metrics={"count": len(df), "hist": hist.tolist(),
                                                     "mean": float(df["age"].mean())}))
    """)
    # a fitted estimator's support vectors are rows (reviewed as a protocol), not its coefficients
    assert rules_of("""\
        import numpy as np
        from sklearn.svm import SVC
        import nvflare.client as flare
        x = np.load("/data/x.npy")
        y = np.load("/data/y.npy")
        svc = SVC(kernel="linear")
        svc.fit(x, y)
        flare.send(flare.FLModel(params={"sv": svc.support_vectors_}))
    """) == {PROTOCOL}


def test_a_parameter_assigned_to_a_model_is_in_its_state() -> None:
    assert RAW in rules_of("""\
        import torch
        import numpy as np
        import nvflare.client as flare
        rows = np.load("/data/x.npy")
        model.extra = torch.nn.Parameter(torch.tensor(rows))
        flare.send(flare.FLModel(params=model.state_dict()))
    """)
    # a trainer that holds the data loader and the network: the network's state is the model's
    assert not rules_of("""\
        import torch
        import nvflare.client as flare
        from monai.data import DataLoader
        from monai.engines import SupervisedTrainer
        from monai.networks.nets import densenet121
        model = densenet121(spatial_dims=2, in_channels=1, out_channels=6)
        trainer = SupervisedTrainer(device=torch.device("cpu"), max_epochs=1,
                                    train_data_loader=DataLoader(dataset, batch_size=512), network=model,
                                    optimizer=torch.optim.Adam(model.parameters()),
                                    loss_function=torch.nn.CrossEntropyLoss())
        while flare.is_running():
            input_model = flare.receive()
            trainer.network.load_state_dict(input_model.params)
            trainer.run()
            flare.send(flare.FLModel(params=trainer.network.cpu().state_dict()))
    """)


def test_a_negated_transposed_product_is_a_product() -> None:
    # Newton-Raphson's Hessian written as -(X.T * w) @ X sums over the rows like X.T @ W @ X.
    assert "update-channel-leak.raw-data-in-update" not in rules_of('''
        import numpy as np
        import pandas as pd
        import nvflare.client as flare
        x = pd.read_csv("/data/train.csv").to_numpy(float)
        beta = flare.receive().params["beta"]
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        flare.send(flare.FLModel(params={"hessian": -(x.T * (p * (1 - p))) @ x}))
    ''')


def test_decoy_parameters_never_crowd_out_the_site_data() -> None:
    # a helper with eight parameters that join its result kept the parameters and dropped the rows it read
    assert "update-channel-leak.raw-data-in-update" in rules_of("""
        import numpy as np, pandas as pd
        import nvflare.client as flare

        def pack(a, b, c, d, e, f, g, h):
            rows = pd.read_csv("/data/site/train.csv").to_numpy()
            return np.concatenate([a, b, c, d, e, f, g, h, rows.ravel()])

        z = np.zeros(1)
        flare.send(flare.FLModel(params={"extra": pack(z, z, z, z, z, z, z, z)}))
    """)


def test_more_sources_than_followed_are_reviewed_never_clean() -> None:
    # ten files read whole, each taken whole into a mean: the origins past the cap leave a marker that no
    # reduction cleans
    reads = "\n".join(f"        d{i} = np.load('/data/site/d{i}.npy')" for i in range(10))
    found = rules_of(f"""
        import numpy as np
        import nvflare.client as flare
{reads}
        total = {' + '.join(f'd{i}' for i in range(10))}
        flare.send(flare.FLModel(metrics={{"m": float(total.mean())}}))
    """)
    assert found & {"update-channel-leak.unknown-provenance", "update-channel-leak.raw-data-in-update"}, found


def test_a_loop_that_has_not_settled_is_widened_not_cut() -> None:
    # each pass moves the rows one name on; the gate followed four passes and sent `g` clean
    assert "update-channel-leak.raw-data-in-update" in rules_of("""
        import numpy as np, pandas as pd
        import nvflare.client as flare

        rows = pd.read_csv("/data/site/train.csv").to_numpy()
        a = b = c = d = e = f = g = np.zeros(1)
        for _ in range(10):
            g = f
            f = e
            e = d
            d = c
            c = b
            b = a
            a = rows
        flare.send(flare.FLModel(params={"g": g}))
    """)


def _global_chain(length: int) -> str:
    """Globals G1..G<length>, each function moving the rows one global on, called in the order that moves them
    one global per round of the analysis."""
    chain = "\n".join(f"""
        def s{i}():
            global G{i}
            G{i} = G{i - 1}
""" for i in range(2, length + 1))
    calls = "; ".join(f"s{i}()" for i in range(length, 0, -1))
    return f"""
        import pandas as pd
        import nvflare.client as flare

        {" = ".join(f"G{i}" for i in range(1, length + 1))} = None

        def s1():
            global G1
            G1 = pd.read_csv("/data/site/train.csv").to_numpy()
{chain}
        {calls}
        flare.send(flare.FLModel(params={{"g": G{length}}}))
    """


def test_globals_that_settle_past_max_rounds_are_followed_to_the_fixpoint() -> None:
    # seven globals need more rounds than MAX_ROUNDS; only stores still grow, so the rounds go on (hardening53)
    assert "update-channel-leak.raw-data-in-update" in rules_of(_global_chain(7))


def test_globals_that_have_not_settled_are_widened_not_cut() -> None:
    # past MAX_STORE_ROUNDS the stores are widened; what only the widened round hands on is reviewed (a bound
    # errs towards review: precision27, tamuna's loader widened into a path)
    assert "update-channel-leak.unknown-provenance" in rules_of(_global_chain(MAX_STORE_ROUNDS + 2))



def test_recursion_is_summarised_until_it_settles() -> None:
    # a call back into a function being summarised saw nothing: the rows gathered by recursion went clean
    assert "update-channel-leak.raw-data-in-update" in rules_of("""
        import numpy as np, pandas as pd
        import nvflare.client as flare

        rows = pd.read_csv("/data/site/train.csv").to_numpy()

        def gather(n, acc):
            if n == 0:
                return acc
            return gather(n - 1, acc + [rows[n]])

        flare.send(flare.FLModel(params={"x": np.array(gather(5, []))}))
    """)
    # and through another function (even/odd): the inner one's summary is not kept from a partial one
    assert "update-channel-leak.raw-data-in-update" in rules_of("""
        import numpy as np, pandas as pd
        import nvflare.client as flare

        def even(n, acc):
            if n == 0:
                return acc
            return odd(n - 1, acc)

        def odd(n, acc):
            if n == 1:
                return even(0, acc + [pd.read_csv("/data/site/train.csv").to_numpy()[0]])
            return even(n - 1, acc)

        flare.send(flare.FLModel(params={"x": np.array(even(4, []))}))
    """)


def test_many_functions_calling_each_other_are_summarised_once_per_round() -> None:
    # twelve functions that each call all the others: summaries made from a partial one are settled by
    # rounds over the module, not by summarising again per call (which took longer than ten minutes)
    n = 12
    defs = "".join(f"def f{i}(k, acc):\n" + "".join(f"    if k == {j}:\n        return f{j}(k - 1, acc)\n"
                                                      for j in range(n) if j != i) + "    return acc\n"
                   for i in range(n))
    source = ("import pandas as pd\nimport nvflare.client as flare\n" + defs +
              "flare.send(flare.FLModel(params={'x': f0(5, [pd.read_csv('/data/x.csv').to_numpy()[0]])}))\n")
    assert "update-channel-leak.raw-data-in-update" in {f.rule for f in match_python(
        parse("example.py", source.encode()), RULES, POLICY)}


def test_a_model_call_hands_out_what_the_jobs_forward_returns() -> None:
    # torch.nn.Module.__call__ runs the job's forward: a forward returning the module's rows made
    # `model(x)[0]` a prediction of zeros
    assert "update-channel-leak.raw-data-in-update" in rules_of("""
        import pandas as pd, torch
        import nvflare.client as flare

        ROWS = torch.tensor(pd.read_csv("/data/site/train.csv").to_numpy())

        class Net(torch.nn.Module):
            def forward(self, x):
                return ROWS

        model = Net()
        flare.send(flare.FLModel(metrics={"first": model(torch.zeros(1, 3))[0].tolist()}))
    """)


@pytest.mark.parametrize("body", [
    "    def fwd(self, x):\n        return ROWS\n    forward = fwd\n",  # a method bound again under the name
    "    forward = lambda self, x: ROWS\n",
])
def test_forward_bound_in_the_class_body_hands_out_what_it_returns(body) -> None:
    source = ("import pandas as pd, torch\nimport nvflare.client as flare\n\n"
              "ROWS = torch.tensor(pd.read_csv('/data/site/train.csv').to_numpy())\n\n"
              "class Net(torch.nn.Module):\n" + body + "\nnet = Net()\n"
              "flare.send(flare.FLModel(metrics={'first': net(torch.zeros(1, 3))[0].tolist()}))\n")
    assert "update-channel-leak.raw-data-in-update" in {f.rule for f in match_python(
        parse("example.py", source.encode()), RULES, POLICY)}
