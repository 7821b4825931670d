"""Red team 50b: the site's data into the job log (which NVFlare streams to the server: SiteLogStreamer uploads
error_log.txt, a JobLogStreamer log.txt) by roads the flow analysis did not count there. docs/redteam50b-attempts.md.

- a name: a for-loop target named like labels (y, labels, target, masks) was not counted in the log;
- the exception being handled: a handler storing into it (`err.args = (rows,)`, a helper doing so) then a bare
  `raise` or a log of its traceback printed only what the try body raised it with;
- a statistic: distinct values (unique, value_counts, np.unique, mode, bincount), a text column's max, many
  quantiles, reviewed in the update, were values of unknown provenance, which the log did not count.
"""

import pytest

import redteam_kit as kit
from analyzer.model import Decision

CLIENT = kit.ClientJob(imports="import logging\nimport numpy as np\nimport pandas as pd\nimport torch\n"
                               "import nvflare.client as flare\nlog = logging.getLogger(__name__)\n")


def verdict(body: str, head: str = "") -> tuple[Decision, list]:
    report = kit.scan_text(CLIENT.source(body, head=head))
    return report.decision, kit.findings(report)


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/redteam50b_*", "jobs/redteam50b_*"))
def test_attack_sample_is_held(sample):
    kit.assert_held(kit.scan_sample(sample), "update-channel-leak.")


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_redteam50b_*", "jobs/near_redteam50b_*"))
def test_twin_sample_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


# ---- a name the author picks ----------------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "for target in df.itertuples():\n    print(target)",
    "for y in df.values:\n    log.info('%s', y.tolist())",
    "for masks, _ in zip(df.values, df.values):\n    print(masks)",
    "for i, (labels, ys) in enumerate(zip(df.values, df.values)):\n    print(labels)",
])
def test_rows_under_a_label_name_count_in_the_log(body):
    decision, found = verdict(body)
    assert decision is not Decision.ACCEPT, found
    assert ("update-channel-leak.raw-data-logged" in {r for r, _ in found}), found


# ---- the exception being handled -------------------------------------------------------------------------------

ROW = "df.values.tolist()"


@pytest.mark.parametrize("handler", [
    f"err.args = ({ROW},)\n    raise",
    f"err.args += ({ROW},)\n    raise",
    f"err.args = ({ROW},)\n    log.exception('failed')",
    f"err.args = ({ROW},)\n    log.error('failed', exc_info=True)",
    f"err.__cause__ = ValueError({ROW})\n    raise",
    f"tag(err, {ROW})\n    raise",
])
def test_a_store_into_the_handled_exception_is_in_its_traceback(handler):
    body = "try:\n    net(torch.zeros(1, 4))\nexcept RuntimeError as err:\n    " + handler
    decision, found = verdict(body, head="def tag(e, v):\n    e.args = (v,)\n")
    assert decision is not Decision.ACCEPT, found
    assert "update-channel-leak.raw-data-logged" in {r for r, _ in found}, found


@pytest.mark.parametrize("handler", [
    "err.args = (f'in round {model.current_round}',)\n    raise",
    "err.args = ('forward failed',)\n    log.exception('failed')",
])
def test_a_message_of_the_code_stays_accepted(handler):
    body = "try:\n    net(torch.zeros(1, 4))\nexcept RuntimeError as err:\n    " + handler
    decision, found = verdict(body)
    assert decision is Decision.ACCEPT, found


def test_a_store_into_another_handler_name_is_not_the_handled_exception():
    # the rows stored into an object of the code named like nothing handled: only the honest message re-raised
    body = ("try:\n    net(torch.zeros(1, 4))\nexcept RuntimeError as err:\n"
            "    note = Exception('x')\n    note.args = ('checked',)\n    raise")
    decision, found = verdict(body)
    assert decision is Decision.ACCEPT, found


@pytest.mark.xfail(strict=True, reason="OPEN: the handled exception reached through a container (`box = [err]; "
                                       "box[0].args = rows`) is not followed; only stores into the handler's name")
def test_open_handled_exception_through_a_container():
    body = (f"try:\n    net(torch.zeros(1, 4))\nexcept RuntimeError as err:\n"
            f"    box = [err]\n    box[0].args = ({ROW},)\n    raise")
    decision, found = verdict(body)
    assert decision is not Decision.ACCEPT, found


# ---- statistics in the log -------------------------------------------------------------------------------------

@pytest.mark.parametrize("expr", [
    "df['name'].unique()",
    "np.unique(df['name'])",
    "np.unique(df['name'], return_counts=True)",
    "df['name'].value_counts()",
    "pd.unique(df['name'])",
    "df['name'].mode()",
    "np.bincount(df['id'].values)",
    "torch.unique(torch.tensor(df['age'].values))",
    "df['name'].astype(str).max()",
    "df['age'].quantile(np.linspace(0, 1, 1000))",
])
def test_a_statistic_of_the_data_counts_in_the_log(expr):
    for line in (f"print({expr})", f"log.info('%s', {expr})", f"raise ValueError({expr})"):
        decision, found = verdict(line)
        assert decision is not Decision.ACCEPT, (line, found)


@pytest.mark.parametrize("expr", [
    "df['name'].nunique()",
    "len(df)",
    "float(df['age'].mean())",
    "df['age'].max()",
    "df.shape",
])
def test_a_count_or_an_aggregate_in_the_log_stays_accepted(expr):
    decision, found = verdict(f"log.info('%s', {expr})")
    assert decision is Decision.ACCEPT, found
