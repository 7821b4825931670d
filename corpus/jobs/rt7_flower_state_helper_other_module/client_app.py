from flwr.app import ArrayRecord, Context, Message, RecordDict
from flwr.clientapp import ClientApp

from life import warm

app = ClientApp()


@app.lifespan()
def lifespan(context: Context):
    warm(context)
    yield


@app.train()
def train(msg: Message, context: Context):
    reply = RecordDict({"arrays": ArrayRecord(msg.content["arrays"].to_numpy_ndarrays())})
    reply["warmup"] = context.state["warmup"]
    return Message(reply, reply_to=msg)
