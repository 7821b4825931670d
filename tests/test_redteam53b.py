"""Red team 53b: values the job's own code declares, reaching a reader or a writer by a road the path fold did not
follow. An option's value declared apart from the `args = parser.parse_args()` + `default=` shape the fold read
(`args, _ = parser.parse_known_args()`, `[0]`, `vars(args)[...]`, `getattr(args, ...)`, `namespace=`,
`set_defaults`, `const=`, `argument_default=`), and settings objects built by a library call (`SimpleNamespace`,
`dict(...)`, `EasyDict`, `json.loads` of a literal) or read with a `.get`/`getattr` default: a remote URL, a share or
a start-up file there was accepted. Each road with such a value is held; the same road with a job or data path is
accepted. docs/redteam53b-attempts.md has every attempt."""

import pytest

import redteam_kit as kit
from analyzer.model import Decision

URL, SHARE, LOCAL = "https://collector.example.org/rows.csv", "/mnt/share/fl/rows.csv", "data/site-1/rows.csv"
HEAD = "import argparse\nimport json\nimport types\nimport pandas as pd\n"

# An option declared with the value, read by some road: (declaration, read) with {v} for the value.
OPTION_ROADS = {
    "parse_known_args tuple": ("p.add_argument('--src', default={v!r})", "a, _ = p.parse_known_args()\nsrc = a.src"),
    "parse_known_args [0]": ("p.add_argument('--src', default={v!r})", "src = p.parse_known_args()[0].src"),
    "vars": ("p.add_argument('--src', default={v!r})", "src = vars(p.parse_args())['src']"),
    "getattr": ("p.add_argument('--src', default={v!r})", "src = getattr(p.parse_args(), 'src')"),
    "namespace=": ("p.add_argument('--src', default={v!r})", "ns = argparse.Namespace()\np.parse_args(namespace=ns)\nsrc = ns.src"),
    "set_defaults": ("p.add_argument('--src')\np.set_defaults(src={v!r})", "src = p.parse_args().src"),
    "const": ("p.add_argument('--src', nargs='?', const={v!r}, default='x.csv')", "src = p.parse_args().src"),
}
# A settings object holding the value, and the read of it.
SETTINGS_ROADS = {
    "dict.get default": "cfg = {{}}\nsrc = cfg.get('src', {v!r})",
    "dict() item": "cfg = dict(src={v!r})\nsrc = cfg['src']",
    "SimpleNamespace": "cfg = types.SimpleNamespace(src={v!r})\nsrc = cfg.src",
    "json.loads literal": "cfg = json.loads('{{\"src\": \"{v}\"}}')\nsrc = cfg['src']",
    "getattr default": "src = getattr(types.SimpleNamespace(), 'src', {v!r})",
}


def _option(road: str, value: str, use: str) -> str:
    declare, read = OPTION_ROADS[road]
    return HEAD + "p = argparse.ArgumentParser()\n" + declare.format(v=value) + "\n" + read + "\n" + use + "\n"


def _settings(road: str, value: str, use: str) -> str:
    return HEAD + SETTINGS_ROADS[road].format(v=value) + "\n" + use + "\n"


@pytest.mark.parametrize("road", sorted(OPTION_ROADS))
def test_option_url_default_is_held(road):
    kit.assert_held(kit.scan_text(_option(road, URL, "df = pd.read_csv(src)")), "config-attack.default-network-path")


@pytest.mark.parametrize("road", sorted(OPTION_ROADS))
def test_option_startup_file_default_rejects(road):
    report = kit.scan_text(_option(road, "~/.bashrc", "open(src, 'a').write('x')"))
    kit.assert_held(report, "config-attack.default-sensitive-path", Decision.REJECT)


@pytest.mark.parametrize("road", sorted(OPTION_ROADS))
def test_option_local_default_stays_accepted(road):
    kit.assert_accepted(kit.scan_text(_option(road, LOCAL, "df = pd.read_csv(src)")))


def test_argument_default_of_the_parser_is_held():
    source = HEAD + f"p = argparse.ArgumentParser(argument_default={URL!r})\np.add_argument('--src')\n" \
                    "a, _ = p.parse_known_args()\ndf = pd.read_csv(a.src)\n"
    kit.assert_held(kit.scan_text(source), "config-attack.default-network-path")


def test_parser_built_in_a_helper_is_read():
    """`def add_args(parser)`: the receiver is a parameter the resolver cannot name; the call's spelling counts."""
    source = HEAD + f"def add_args(parser):\n    parser.add_argument('--out', default={SHARE!r})\n"
    kit.assert_held(kit.scan_text(source), "config-attack.default-network-path")


def test_local_service_default_stays_accepted():
    source = HEAD + "p = argparse.ArgumentParser()\np.add_argument('--tracking_uri', default='http://localhost:5000')\n" \
                    "p.add_argument('--master_addr', default='127.0.0.1')\na, _ = p.parse_known_args()\n"
    kit.assert_accepted(kit.scan_text(source))


def test_remote_rendezvous_default_rejects():
    source = HEAD + "p = argparse.ArgumentParser()\np.add_argument('--master_addr', default='rdv.example.org')\n"
    kit.assert_held(kit.scan_text(source), "config-attack.default-rendezvous-remote", Decision.REJECT)


def test_set_defaults_reaches_the_write():
    """The fold reads set_defaults as it reads default=: the write to the share is the threat it is."""
    source = _option("set_defaults", SHARE, "import torch\ntorch.save({}, src)")
    kit.assert_held(kit.scan_text(source), "file-exfiltration.write-network", Decision.REJECT)


@pytest.mark.parametrize("road", sorted(SETTINGS_ROADS))
def test_settings_url_is_held(road):
    kit.assert_held(kit.scan_text(_settings(road, URL, "df = pd.read_csv(src)")), "network.url-reader")


@pytest.mark.parametrize("road", sorted(SETTINGS_ROADS))
def test_settings_share_write_rejects(road):
    report = kit.scan_text(_settings(road, SHARE, "import torch\ntorch.save({}, src)"))
    kit.assert_held(report, "file-exfiltration.write-network", Decision.REJECT)


@pytest.mark.parametrize("road", sorted(SETTINGS_ROADS))
def test_settings_local_stays_accepted(road):
    kit.assert_accepted(kit.scan_text(_settings(road, LOCAL, "df = pd.read_csv(src)")))


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/redteam53b_*", "jobs/redteam53b_*"))
def test_attack_is_held(sample):
    kit.assert_held(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_redteam53b_*", "jobs/near_redteam53b_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


@pytest.mark.parametrize("value, held", [(URL, True), (LOCAL, False)])
def test_settings_object_of_another_module(tmp_path, value, held):
    """`from settings import CFG`: the namespace another module of the job built is read at home."""
    report = kit.scan_files(tmp_path, {
        "settings.py": f"import types\nCFG = types.SimpleNamespace(src={value!r})\n",
        "client.py": "import pandas as pd\nfrom settings import CFG\ndf = pd.read_csv(CFG.src)\n"})
    if held:
        kit.assert_held(report, "network.url-reader")
    else:
        kit.assert_accepted(report)


def test_settings_text_of_shared_aliases_is_read_once():
    """A YAML text whose aliases share one list many times over (a billion laughs) is walked once per list: the
    scan ends, and the URL in it is still read."""
    text = "a0: &a0 [x, '" + URL + "']\\n" + "".join(f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}]\\n" for i in range(1, 40))
    source = HEAD + "import yaml\ncfg = yaml.safe_load(\"" + text + "\")\ndf = pd.read_csv(cfg['src'])\n"
    kit.assert_held(kit.scan_text(source), "network.url-reader")


def test_settings_text_is_read_within_the_config_bounds():
    """A settings literal is the author's text, read as a job's YAML config is: a sexagesimal number of 200,000
    parts (quadratic in PyYAML) is cut, a text of 5,000 open brackets is not parsed; the URL beside the number is
    still read and held."""
    from analyzer.engine.detectors.paths import _leaves

    assert _leaves("{src: '" + URL + "', n: 1" + ":1" * 200_000 + "}", "src") == {URL}
    assert _leaves("[" * 5000) == {"[" * 5000}
    source = HEAD + "cfg = json.loads(\"{\\\"src\\\": \\\"" + URL + "\\\", \\\"n\\\": 1" + ":1" * 200_000 + "}\")\n" \
        "df = pd.read_csv(cfg['src'])\n"
    kit.assert_held(kit.scan_text(source), "network.url-reader")


def test_a_json_settings_text_past_the_yaml_bound_is_still_read():
    """The YAML bound does not hide a URL from a JSON literal: json's parser is linear, so the text is read whole
    (corpus/malicious/lead53_settings_url_after_padding.py)."""
    from analyzer.engine.detectors.paths import MAX_SHARED_DOCUMENT, _leaves

    pad = ", ".join(f'"k{i}": "{"x" * 40}"' for i in range(MAX_SHARED_DOCUMENT // 40))
    assert _leaves('{"src": "' + URL + '", ' + pad + "}", "src") == {URL}
