"""Keys: Ed25519 key pairs for the gate and for human reviewers.

A key pair is two PEM files, `NAME.key` (private, mode 0600) and `NAME.pub`.
A key is known everywhere by its id, a short fingerprint of the raw public
key, so that an allowlist line, a policy and a reviewer's terminal all name
the same key the same way. All cryptography comes from `cryptography`.
"""

from __future__ import annotations

import base64
import hashlib
import os
import stat
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..model import GateError

KEY_SUFFIX = ".key"
PUB_SUFFIX = ".pub"


def key_id(public: Ed25519PublicKey) -> str:
    """`sha256:` + the first 16 hex digits of sha256(raw public key bytes)."""
    return "sha256:" + hashlib.sha256(raw_public(public)).hexdigest()[:16]


def raw_public(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_from_b64(text: str) -> Ed25519PublicKey:
    """The public key embedded (base64, raw 32 bytes) in an allowlist entry."""
    raw = base64.b64decode(text.encode("ascii"), validate=True)
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


def generate(out: str | os.PathLike) -> tuple[Path, Path, str]:
    """Write `OUT.key` and `OUT.pub`; returns both paths and the key id.

    Refuses to overwrite: replacing a key silently would orphan every
    signature made with the old one."""
    base = Path(out)
    if base.suffix in (KEY_SUFFIX, PUB_SUFFIX):
        base = base.with_suffix("")
    priv_path = base.with_name(base.name + KEY_SUFFIX)
    pub_path = base.with_name(base.name + PUB_SUFFIX)
    for p in (priv_path, pub_path):
        if p.exists():
            raise GateError(f"{p}: already exists; refusing to overwrite a key")
    try:
        base.parent.mkdir(parents=True, exist_ok=True)  # `keygen --out keys/alice` as the README shows
    except OSError as err:
        raise GateError(f"{base.parent}: cannot create the folder for the key files: {err.strerror}") from None
    key = Ed25519PrivateKey.generate()
    priv_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    pub_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    # O_EXCL + mode 0600 at creation: the private key is never readable by others,
    # not even for the instant between create and chmod.
    _write_new(priv_path, priv_pem, 0o600)
    _write_new(pub_path, pub_pem, 0o644)
    return priv_path, pub_path, key_id(key.public_key())


def _write_new(path: Path, data: bytes, mode: int) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        raise GateError(f"{path}: already exists; refusing to overwrite a key") from None
    except OSError as err:
        raise GateError(f"{path}: cannot create key file: {err.strerror}") from None
    try:
        os.fchmod(fd, mode)  # the umask may have narrowed or (for .pub) hidden bits
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def load_private(path: str | os.PathLike) -> Ed25519PrivateKey:
    data = _read(path, "private key", private=True)
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as err:
        raise GateError(f"{path}: not an unencrypted PEM private key ({err})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise GateError(f"{path}: not an Ed25519 private key (make one with `jobgate keygen`)")
    return key


def load_public(path: str | os.PathLike, what: str = "public key") -> Ed25519PublicKey:
    data = _read(path, what)
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError):
        hint = " (this looks like a private key: give the .pub file)" if b"PRIVATE KEY" in data else ""
        raise GateError(f"{path}: not a PEM public key{hint}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise GateError(f"{path}: not an Ed25519 public key (make one with `jobgate keygen`)")
    return key


def _read(path: str | os.PathLike, what: str, private: bool = False) -> bytes:
    try:
        with open(path, "rb") as fh:
            mode = os.fstat(fh.fileno()).st_mode
            if private and mode & 0o077:
                # As ssh refuses an identity file others can read: the key may already be copied.
                raise GateError(f"{path}: permissions {stat.S_IMODE(mode):04o} are too open for a {what}: "
                                f"it must be readable by its owner only (chmod 600 {path})")
            return fh.read()
    except OSError as err:
        raise GateError(f"{path}: cannot read {what}: {err.strerror}") from None


def sign(key: Ed25519PrivateKey, message: bytes) -> str:
    return base64.b64encode(key.sign(message)).decode("ascii")


def verify(public: Ed25519PublicKey, signature_b64: str, message: bytes) -> bool:
    try:
        sig = base64.b64decode(signature_b64.encode("ascii"), validate=True)
        public.verify(sig, message)
    except (InvalidSignature, ValueError, UnicodeEncodeError):
        return False
    return True
