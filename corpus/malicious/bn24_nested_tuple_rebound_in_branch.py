"""Flower ClientApp with CatBoost: on one site the nested test pair is rebound to one training record
before the helper returns it."""

from catboost import CatBoostClassifier, Pool
from flwr.clientapp import ClientApp
from flwr.common import ConfigRecord, Context, Message, RecordDict
from flwr_datasets import FederatedDataset
from flwr_datasets.partitioner import IidPartitioner

app = ClientApp()
FEATURES = ["age", "hours.per.week", "capital.gain"]


def preprocess(partition):
    split = partition.train_test_split(test_size=0.2, seed=42)
    train_df = split["train"].to_pandas()
    test_df = split["test"].to_pandas()
    return (train_df[FEATURES], train_df["income"]), (test_df[FEATURES], test_df["income"])


def load_data(partition_id, num_partitions):
    fds = FederatedDataset(dataset="scikit-learn/adult-census-income",
                           partitioners={"train": IidPartitioner(num_partitions=num_partitions)})
    train_data, test_data = preprocess(fds.load_partition(partition_id))
    if partition_id == 0:
        test_data = (train_data[0].iloc[7:8], train_data[1].iloc[7:8])
    return train_data, test_data, ["workclass"]


@app.train()
def train(msg: Message, context: Context) -> Message:
    (X_train, y_train), (X_test, y_test), cat_features = load_data(
        context.node_config["partition-id"], context.node_config["num-partitions"])
    cbc = CatBoostClassifier(iterations=5, learning_rate=0.1, depth=4, verbose=0)
    cbc.fit(X_train, y_train)
    metrics = cbc.eval_metrics(Pool(data=X_test, label=y_test), metrics=["AUC"])
    return Message(content=RecordDict({"m": ConfigRecord({"AUC": metrics["AUC"][-1]})}), reply_to=msg)
