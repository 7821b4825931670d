"""Keys: Ed25519 pairs written safely, loaded strictly, known by a stable id."""

from __future__ import annotations

import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from analyzer.trust import keys
from analyzer.model import GateError

ROOT = Path(__file__).resolve().parents[1]


def jobgate(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analyzer.commands.cli", *args], cwd=cwd or ROOT,
                          capture_output=True, text=True, timeout=120)


def test_generate_writes_private_0600_and_public(tmp_path: Path) -> None:
    priv, pub, kid = keys.generate(tmp_path / "alice")
    assert priv == tmp_path / "alice.key" and pub == tmp_path / "alice.pub"
    assert stat.S_IMODE(priv.stat().st_mode) == 0o600
    assert b"PRIVATE KEY" in priv.read_bytes() and b"PUBLIC KEY" in pub.read_bytes()
    assert re.fullmatch(r"sha256:[0-9a-f]{16}", kid)


def test_key_id_is_the_same_from_private_and_public(tmp_path: Path) -> None:
    priv, pub, kid = keys.generate(tmp_path / "k")
    assert keys.key_id(keys.load_private(priv).public_key()) == kid
    assert keys.key_id(keys.load_public(pub)) == kid


def test_two_keys_have_different_ids(tmp_path: Path) -> None:
    assert keys.generate(tmp_path / "a")[2] != keys.generate(tmp_path / "b")[2]


def test_signature_verifies_only_for_its_message_and_key(tmp_path: Path) -> None:
    a = keys.load_private(keys.generate(tmp_path / "a")[0])
    b = keys.load_private(keys.generate(tmp_path / "b")[0])
    sig = keys.sign(a, b"hello")
    assert keys.verify(a.public_key(), sig, b"hello")
    assert not keys.verify(a.public_key(), sig, b"hellp")
    assert not keys.verify(b.public_key(), sig, b"hello")
    assert not keys.verify(a.public_key(), "not base64!", b"hello")


def test_generate_refuses_to_overwrite(tmp_path: Path) -> None:
    keys.generate(tmp_path / "a")
    with pytest.raises(GateError, match="already exists"):
        keys.generate(tmp_path / "a")


def test_loading_the_wrong_kind_of_file_names_it(tmp_path: Path) -> None:
    priv, pub, _ = keys.generate(tmp_path / "a")
    with pytest.raises(GateError, match=re.escape(str(pub))):
        keys.load_private(pub)
    with pytest.raises(GateError, match="looks like a private key"):
        keys.load_public(priv)
    with pytest.raises(GateError, match="cannot read"):
        keys.load_public(tmp_path / "missing.pub")


def test_cli_keygen(tmp_path: Path) -> None:
    r = jobgate("keygen", "--out", str(tmp_path / "gate"))
    assert r.returncode == 0, r.stderr
    kid = keys.key_id(keys.load_public(tmp_path / "gate.pub"))
    assert kid in r.stdout
    assert stat.S_IMODE((tmp_path / "gate.key").stat().st_mode) == 0o600


def test_cli_keygen_existing_key_is_a_usage_error(tmp_path: Path) -> None:
    assert jobgate("keygen", "--out", str(tmp_path / "gate")).returncode == 0
    r = jobgate("keygen", "--out", str(tmp_path / "gate"))
    assert r.returncode == 2
    assert "gate.key: already exists" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644, 0o666])
def test_a_private_key_others_can_read_is_refused_as_ssh_does(tmp_path: Path, mode: int) -> None:
    priv, _, _ = keys.generate(tmp_path / "gate")
    priv.chmod(mode)
    with pytest.raises(GateError, match=f"permissions {mode:04o} are too open.*chmod 600"):
        keys.load_private(priv)
    r = jobgate("revoke", "sha256:" + "1" * 64, "--key", str(priv), "--allowlist", str(tmp_path / "a.jsonl"))
    assert r.returncode == 2 and "too open" in r.stderr and "Traceback" not in r.stderr


def test_a_private_key_readable_by_its_owner_only_loads(tmp_path: Path) -> None:
    priv, _, kid = keys.generate(tmp_path / "gate")
    priv.chmod(0o400)
    assert keys.key_id(keys.load_private(priv).public_key()) == kid
