"""A Flower ClientApp evaluating with fastai, as Flower's quickstart-fastai does: the reply carries the loss and
error rate of fastai's Learner.validate() over the site's validation loader, and the loader's size."""

from fastai.learner import Learner
from fastai.losses import CrossEntropyLossFlat
from fastai.vision.all import error_rate, squeezenet1_1
from fastai.vision.data import DataLoaders
from flwr.app import Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp
from flwr_datasets import FederatedDataset
from flwr_datasets.partitioner import IidPartitioner
from torch.utils.data import DataLoader

app = ClientApp()


def load_data(partition_id, num_partitions):
    fds = FederatedDataset(dataset="ylecun/mnist", partitioners={"train": IidPartitioner(num_partitions=num_partitions)})
    split = fds.load_partition(partition_id, "train").train_test_split(test_size=0.2, seed=42)
    return DataLoader(split["train"], batch_size=32, shuffle=True), DataLoader(split["test"], batch_size=32)


@app.evaluate()
def evaluate(msg: Message, context: Context):
    model = squeezenet1_1()
    model.load_state_dict(msg.content["arrays"].to_torch_state_dict())
    trainloader, valloader = load_data(context.node_config["partition-id"], context.node_config["num-partitions"])
    learn = Learner(DataLoaders(trainloader, valloader), model, loss_func=CrossEntropyLossFlat(), metrics=error_rate)
    with learn.no_bar(), learn.no_logging():
        loss, e_rate = learn.validate()
    metrics = {"eval_loss": loss, "eval_acc": 1 - e_rate, "num-examples": len(valloader.dataset)}
    return Message(content=RecordDict({"metrics": MetricRecord(metrics)}), reply_to=msg)
