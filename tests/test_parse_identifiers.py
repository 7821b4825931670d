"""parse.py NFKC-normalises identifiers as Python reads them, transforming only the top-level
statements that spell a name with characters that are not ASCII (text that is not ASCII in a
comment or a string leaves its statement as libcst parsed it)."""

import textwrap
import unicodedata

import libcst as cst

from analyzer.engine.parse import _names_not_ascii, parse
from analyzer.engine.resolve import Resolver, children

SOURCE = textwrap.dedent("""\
    # Données fédérées : © the authors
    import os as ｏｓ_alias
    from subprocess import ｒｕｎ

    def train(ｐａｔｈ="données.csv", *, ｌｒ=0.1):
        \"\"\"Entraîne le modèle.\"\"\"
        return open(ｐａｔｈ).read()

    class Client:
        note = "résumé"
        def send(self):
            ｏｓ_alias.ｓｙｓｔｅｍ("echo")
            ｒｕｎ(["ls"], ｃｈｅｃｋ=True)

    print("déjà vu")  # commentaire
    """)


def _names(node: cst.CSTNode) -> list[str]:
    todo, found = [node], []
    while todo:
        n = todo.pop()
        if isinstance(n, cst.Name):
            found.append(n.value)
        todo.extend(children(n))
    return found


def test_every_name_reads_as_python_reads_it():
    parsed = parse("job.py", SOURCE.encode())
    names = _names(parsed.module)
    assert {"os_alias", "run", "path", "lr", "system", "check"} <= set(names)
    assert all(name == unicodedata.normalize("NFKC", name) and name.isascii() for name in names)


def test_the_resolver_sees_the_normalised_call():
    parsed = parse("job.py", SOURCE.encode())
    r = Resolver(parsed.module)
    called = {name for use in r.calls for name in r.names(use.node.func, use.scope)}
    assert {"os.system", "subprocess.run", "builtins.open"} <= called


def test_statements_without_such_names_stay_as_parsed():
    """Their text is not ASCII (a comment, a docstring, a string), but nothing in them is renamed."""
    parsed = parse("job.py", SOURCE.encode())
    assert parsed.module.code == SOURCE.replace("ｏｓ_alias", "os_alias").replace("ｒｕｎ", "run") \
        .replace("ｐａｔｈ", "path").replace("ｌｒ", "lr").replace("ｓｙｓｔｅｍ", "system").replace("ｃｈｅｃｋ", "check")
    plain = parse("job.py", b"x = 1\nprint('d\xc3\xa9j\xc3\xa0 vu')  # \xc3\xa9\n")
    assert plain.module.code == "x = 1\nprint('déjà vu')  # é\n"


def test_which_statements_are_transformed():
    transformed = [_names_not_ascii(statement) for statement in cst.parse_module(SOURCE).body]
    assert transformed == [True, True, True, True, False]
    for statement in ["x = 'é'  # é\n", 'def f():\n    """Modèle."""\n']:
        assert not _names_not_ascii(cst.parse_module(statement))
    for statement in ["ｆ = 1\n", "a.ｂ\n", "f(ｋ=1)\n", "def f(*, ｋ): pass\n", "import ｍ\n", "lambda ｘ: 0\n"]:
        assert _names_not_ascii(cst.parse_module(statement))
