"""tabflow: Flower ClientApp."""
from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

from tabflow.task import Net, load_data, train, warmup_schedule

app = ClientApp()


@app.train()
def train_fn(msg: Message, context: Context):
    net = Net()
    net.load_state_dict(msg.content["arrays"].to_torch_state_dict())
    loader = load_data(context.node_config["data-path"])
    loss = train(net, loader, context.run_config["local-epochs"])
    metrics = MetricRecord({"train_loss": loss, "num-examples": len(loader.dataset), "warmup": warmup_schedule()})
    content = RecordDict({"arrays": ArrayRecord(net.state_dict()), "metrics": metrics})
    return Message(content=content, reply_to=msg)
