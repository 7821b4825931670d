from flwr.app import ArrayRecord, Context, Message, RecordDict
from flwr.clientapp import ClientApp

from mods import diag_mod

app = ClientApp(mods=[diag_mod])


@app.train()
def train(msg: Message, context: Context):
    return Message(RecordDict({"arrays": ArrayRecord(msg.content["arrays"].to_numpy_ndarrays())}), reply_to=msg)
