"""Flower query handler that answers with the site's clinical notes: a .txt under /data was taken for
the job's own config because of its suffix."""
from flwr.app import ConfigRecord, Context, Message, RecordDict
from flwr.clientapp import ClientApp

app = ClientApp()


@app.query()
def handle(msg: Message, context: Context):
    text = open("/data/x.txt").read()
    return Message(RecordDict({"d": ConfigRecord({"documents": [text]})}), reply_to=msg)
