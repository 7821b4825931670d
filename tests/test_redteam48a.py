"""Red team 48a: the site's rows laundered into the model update through rows a call or a callable picks
(docs/redteam48a-attempts.md).

Accepted on main, held now:
- a full-batch training step (or a fit) on rows a table's method picks by its arguments (`df.query("patient_id ==
  1042")`, `df.head(1)`, `df.tail(1)`, `df.nsmallest(1, "age")`, `df.groupby("patient_id").get_group(1042)`,
  `df.sample(n=1)`, `df.where(m).dropna()`, `df.filter(items=[1042], axis=0)`, `df[df.eval(...)]`): the update is
  those patients' gradient, the row itself for a linear layer. `df[df.patient_id == 1042]` was held already (rows a
  mask picked, values._trained_on); the methods were rows chosen, as a batch is (calls.py table_rows), also of a
  table the resolver does not type (`df, x, y = load()`);
- `df.loc[lambda d: d.patient_id == 1042]`: a callable index is a mask whatever its body (expressions.callable_index);
- a library fit of rows the code named (`LogisticRegression().fit(df.head(2)...)`, `fit(X[7:8], y[7:8])`): its
  coefficients are of those rows alone, sent as coef_.

Twins that stay accepted: a step on the table sorted, re-indexed, filled in or shuffled whole (`sort_values`,
`reset_index`, `fillna`, `sample(frac=1.0)`), a fit of the whole table, `partial_fit(x[:1], y[:1])` that sizes coef_
before the server's weights replace them.
"""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent, indent

import pytest

import redteam_kit as kit
from analyzer.model import Decision

CLIENT = (Path(__file__).with_name("test_redteam46a.py").read_text().split('CLIENT = """\\\n')[1].split('"""')[0])

TRAIN_ON = ("xq = torch.tensor(q[['a', 'b', 'c', 'd']].values, dtype=torch.float32)\nopt.zero_grad()\n"
            "F.mse_loss(net(xq), torch.zeros(len(xq), 2)).backward()\nopt.step()")


def scan(tmp_path: Path, body: str, top: str = ""):
    return kit.scan_source(tmp_path, CLIENT.format(top=dedent(top), body=indent(dedent(body), " " * 8)))


PICKS = {
    "query": "df.query('patient_id == 1042')",
    "head": "df.head(1)",
    "tail": "df.tail(1)",
    "nsmallest": "df.nsmallest(1, 'age')",
    "get_group": "df.groupby('patient_id').get_group(1042)",
    "sample_n": "df.sample(n=1, random_state=0)",
    "where_dropna": "df.where(df.patient_id == 1042).dropna()",
    "filter_items": "df.set_index('patient_id').filter(items=[1042], axis=0)",
    "eval_mask": "df[df.eval('patient_id == 1042')]",
    "loc_lambda": "df.loc[lambda d: d.patient_id == 1042]",
}


@pytest.mark.parametrize("name", sorted(PICKS))
def test_training_step_on_rows_a_table_method_picks_is_held(tmp_path: Path, name: str) -> None:
    kit.assert_held(scan(tmp_path, f"q = {PICKS[name]}\n" + TRAIN_ON), "update-channel-leak.")


WHOLE = {
    "sort_values": "df.sort_values('age')",
    "reset_index": "df.reset_index(drop=True)",
    "fillna": "df.fillna(0)",
    "shuffle": "df.sample(frac=1.0, random_state=0)",
    "dropna": "df.dropna()",
}


@pytest.mark.parametrize("name", sorted(WHOLE))
def test_training_step_on_the_whole_table_reordered_stays_accepted(tmp_path: Path, name: str) -> None:
    kit.assert_accepted(scan(tmp_path, f"q = {WHOLE[name]}\n" + TRAIN_ON))


SK = "from sklearn.linear_model import LogisticRegression\n"
SEND_COEF = "\nflare.send(flare.FLModel(params={'coef': clf.coef_, 'b': clf.intercept_}))"


def test_fit_of_named_rows_is_held(tmp_path: Path) -> None:
    body = SK + "h = df.head(2)\nclf = LogisticRegression().fit(h[['a', 'b', 'c', 'd']].values, h['label'].values)"
    kit.assert_held(scan(tmp_path, body + SEND_COEF), "update-channel-leak.unknown-provenance")


def test_fit_of_a_constant_slice_is_held(tmp_path: Path) -> None:
    body = SK + "X = df[['a', 'b', 'c', 'd']].values\nclf = LogisticRegression()\nclf.fit(X[7:9], df['label'].values[7:9])"
    kit.assert_held(scan(tmp_path, body + SEND_COEF), "update-channel-leak.unknown-provenance")


def test_fit_of_the_whole_table_stays_accepted(tmp_path: Path) -> None:
    body = SK + "clf = LogisticRegression().fit(df[['a', 'b', 'c', 'd']].values, df['label'].values)"
    kit.assert_accepted(scan(tmp_path, body + SEND_COEF))


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/rt48a_*"))
def test_corpus_attack_is_held(sample: str) -> None:
    kit.assert_held(kit.scan_sample(sample), "update-channel-leak.", Decision.ESCALATE)


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_rt48a_*"))
def test_corpus_twin_stays_accepted(sample: str) -> None:
    kit.assert_accepted(kit.scan_sample(sample))


def test_labels_cover_the_samples() -> None:
    assert {e["path"] for e in kit.labelled("rt48a_")} == set(kit.corpus_samples("malicious/rt48a_*",
                                                                                  "benign/near_rt48a_*"))
