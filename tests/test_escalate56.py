"""Session 56 (escalate56): builtin `sum` hands back a new value, as the arithmetic it is (`0 + x[0] + ...`), so it no
longer links what it sums to where the result is stored. Before, `m[feature] = sum(df[feature])` made `m` a holder
of `df`, `df` (read with `usecols=cols`) one of `cols`, and the store into `m` a write into `cols`: the loop's names
were then no longer column labels, `df[feature]` a selection of rows, and a column total of the table taken whole
was escalated as a statistic of chosen rows (`.sum()` was accepted). The attacks beside it keep every road that
makes the loop's keys something other than the labels the code spells out. docs/fl-examples.md "Session 56
(escalate56)"."""

import pytest

import redteam_kit as kit

HEAD = '''import pandas as pd
import nvflare.client as flare


class Keys:
    def __init__(self, k):
        self.k = k

    def __radd__(self, other):
        return self


flare.init()
cols = ["age", "bmi"]
df = pd.read_csv("/data/site/patients.csv", usecols=cols)
'''
LOOP = '''m = {}
for feature in cols:
    m[str(feature)] = STAT
flare.send(flare.FLModel(metrics=m))
'''


def _client(stat: str, before: str = "") -> str:
    return HEAD + before + LOOP.replace("STAT", stat)


@pytest.mark.parametrize("stat", ["sum(df[feature])", "sum(df[feature].values)", "sum(df[feature].to_numpy())"])
def test_builtin_sum_of_a_column_taken_whole_is_accepted(stat):
    kit.assert_accepted(kit.scan_text(_client(stat)))


FLOWER_QUERY = '''import pandas as pd
from flwr.app import Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp
from sqlalchemy import create_engine

app = ClientApp()


@app.query()
def query(msg: Message, context: Context) -> Message:
    features = ["age", "bmi"]
    engine = create_engine("sqlite:///data/site.db")
    df = pd.read_sql_table("person_measurements", engine, columns=features)
    engine.dispose()
    metrics = {}
    for feature in features:
        metrics[f"{feature}_sum"] = sum(df[feature])
        metrics[f"{feature}_count"] = len(df[feature])
        metrics[f"{feature}_sum_sqd"] = sum(df[feature] ** 2)
    return Message(RecordDict({"query_results": MetricRecord(metrics)}), reply_to=msg)
'''


def test_flower_federated_analytics_shape_is_accepted():
    """Flower's federated-analytics query with the site's SQLite table and the columns the code names."""
    kit.assert_accepted(kit.scan_text(FLOWER_QUERY))


@pytest.mark.parametrize("before", [
    # the loop's keys written with a mask of rows, directly or through a job object holding the list
    'cols.append(list(df["age"] == 42))\n',
    'Keys(cols).k.append(list(df["age"] == 42))\n',
    # a sum whose result is the job's own object (`__radd__` returns self), holding the list that is written
    'held = sum([Keys(cols)])\nheld.k.append(list(df["age"] == 42))\n',
    # the keys chosen by the other side of the job: a list of booleans is a mask of rows
    'cols = flare.receive().meta["cols"]\n',
])
def test_keys_that_may_pick_rows_stay_held(before):
    kit.assert_held(kit.scan_text(_client("sum(df[feature])", before)), "update-channel-leak.")


@pytest.mark.parametrize("stat", ["sum(df[feature][:1])", "sum(df[feature].iloc[[7]])",
                                  "sum(df[feature][df['age'] == 42])", "sum([df[feature].iloc[7]], 0)"])
def test_sum_over_rows_chosen_stays_held(stat):
    kit.assert_held(kit.scan_text(_client(stat)), "update-channel-leak.")


def test_flower_query_of_columns_the_server_names_stays_held():
    source = FLOWER_QUERY.replace('features = ["age", "bmi"]', 'features = msg.content["config"]["selected_features"]')
    kit.assert_held(kit.scan_text(source), "update-channel-leak.")
