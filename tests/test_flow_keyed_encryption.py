"""A TenSEAL ciphertext carries its plaintext; its context is a key (rules/flow/libraries.yaml
`keyed_encryptors`): a context read from a file the code does not name adds nothing, one built from
the site's data still carries it."""

from __future__ import annotations

from analyzer import api
from analyzer.engine.collect import from_bytes

POLICY = api.load_policy()

CLIENT = """\
import base64
import sys

import pandas as pd
import tenseal as ts

import nvflare.client as flare
from nvflare.app_common.abstract.fl_model import FLModel

flare.init()
data = pd.read_csv("/data/site/km.csv")
with open(sys.argv[1], "rb") as f:
    context = ts.context_from(base64.b64decode(f.read()))
{context}
while flare.is_running():
    flare.receive()
    vec = ts.bfv_vector(context, {values})
    flare.send(FLModel(params={{"hist": vec.serialize()}}))
"""


def leaks(context: str = "", values: str = "[int(data['event'].sum()), len(data)]") -> list[str]:
    code = CLIENT.format(context=context, values=values)
    report = api.analyze(from_bytes("client.py", code.encode(), POLICY.limits), POLICY)
    return [f.rule for f in report.findings if f.category == "update-channel-leak"]


def test_a_key_read_from_a_file_the_code_does_not_name_is_not_content() -> None:
    assert leaks() == []


def test_the_key_does_not_launder_the_plaintext() -> None:
    assert "update-channel-leak.raw-data-in-update" in leaks(values="data['time'].tolist()")


def test_a_context_built_from_the_site_data_carries_it() -> None:
    built = "context = ts.context(ts.SCHEME_TYPE.BFV, poly_modulus_degree=4096, plain_modulus=int(data.iloc[0, 0]))"
    assert "update-channel-leak.raw-data-in-update" in leaks(context=built)


def test_a_file_read_as_the_plaintext_stays_unknown() -> None:
    # The file's bytes as the plaintext (not the key) are content of unknown provenance.
    assert "update-channel-leak.unknown-provenance" in leaks(values="list(open(sys.argv[2], 'rb').read())")
