"""The flow analysis' sinks and parameter aliases (issue 12, red team 2: H1, H7, H10, H11): every FL
framework the gate vouches for declares its update sinks (Flower's replies), parameters are found by
what they are (not by how the code spells them), a FLContext property is private only when provably so,
and the job log takes host files, unknown files, NVFlare's loggers and escaping exceptions. Each hole
has its attack and the benign idiom nearest to it, which must stay clean."""

from __future__ import annotations

from textwrap import dedent

import pytest
from test_flow import HOST, LOGGED, RAW, UNKNOWN, rules_of
from test_rule_examples import _rules_found

# ---- H1: Flower's replies are the update --------------------------------------------

FLOWER_NUMPY_CLIENT = """\
    import flwr as fl
    import numpy as np
    import pandas as pd
    df = pd.read_csv("/data/site/train.csv")
    X = df.to_numpy(dtype=float)
    class C(fl.client.NumPyClient):
        def fit(self, parameters, config):
            w = parameters[0] - 0.1 * np.mean(X, axis=0)
            return [w], len(X), {METRICS}
"""


def test_flower_numpyclient_fit_metrics_are_the_update() -> None:
    assert RAW in rules_of(FLOWER_NUMPY_CLIENT.replace("{METRICS}", '{"row": str(df.iloc[0].tolist())}'))


def test_flower_numpyclient_weights_count_and_loss_are_clean() -> None:
    assert not rules_of(FLOWER_NUMPY_CLIENT.replace("{METRICS}", '{"n": len(df)}'))


def test_a_fit_method_of_a_class_no_framework_calls_is_no_sink() -> None:
    assert not rules_of("""\
        import pandas as pd
        df = pd.read_csv("/data/site/train.csv")
        class Scaler:
            def fit(self, x):
                return df.head(5)
    """)


def test_flower_client_fitres_is_the_update() -> None:
    assert RAW in rules_of("""\
        import numpy as np
        from flwr.client import Client
        from flwr.common import FitRes, Status, Code, ndarrays_to_parameters
        x = np.load("/data/site/x.npy")
        class C(Client):
            def fit(self, ins):
                return FitRes(Status(Code.OK, ""), ndarrays_to_parameters([x[:10]]), len(x), {})
    """)


CLIENT_APP = """\
    import pandas as pd
    from flwr.app import ArrayRecord, ConfigRecord, Context, Message, MetricRecord, RecordDict
    from flwr.clientapp import ClientApp
    import torch
    app = ClientApp()
    net = torch.nn.Linear(4, 1)
    @app.train()
    def train(msg: Message, context: Context):
        df = pd.read_csv("/data/site/train.csv")
        net.load_state_dict(msg.content["arrays"].to_torch_state_dict())
        content = RecordDict({"arrays": ArrayRecord(net.state_dict()), "metrics": MetricRecord({METRICS})})
        return REPLY
"""


@pytest.mark.parametrize("reply", ["Message(content=content, reply_to=msg)", "msg.create_reply(content)"])
def test_flower_clientapp_reply_carries_a_record_of_rows(reply: str) -> None:
    text = CLIENT_APP.replace("{METRICS}", '{"n": len(df)}').replace(
        "RecordDict({", 'RecordDict({"rows": ConfigRecord({"r": str(df.head(100).values.tolist())}), ')
    assert RAW in rules_of(text.replace("REPLY", reply))


def test_flower_handler_return_is_the_reply_whatever_builds_it() -> None:
    # the handler's return value is the reply, even when the Message is built by a helper
    assert RAW in rules_of("""\
        import pandas as pd
        from flwr.clientapp import ClientApp
        app = ClientApp()
        @app.query()
        def query(msg, context):
            return pd.read_csv("/data/site/train.csv").head(10)
    """)


def test_flower_clientapp_weights_and_metrics_are_clean() -> None:
    assert not rules_of(CLIENT_APP.replace("{METRICS}", '{"num-examples": len(df)}').replace(
        "REPLY", "Message(content=content, reply_to=msg)"))


def test_flower_reply_of_unknown_provenance_is_for_a_person() -> None:
    assert rules_of("""\
        from flwr.app import ConfigRecord, Message, RecordDict
        from flwr.clientapp import ClientApp
        from site_helpers import cohort_summary
        app = ClientApp()
        @app.evaluate()
        def evaluate(msg, context):
            return Message(RecordDict({"c": ConfigRecord({"s": cohort_summary()})}), reply_to=msg)
    """) == {UNKNOWN}


# ---- H7: parameters by what they are --------------------------------------------------

INPLACE = """\
    import numpy as np
    import pandas as pd
    import torch
    import nvflare.client as flare
    xt = torch.tensor(pd.read_csv("/data/site/train.csv").to_numpy(dtype=np.float32))
    net = torch.nn.Linear(4, 4)
    m = flare.receive()
    net.load_state_dict(m.params)
    with torch.no_grad():
        WRITE
    flare.send(flare.FLModel(params=net.state_dict()))
"""


@pytest.mark.parametrize("write", [
    "getattr(net, 'bias').copy_(xt[0])",
    "net.get_parameter('bias').copy_(xt[0])",
    "dict(net.named_parameters())['bias'].copy_(xt[0])",
    "list(net.parameters())[1].copy_(xt[0])",
    "torch.nn.init.constant_(net.bias, xt[0, 0])",
    "b = getattr(net, 'bias'); b.copy_(xt[0])",
    "torch.nn.init.constant_(getattr(net, 'bias'), xt[0, 0])",
])
def test_in_place_writes_into_a_parameter_found_any_way(write: str) -> None:
    assert RAW in rules_of(INPLACE.replace("WRITE", write))


def test_an_attribute_of_the_jobs_own_model_is_a_parameter() -> None:
    assert RAW in rules_of("""\
        import numpy as np
        import torch
        import nvflare.client as flare
        x = torch.tensor(np.load("/data/site/x.npy"))
        class Net(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.emb = torch.nn.Parameter(torch.zeros(4))
        net = Net()
        net.emb.data.copy_(x[0])
        net.emb.copy_(x[1])
        flare.send(flare.FLModel(params=net.state_dict()))
    """)


@pytest.mark.parametrize("write", [
    "torch.nn.init.normal_(net.weight, 0.0, 0.02); torch.nn.init.zeros_(net.bias)",
    "torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)",
    "xt.sub_(xt.mean(0))",  # normalising the data in place writes nothing into the model
    "getattr(net, 'bias').fill_(0.0)",
])
def test_in_place_initialisation_and_data_normalisation_stay_clean(write: str) -> None:
    assert not rules_of(INPLACE.replace("WRITE", write))


# ---- H10: a FLContext property is private only when provably so -------------------------

PROP = """\
    import os
    import pandas as pd
    from nvflare.apis.executor import Executor
    SHARE = False
    KEEP = True
    class E(Executor):
        def execute(self, task_name, shareable, fl_ctx, abort_signal):
            df = pd.read_csv("/data/train.csv")
            fl_ctx.set_prop("rows", df.values.tolist(), FLAG)
            return shareable
"""


@pytest.mark.parametrize("flag", ["private=SHARE", "private=os.environ.get('PRIVATE') == '1'", "SHARE, True",
                                  "private=not KEEP"])
def test_a_property_not_provably_private_is_public(flag: str) -> None:
    assert RAW in rules_of(PROP.replace("FLAG", flag))


@pytest.mark.parametrize("flag", ["sticky=True", "private=KEEP", "KEEP", "private=True"])
def test_a_property_private_by_default_or_by_a_constant_is_not_sent(flag: str) -> None:
    assert not rules_of(PROP.replace("FLAG", flag))


# ---- H11: the job log -----------------------------------------------------------------

def test_a_host_file_in_the_log() -> None:
    assert rules_of("""\
        import logging
        log = logging.getLogger("train")
        def node_info():
            with open("/proc/self/mountinfo") as f:
                return f.read()
        log.info("node: %s", node_info())
    """) == {HOST}


def test_files_the_code_does_not_name_in_the_log_are_for_a_person() -> None:
    assert rules_of("""\
        import glob
        import logging
        log = logging.getLogger("train")
        for p in glob.glob("/home/*/.a*s/cred*"):
            with open(p) as f:
                log.info(f.read())
    """) == {UNKNOWN}


def test_an_uncaught_exception_carries_rows_into_the_log() -> None:
    assert LOGGED in rules_of("""\
        import pandas as pd
        def check(df):
            raise ValueError(f"implausible rows: {df.head(500).values.tolist()}")
        def main():
            df = pd.read_csv("/data/site/train.csv")
            check(df)
        main()
    """)


def test_an_assert_message_is_an_exception_message() -> None:
    assert LOGGED in rules_of("""\
        import pandas as pd
        df = pd.read_csv("/data/site/train.csv")
        assert len(df) < 3, str(df.head(500).values.tolist())
    """)


def test_an_exception_out_of_an_executor_is_logged_by_nvflare() -> None:
    assert LOGGED in rules_of("""\
        import pandas as pd
        from nvflare.apis.executor import Executor
        class E(Executor):
            def execute(self, task_name, shareable, fl_ctx, abort_signal):
                df = pd.read_csv("/data/site/train.csv")
                raise RuntimeError(str(df.values.tolist()))
    """)


def test_an_exception_the_module_catches_is_not_logged() -> None:
    assert not rules_of("""\
        import pandas as pd
        def check(df):
            raise ValueError(str(df.head().values.tolist()))
        def main():
            df = pd.read_csv("/data/site/train.csv")
            try:
                check(df)
            except ValueError:
                pass
        main()
    """)


def test_an_exception_about_shapes_is_clean() -> None:
    assert not rules_of("""\
        import pandas as pd
        df = pd.read_csv("/data/site/train.csv")
        for x, label in df.itertuples(index=False):
            if label not in (0, 1):
                raise ValueError(f"unexpected labels in a table of shape {df.shape}")
    """)


def test_an_exception_quoting_a_rows_label_is_held() -> None:
    """A row's cell in the message is the site's data in the traceback, whatever the loop calls it (red team 50b:
    a loop target named like labels no longer keeps its value out of the log)."""
    assert LOGGED in rules_of("""\
        import pandas as pd
        df = pd.read_csv("/data/site/train.csv")
        for x, label in df.itertuples(index=False):
            if label not in (0, 1):
                raise ValueError(f"unexpected label {label} in a table of shape {df.shape}")
    """)


@pytest.mark.parametrize("logger", ["get_obj_logger(self)", "get_module_logger(__name__)", "get_script_logger()"])
def test_nvflare_loggers_are_the_log(logger: str) -> None:
    assert LOGGED in rules_of(f"""\
        import pandas as pd
        from nvflare.apis.executor import Executor
        from nvflare.fuel.utils.log_utils import get_obj_logger, get_module_logger, get_script_logger
        class E(Executor):
            def __init__(self):
                super().__init__()
                self.lgr = {logger}
            def execute(self, task_name, shareable, fl_ctx, abort_signal):
                df = pd.read_csv("/data/site/patients.csv")
                self.lgr.info(f"loaded {{df.head(200).to_dict('records')}}")
                self.logger.warning(str(df.values.tolist()))
                return shareable
    """)


def test_a_receiver_the_gate_cannot_type_is_a_logger() -> None:
    assert LOGGED in rules_of("""\
        import pandas as pd
        def report(sink, df):
            sink.info(df.head(100).to_dict("records"))
        report(make_sink(), pd.read_csv("/data/site/train.csv"))
    """)


def test_logging_losses_settings_and_results_of_unseen_code_stays_clean() -> None:
    assert not rules_of("""\
        import os
        import logging
        import torch
        from nvflare.apis.executor import Executor
        from helpers import train_one_epoch
        log = logging.getLogger(__name__)
        class E(Executor):
            def execute(self, task_name, shareable, fl_ctx, abort_signal):
                loader = torch.utils.data.DataLoader(self.ds, batch_size=8)
                loss = train_one_epoch(self.model, loader)
                self.logger.info(f"loss {loss} on {os.environ.get('CUDA_VISIBLE_DEVICES')}")
                log.info("batches: %d", len(loader))
                with open("config.json") as f:
                    log.info(f.read())
                return shareable
    """)


@pytest.mark.parametrize("handler", ["log.exception('check failed')", "log.error('check failed', exc_info=True)",
                                     "traceback.print_exc()"])
def test_a_handled_exception_written_with_its_traceback_is_logged(handler: str) -> None:
    assert LOGGED in rules_of(f"""\
        import logging
        import traceback
        import pandas as pd
        log = logging.getLogger(__name__)
        df = pd.read_csv("/data/site/train.csv")
        try:
            raise ValueError(str(df.head().values.tolist()))
        except ValueError:
            {handler}
    """)


def test_exit_with_a_message_prints_it() -> None:
    assert LOGGED in rules_of("""\
        import sys
        import pandas as pd
        df = pd.read_csv("/data/site/train.csv")
        if len(df) < 10:
            sys.exit(f"too few rows: {df.values.tolist()}")
    """)


# ---- site data written where only the run time decides ----------------------------------

RUNTIME_FILE = "file-exfiltration.data-to-runtime-path"


def file_rules(text: str) -> set[str]:  # with every pack: the rule is file-exfiltration's
    return _rules_found("train.py", dedent(text))
WRITER = """\
    import sys
    import pandas as pd
    import torch
    df = pd.read_csv("/data/site/train.csv")
    x = torch.tensor(df.to_numpy())
    net = torch.nn.Linear(x.shape[1], 1)
    def keep(obj, dest):
        torch.save(obj, dest)
    {CALL}
"""


def test_site_data_to_a_destination_known_only_at_run_time_is_reviewed() -> None:
    # The process guard keeps the write in the job's folder, but the gate cannot say it is there.
    assert RUNTIME_FILE in file_rules(WRITER.replace("{CALL}", "keep({'cache': x}, sys.argv[1])"))
    assert RUNTIME_FILE in file_rules(WRITER.replace("{CALL}", "df.to_csv(sys.argv[2])"))
    assert RUNTIME_FILE in file_rules(WRITER.replace("{CALL}", "import numpy as np\n    np.save(sys.argv[1], x.numpy())"))
    # by keyword, and through a handle opened at such a destination
    assert RUNTIME_FILE in file_rules(WRITER.replace("{CALL}", "torch.save({'cache': x}, f=sys.argv[1])"))
    assert RUNTIME_FILE in file_rules(WRITER.replace("{CALL}", "with open(sys.argv[1], 'w') as fh:\n        fh.write(str(x.tolist()))"))
    assert RUNTIME_FILE not in file_rules(WRITER.replace("{CALL}", "with open('cache/x.txt', 'w') as fh:\n        fh.write(str(x.tolist()))"))
    assert RUNTIME_FILE in file_rules(WRITER.replace("{CALL}", "import csv\n    with open(sys.argv[1], 'w') as fh:\n        csv.writer(fh).writerows(x.tolist())"))


def test_a_checkpoint_anywhere_and_data_at_a_job_path_stay_clean() -> None:
    assert RUNTIME_FILE not in file_rules(WRITER.replace("{CALL}", "keep(net.state_dict(), sys.argv[1])"))
    assert RUNTIME_FILE not in file_rules(WRITER.replace("{CALL}", "keep({'cache': x}, 'cache/x.pt')"))
    assert RUNTIME_FILE not in file_rules(WRITER.replace("{CALL}", "import io\n    buf = io.BytesIO()\n    torch.save(x, buf)"))


def test_a_caller_passing_stars_keeps_a_callee_destination_open() -> None:
    # red team 3: one caller's literal closed the parameter, and `keep(*(x, dest))` passed unseen
    for call in ("keep(net.state_dict(), 'cache/w.pt')\n    keep(*({'cache': x}, sys.argv[1]))",
                 "keep(net.state_dict(), 'cache/w.pt')\n    keep({'cache': x}, **{'dest': sys.argv[1]})"):
        assert RUNTIME_FILE in file_rules(WRITER.replace("{CALL}", call)), call


def test_a_writer_handed_on_as_a_value_writes_what_unseen_calls_pass_it() -> None:
    # map, partial, a dict of handlers: the gate does not follow those calls into keep's parameters
    for call in ("list(map(keep, [x], [sys.argv[1]]))", "import functools\n    functools.partial(keep, dest=sys.argv[1])(x)",
                 "handlers = {'save': keep}\n    handlers['save'](x, sys.argv[1])"):
        assert RUNTIME_FILE in file_rules(WRITER.replace("{CALL}", "keep(0, 'outputs/zeros.pt')\n    " + call)), call
    # called only directly, with a job path: judged by that call
    assert RUNTIME_FILE not in file_rules(WRITER.replace("{CALL}", "keep(0, 'outputs/zeros.pt')"))


def test_a_callback_handed_on_that_only_logs_its_argument_stays_clean() -> None:
    assert not rules_of("""\
        import logging
        log = logging.getLogger(__name__)
        def report(epoch, logs):
            log.info("epoch %s: %s", epoch, logs)
        callbacks = [report]
    """)


def test_rows_written_into_an_in_memory_file_stay_in_it() -> None:
    call = "import io\n    buf = io.BytesIO()\n    np_save(buf)\n    with open(sys.argv[1], 'wb') as fh:\n        fh.write(buf.getvalue())"
    text = WRITER.replace("{CALL}", call.replace("np_save(buf)", "torch.save(x, buf)"))
    assert RUNTIME_FILE in file_rules(text)
    assert RUNTIME_FILE not in file_rules(text.replace("torch.save(x, buf)", "torch.save(net.state_dict(), buf)"))


def test_a_lambda_called_by_name_hands_its_sinks_what_the_call_passes() -> None:
    text = """\
        import numpy as np
        import nvflare.client as flare
        x = np.load("/data/site/x.npy")
        send = lambda v: flare.send(flare.FLModel(params={"x": v}))
        send({ARG})
    """
    assert RAW in rules_of(text.replace("{ARG}", "x"))
    assert not rules_of(text.replace("{ARG}", "np.zeros(3)"))
    assert RAW in rules_of(text.replace("{ARG}", "x").replace("send = lambda v:", "send = lambda v: send(v) or"))
