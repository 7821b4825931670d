"""Red team 54b: a destination or a launcher setting the job spells out, lost on a road the gate did not read.
The path fold read as unknown (so left to the process guard) a path built by a printf template, format_map, a
str.join, a str method or slice of a path, an item of os.path.splitext, an entry of os.scandir, an item of a
*args or **kwargs parameter, a @property, a method called by a name, a closure another module returns and a
subclass's method in another module; the argument-defaults detector missed `**{"default": ...}` and what `type=`
makes of the default; the launchers' argparse prefixes (`--master_ad`, `--nn`), accelerate's settings file
`num_machines` and deepspeed's `--num_nodes` were not read. Each road with a share, a start-up file or a remote
host is held; the same road with the job's own folders is accepted. docs/redteam54b-attempts.md has every attempt."""

import json

import pytest

import redteam_kit as kit
from analyzer.model import Decision

SHARE, LOCAL = "/mnt/lab_share/fl-study/model.pt", "./outputs/model.pt"
HEAD = "import argparse\nimport os\nimport torch\n"

# A destination built on some road, with {d} for its folder and {n} for its file name: written to by torch.save.
PATH_ROADS = {
    "printf tuple": "dest = '%s/%s' % ({d!r}, {n!r})",
    "printf mapping": "dest = '%(d)s/%(n)s' % {{'d': {d!r}, 'n': {n!r}}}",
    "format positional": "dest = '{{}}/{{}}'.format(os.path.normpath({d!r}), {n!r})",
    "format_map": "dest = '{{d}}/{{n}}'.format_map({{'d': {d!r}, 'n': {n!r}}})",
    "join list": "dest = '/'.join([os.path.normpath({d!r}), {n!r}])",
    "removesuffix": "dest = os.path.join({d!r}, {n!r} + '.tmp').removesuffix('.tmp')",
    "slice": "dest = os.path.join({d!r}, {n!r} + '.x')[:-2]",
    "splitext item": "dest = os.path.splitext(os.path.join({d!r}, {n!r} + '.bak'))[0]",
    "rsplit item": "dest = os.path.join({d!r}, {n!r} + '.bak').rsplit('.', 1)[0]",
    "kwargs item": "def put(state, **kw):\n    torch.save(state, kw['dest'])\nput({{}}, dest=os.path.join({d!r}, {n!r}))\ndest = 'x.pt'",
    "args item": "def put(*a):\n    torch.save(a[0], a[1])\nput({{}}, os.path.join({d!r}, {n!r}))\ndest = 'x.pt'",
    "tuple spread": "def put(state, where):\n    torch.save(state, where)\nt = ({{}}, os.path.join({d!r}, {n!r}))\nput(*t)\ndest = 'x.pt'",
    "dict spread": "def put(state, where):\n    torch.save(state, where)\nkw = dict(state={{}}, where=os.path.join({d!r}, {n!r}))\nput(**kw)\ndest = 'x.pt'",
    "property": "class P:\n    @property\n    def out(self):\n        return os.path.join({d!r}, {n!r})\ndest = P().out",
    "bound method": "class S:\n    def put(self, state, where):\n        torch.save(state, where)\nput = S().put\nput({{}}, os.path.join({d!r}, {n!r}))\ndest = 'x.pt'",
}


def _road(road: str, folder: str, name: str = "model.pt") -> str:
    return HEAD + PATH_ROADS[road].format(d=folder, n=name) + "\ntorch.save({}, dest)\n"


@pytest.mark.parametrize("road", sorted(PATH_ROADS))
def test_share_destination_rejects(road):
    kit.assert_held(kit.scan_text(_road(road, "/mnt/lab_share/fl-study")), "file-exfiltration.write-network",
                    Decision.REJECT)


@pytest.mark.parametrize("road", sorted(PATH_ROADS))
def test_job_destination_stays_accepted(road):
    kit.assert_accepted(kit.scan_text(_road(road, "./outputs")))


@pytest.mark.parametrize("road", ["printf tuple", "join list", "removesuffix", "splitext item"])
def test_startup_file_rejects(road):
    source = HEAD + PATH_ROADS[road].format(d="~", n=".bashrc").replace("os.path.normpath", "os.path.expanduser") \
        .replace("os.path.join('~'", "os.path.join(os.path.expanduser('~')") + "\nopen(dest, 'a').write('x')\n"
    kit.assert_held(kit.scan_text(source), "persistence.startup-file", Decision.REJECT)


@pytest.mark.parametrize("folder, held", [("os.path.expanduser('~')", True), ("'./outputs/tmp'", False)])
def test_scandir_entry_is_a_file_of_the_folder(folder, held):
    """An os.DirEntry's .path is the listed folder's file: over a home folder, a wipe."""
    source = HEAD + f"with os.scandir({folder}) as it:\n    for e in it:\n        os.remove(e.path)\n"
    report = kit.scan_text(source)
    if held:
        kit.assert_held(report, "file-exfiltration.wipe", Decision.REJECT)
    else:
        kit.assert_accepted(report)


def test_scandir_entry_name_joined_to_home_is_held():
    source = HEAD + "home = os.path.expanduser('~')\nfor e in os.scandir(home):\n" \
                    "    open(os.path.join(home, e.name), 'wb').close()\n"
    kit.assert_held(kit.scan_text(source), "file-exfiltration.wipe")


@pytest.mark.parametrize("declare", [
    "p.add_argument('--out', **{{'default': {v!r}}})",
    "opts = {{'default': {v!r}}}\np.add_argument('--out', **opts)",
    "p.add_argument('--out', default='model.pt', type=lambda s: os.path.join({v!r}, s))",
    "def conv(s):\n    return os.path.join({v!r}, s)\np.add_argument('--out', default='model.pt', type=conv)",
])
@pytest.mark.parametrize("value, held", [("/mnt/lab_share/fl-study", True), ("./outputs", False)])
def test_declared_default_roads(declare, value, held):
    source = HEAD + "p = argparse.ArgumentParser()\n" + declare.format(v=value) + \
        "\na, _ = p.parse_known_args()\ntorch.save({}, a.out)\n"
    report = kit.scan_text(source)
    if held:
        kit.assert_held(report, "config-attack.default-network-path")
    else:
        kit.assert_accepted(report)


def test_builtin_type_is_not_followed():
    source = HEAD + "p = argparse.ArgumentParser()\np.add_argument('--out', default='./outputs/m.pt', type=str)\n" \
                    "a, _ = p.parse_known_args()\ntorch.save({}, a.out)\n"
    kit.assert_accepted(kit.scan_text(source))


CLOSURE = "import torch\n\ndef make_saver():\n    def _write(state, dest):\n        torch.save(state, dest)\n    return _write\n"
BASE = ("import os\nimport torch\n\nclass Store:\n    def folder(self):\n        return './outputs'\n\n"
        "    def put(self, state):\n        torch.save(state, os.path.join(self.folder(), 'm.pt'))\n")
SUB = "from store import Store\n\nclass Study(Store):\n    def folder(self):\n        return {d!r}\n"


@pytest.mark.parametrize("folder, held", [("/mnt/lab_share/fl-study", True), ("./outputs/run", False)])
def test_closure_of_another_module(tmp_path, folder, held):
    report = kit.scan_files(tmp_path, {"savers.py": CLOSURE, "client.py":
                                       f"import savers\nsavers.make_saver()({{}}, '{folder}/m.pt')\n"})
    if held:
        kit.assert_held(report, "file-exfiltration.write-network", Decision.REJECT)
    else:
        kit.assert_accepted(report)


@pytest.mark.parametrize("folder, held", [("/mnt/lab_share/fl-study", True), ("./outputs/run", False)])
def test_subclass_method_of_another_module(tmp_path, folder, held):
    report = kit.scan_files(tmp_path, {"store.py": BASE, "study.py": SUB.format(d=folder),
                                       "client.py": "from study import Study\nStudy().put({})\n"})
    if held:
        kit.assert_held(report, "file-exfiltration.write-network", Decision.REJECT)
    else:
        kit.assert_accepted(report)


def _launched(tmp_path, command: str, files: dict[str, str] | None = None):
    root = kit.client_api_job(tmp_path / "job", {"client.py": "print('train')\n", **(files or {})}, "")
    config = root / "app" / "config" / "config_fed_client.json"
    doc = json.loads(config.read_text())
    doc["executors"][0]["executor"]["args"]["command"] = command
    config.write_text(json.dumps(doc))
    return kit.scan(root)


@pytest.mark.parametrize("command, rule", [
    ("torchrun --nnodes=1 --master_ad=10.20.30.40 custom/{app_script}", "config-attack.rendezvous-remote"),
    ("torchrun --nnodes=1 --rdzv_backend=c10d --rdzv_endp=10.20.30.40:29400 custom/{app_script}",
     "config-attack.rendezvous-remote"),
    ("accelerate launch --num_machines 1 --main_process_i 10.20.30.40 custom/{app_script}",
     "config-attack.rendezvous-remote"),
    ("torchrun --nn=2 --master_addr=127.0.0.1 custom/{app_script}", "config-attack.rendezvous-open-seats"),
    ("python3 -m torch.distributed.run --nnod 2 custom/{app_script}", "config-attack.rendezvous-open-seats"),
    ("accelerate launch --num_m 2 custom/{app_script}", "config-attack.rendezvous-open-seats"),
    ("deepspeed --num_nodes 2 --master_addr 127.0.0.1 custom/{app_script}", "config-attack.rendezvous-open-seats"),
])
def test_launcher_option_prefixes_and_counts(tmp_path, command, rule):
    kit.assert_held(_launched(tmp_path, command), rule)


@pytest.mark.parametrize("command", [
    "torchrun --nnodes=1 --nproc_per=2 --master_port=29501 custom/{app_script}",
    "deepspeed --num_nodes 1 --num_gpus 2 custom/{app_script}",
    "python3 -u custom/{app_script} --num_nodes 4 --num 3",
])
def test_local_launchers_stay_accepted(tmp_path, command):
    kit.assert_accepted(_launched(tmp_path, command))


@pytest.mark.parametrize("machines, held", [(2, True), (1, False)])
def test_accelerate_settings_file_machines(tmp_path, machines, held):
    settings = f"compute_environment: LOCAL_MACHINE\nnum_machines: {machines}\nnum_processes: 2\n"
    report = _launched(tmp_path, "accelerate launch --config_file custom/acc.yaml custom/{app_script}",
                       {"acc.yaml": settings})
    if held:
        kit.assert_held(report, "config-attack.rendezvous-open-seats")
    else:
        kit.assert_accepted(report)


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/redteam54b_*", "jobs/redteam54b_*"))
def test_attack_is_held(sample):
    kit.assert_held(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_redteam54b_*", "jobs/near_redteam54b_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))
