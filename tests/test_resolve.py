"""Name resolution: aliased, chained, star-imported and string-built forms of
the dangerous calls all resolve to the same qualified name."""

from __future__ import annotations

import libcst as cst
import pytest

from analyzer.engine.resolve import Resolver

FORMS = {
    "requests.post": [
        "import requests\nrequests.post(u)",
        "import requests as r\nr.post(u)",
        "from requests import post\npost(u)",
        "from requests import post as p\np(u)",
        "import requests\nx = requests\ny = x\ny.post(u)",
        "import requests\nsend = requests.post\nsend(u)",
        "from requests import *\npost(u)",
        "__import__('req' + 'uests').post(u)",
        "import importlib\nimportlib.import_module('requ' 'ests').post(u)",
        "import importlib\nn = 'requests'\nm = importlib.import_module(n)\nm.post(u)",
        "import requests\ngetattr(requests, 'po' + 'st')(u)",
        "import sys, requests\nsys.modules['requests'].post(u)",
        "def get():\n    import requests as q\n    return q\nget().post(u)",
        "class C:\n    def __init__(self):\n        import requests\n        self.http = requests\n    def go(self):\n        self.http.post(u)",
    ],
    "socket.socket().connect": [
        "import socket\nsocket.socket().connect(a)",
        "import socket\ns = socket.socket(socket.AF_INET)\ns.connect(a)",
        "import socket as so\ns = so.socket()\ns.connect(a)",
        "from socket import socket\nsocket().connect(a)",
        "from socket import socket as S\nS().connect(a)",
        "import socket\nwith socket.socket() as s:\n    s.connect(a)",
        "mod = __import__('so' + 'cket')\nmod.socket().connect(a)",
        "import socket\nmk = getattr(socket, 'sock' + 'et')\nmk().connect(a)",
    ],
    "subprocess.run": [
        "import subprocess\nsubprocess.run(c)",
        "import subprocess as sp\nsp.run(c)",
        "from subprocess import run as go\ngo(c)",
        "from subprocess import *\nrun(c)",
        "import subprocess\nf = subprocess.run\nf(c)",
        "import importlib\nimportlib.import_module('sub' + 'process').run(c)",
        "sp = __import__('subprocess')\ngetattr(sp, 'r' + 'un')(c)",
    ],
    "os.system": [
        "import os\nos.system(c)",
        "import os as o\no.system(c)",
        "from os import system\nsystem(c)",
        "from os import *\nsystem(c)",
        "import os\nx = os\nx.system(c)",
        "import os\ngetattr(os, 'sys' + 'tem')(c)",
        "import os\nn = 'sys'\nn += 'tem'\ngetattr(os, n)(c)",
        "__import__('os').system(c)",
        "import os\ngetattr(os, ''.join(['s', 'y', 's', 't', 'e', 'm']))(c)",
        "import os\ngetattr(os, 'metsys'[::-1])(c)",
        "import os\ngetattr(os, bytes([115, 121, 115, 116, 101, 109]).decode())(c)",
        "import os\nclass A:\n    run = os.system\nA.run(c)",
        "import os\nclass A:\n    run = os.system\n    def go(self):\n        self.run(c)",
        "import os\nos.__getattribute__('sys' + 'tem')(c)",
        "import os\nobject.__getattribute__(os, 'system')(c)",
        "import os, operator\noperator.attrgetter('system')(os)(c)",
        "import os\nvars(os).get('system')(c)",
        "import sys\nsys.modules.get('os').system(c)",
        "import os, base64\ngetattr(os, base64.b64decode('c3lzdGVt').decode())(c)",
        "import os, codecs\ngetattr(os, codecs.decode('flfgrz', 'rot13'))(c)",
    ],
    "builtins.eval": [
        "eval(s)",
        "e = eval\ne(s)",
        "import builtins\nbuiltins.eval(s)",
        "import builtins as b\ngetattr(b, 'ev' + 'al')(s)",
        "getattr(__builtins__, 'eval')(s)",
        "__builtins__.eval(s)",
        "globals()['ev' + 'al'](s)",
        "import builtins\nbuiltins.__dict__['eval'](s)",
        "f = getattr(__import__('builtins'), ''.join(map(chr, [101, 118, 97, 108])))\nf(s)",
        "def run(code, runner=eval):\n    return runner(code)",
    ],
    "builtins.exec": [
        "exec(s)",
        "import builtins\nbuiltins.exec(s)",
        "x = exec\ny = x\ny(s)",
        "getattr(__builtins__, 'ex' + 'ec')(s)",
        "vars(__import__('builtins'))['exec'](s)",
        "g = lambda: exec\ng()(s)",
        "__builtins__.get('exec')(s)",
    ],
    "builtins.__import__": [
        "__import__(n)",
        "imp = __import__\nimp(n)",
        "import builtins\nbuiltins.__import__(n)",
        "getattr(__builtins__, '__imp' + 'ort__')(n)",
    ],
}


def _call_names(source: str) -> set[str]:
    module = cst.parse_module(source)
    resolver = Resolver(module)
    names: set[str] = set()
    for use in resolver.calls:
        names |= resolver.names(use.node.func, use.scope)
    return names


@pytest.mark.parametrize("expected,source", [(name, src) for name, forms in FORMS.items() for src in forms])
def test_form_resolves(expected: str, source: str) -> None:
    assert expected in _call_names(source), source


def test_local_definition_shadows_builtin() -> None:
    assert "builtins.eval" not in _call_names("def eval(x):\n    return x\neval(1)")


def test_method_named_like_a_builtin_is_not_the_builtin() -> None:
    assert "builtins.eval" not in _call_names("model.eval()")


def test_unknown_parameter_resolves_to_nothing() -> None:
    assert _call_names("def f(client):\n    client.post(u)") == set()


def test_constant_folding_is_bounded() -> None:
    # A huge repetition is not folded (no memory blow-up), and nothing crashes.
    names = _call_names("import os\ngetattr(os, 'a' * 10**9)(c)")
    assert "builtins.getattr" in names
