"""Who made a pack: the office's signing key, the trusted public keys, and a pack's signature.

The sha256 in a manifest proves a pack is whole, not who made it. A policy office signs every
pack it builds with its own ed25519 key (made once, kept in the officer's data folder) and hands
out its *public* key as a small ``.czkey`` file (office name, key, fingerprint). A counter PC
trusts the keys imported once into its data folder (``<data dir>/keys/trusted/``) and the keys
bundled with the program (``resources/trusted_keys/``).

- a pack carries ``signature.json`` beside its two files: the office name, the public key, the
  sha256 of ``manifest.json`` and of ``policy.yaml`` as they are in the zip, and an ed25519
  signature over those (see :func:`signed_message`);
- reading a pack checks the signature; a signature that does not match the bytes is refused
  whoever signed it (the pack was changed after signing);
- whether the key is trusted is decided on the PC that installs and uses it
  (:func:`signature_status`): an unsigned or untrusted pack may still be installed after a
  clear warning, and everything computed from it says :data:`UNCONFIRMED`.

The ed25519 arithmetic comes from PyNaCl (libsodium; 0.3 MiB in the Windows .exe, where the
``cryptography`` library's single binary would add 3.4 MiB and break the 30 MiB budget, see
docs/building.md) and is imported only where a key is made or a signature made or checked, in
the three ``_ed25519_*`` functions below (never at the window's start): an installed pack's trust
is decided at start from its stored signature's key and hashes, which were checked at install.
Whoever can write the data folder can also add a key to its trust store, so checking the
signature again at every start would protect nothing more.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from desktop.core.atomic import atomic_write_bytes
from desktop.core.errors import os_reason
from desktop.core.jsonsafe import loads_limited
from desktop.core.packs.datadir import data_dir
from desktop.core.packs.limits import PackError, read_capped

if TYPE_CHECKING:
    from desktop.core.packs.packfile import Pack

#: the pack member holding the signature; a pack holds it or not, never twice
SIGNATURE_NAME = "signature.json"
#: a public key file handed out with the program
PUBLIC_KEY_SUFFIX = ".czkey"
#: a backup of the office's private key
PRIVATE_KEY_SUFFIX = ".czsecret"
#: under the data dir: the office key and the trusted keys
KEYS_DIR = "keys"
OFFICE_KEY_NAME = "office" + PRIVATE_KEY_SUFFIX
TRUSTED_DIR = "trusted"
#: under resources/: public keys trusted on every PC the program is installed on (build time)
BUNDLED_KEYS_PARTS = ("trusted_keys",)

MAX_SIGNATURE_BYTES = 16_000
MAX_KEY_FILE_BYTES = 16_000
MAX_TRUSTED_KEYS = 200

_SIGNATURE_KIND = "czdesk-pack-signature"
_PUBLIC_KIND = "czdesk-office-public-key"
_PRIVATE_KIND = "czdesk-office-signing-key"
_MESSAGE_PREFIX = b"czdesk-pack-signature-v1\n"

#: what every screen, slip and export computed from an unsigned or untrusted pack says
UNCONFIRMED = "来源未确认的政策数据"

PRIVATE_KEY_WARNING = (
    "这是本单位的签名私钥。拿到它的人可以冒充本单位签发政策包,"
    "请只存放在单位保管的U盘或保险柜中,不要通过微信、QQ、邮件发送,也不要交给窗口人员;"
    "丢失后需要重新生成密钥,并把新的公钥重新发给各窗口。"
)

SIGNATURE_BROKEN = "政策包的签名与内容不符:政策包在签名之后被改动过,已拒绝"

TrustState = Literal["bundled", "trusted", "untrusted", "unsigned"]


def fingerprint(public_raw: bytes) -> str:
    """A short fingerprint a clerk can read out on the phone: 16 hex digits in groups of 4.

    The first 8 bytes of the key's sha256, upper case (``3F2A-91C0-7D4E-B815``): digits and A-F
    only, so nothing is mistaken for another letter when read out.
    """
    digest = hashlib.sha256(public_raw).hexdigest()[:16].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object, length: int, what: str) -> bytes:
    if not isinstance(text, str) or len(text) > 200:
        raise PackError(f"{what}格式不正确")
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise PackError(f"{what}格式不正确") from None
    if len(raw) != length:
        raise PackError(f"{what}长度不正确")
    return raw


def check_office_name(office: str) -> str:
    """The office name as stored: trimmed; 2 to 60 printable characters, else a Chinese reason."""
    name = " ".join(str(office).split())
    if len(name) < 2:
        raise PackError("请填写单位名称(至少 2 个字),例如“常州市医疗保障局待遇保障处”")
    if len(name) > 60:
        raise PackError("单位名称过长(最多 60 个字)")
    if not all(ch.isprintable() for ch in name):
        raise PackError("单位名称中有不可显示的字符")
    return name


# -- ed25519 (PyNaCl, imported here only) ---------------------------------------------------


def _ed25519_public(seed: bytes) -> bytes:
    """The public key of a 32-byte private key (RFC 8032's secret seed)."""
    from nacl.bindings import crypto_sign_seed_keypair

    public, _ = crypto_sign_seed_keypair(seed)
    return bytes(public)


def _ed25519_sign(seed: bytes, message: bytes) -> bytes:
    """The 64-byte ed25519 signature of ``message``."""
    from nacl.bindings import crypto_sign, crypto_sign_seed_keypair

    _, secret = crypto_sign_seed_keypair(seed)
    return bytes(crypto_sign(message, secret)[:64])


def _ed25519_valid(public: bytes, signature: bytes, message: bytes) -> bool:
    from nacl.bindings import crypto_sign_open
    from nacl.exceptions import CryptoError

    try:
        crypto_sign_open(signature + message, public)
    except (CryptoError, ValueError, TypeError):
        return False
    return True


# -- public keys ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicKey:
    """An office's public key: what a ``.czkey`` file holds and a counter PC trusts."""

    office: str
    raw: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.raw)

    @property
    def file_stem(self) -> str:
        """The name the key is stored under in a trust store."""
        return self.fingerprint.replace("-", "")

    def to_bytes(self) -> bytes:
        data = {
            "kind": _PUBLIC_KIND,
            "schema_version": 1,
            "office": self.office,
            "public_key": _b64(self.raw),
            "fingerprint": self.fingerprint,
        }
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_object(raw: bytes, what: str) -> dict[str, object]:
    try:
        data = loads_limited(raw, max_bytes=MAX_KEY_FILE_BYTES)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PackError(f"{what}不是有效的文件,可能已损坏或未复制完整") from None
    if not isinstance(data, dict):
        raise PackError(f"{what}不是有效的文件")
    return data


def public_key_from_bytes(raw: bytes, what: str = "公钥文件") -> PublicKey:
    if len(raw) > MAX_KEY_FILE_BYTES:
        raise PackError(f"{what}过大,不是本程序的公钥文件")
    data = _json_object(raw, what)
    if data.get("kind") == _PRIVATE_KIND:
        raise PackError(
            f"{what}是签名私钥的备份,不是公钥;私钥不能交给窗口,请改用“导出公钥”得到的 {PUBLIC_KEY_SUFFIX} 文件"
        )
    if data.get("kind") != _PUBLIC_KIND or data.get("schema_version") != 1:
        raise PackError(f"{what}不是本程序的公钥文件({PUBLIC_KEY_SUFFIX})")
    office = data.get("office")
    if not isinstance(office, str):
        raise PackError(f"{what}缺少单位名称")
    key = PublicKey(check_office_name(office), _unb64(data.get("public_key"), 32, f"{what}中的公钥"))
    if data.get("fingerprint") != key.fingerprint:
        raise PackError(f"{what}中的指纹与公钥不符,文件可能被改动过")
    return key


def read_public_key(path: Path) -> PublicKey:
    """A ``.czkey`` file; PackError with the reason in Chinese if it is not one."""
    path = Path(path)
    return public_key_from_bytes(read_capped(path, MAX_KEY_FILE_BYTES, "公钥文件"), f"公钥文件 {path.name} ")


# -- the office's signing key --------------------------------------------------------------


@dataclass(frozen=True)
class OfficeKey:
    """The office's signing key pair, kept in the officer's data folder."""

    office: str
    private_raw: bytes
    public: PublicKey
    created: str = ""

    @property
    def fingerprint(self) -> str:
        return self.public.fingerprint

    def sign(self, message: bytes) -> bytes:
        return _ed25519_sign(self.private_raw, message)

    def to_bytes(self) -> bytes:
        data = {
            "kind": _PRIVATE_KIND,
            "schema_version": 1,
            "warning": PRIVATE_KEY_WARNING,
            "office": self.office,
            "private_key": _b64(self.private_raw),
            "public_key": _b64(self.public.raw),
            "fingerprint": self.fingerprint,
            "created": self.created,
        }
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def keys_dir(base: Path | None = None) -> Path:
    return (base if base is not None else data_dir()) / KEYS_DIR


def office_key_path(base: Path | None = None) -> Path:
    return keys_dir(base) / OFFICE_KEY_NAME


def trusted_dir(base: Path | None = None) -> Path:
    return keys_dir(base) / TRUSTED_DIR


def office_key_from_bytes(raw: bytes, what: str = "签名私钥文件") -> OfficeKey:
    """A private key file (the office's own, or its backup); its two halves must belong together."""
    if len(raw) > MAX_KEY_FILE_BYTES:
        raise PackError(f"{what}过大,不是本程序的签名私钥")
    data = _json_object(raw, what)
    if data.get("kind") != _PRIVATE_KIND or data.get("schema_version") != 1:
        raise PackError(f"{what}不是本程序的签名私钥({PRIVATE_KEY_SUFFIX})")
    office = data.get("office")
    if not isinstance(office, str):
        raise PackError(f"{what}缺少单位名称")
    private_raw = _unb64(data.get("private_key"), 32, f"{what}中的私钥")
    public_raw = _unb64(data.get("public_key"), 32, f"{what}中的公钥")
    if _ed25519_public(private_raw) != public_raw:
        raise PackError(f"{what}已损坏:私钥与公钥不配对")
    created = data.get("created")
    return OfficeKey(
        check_office_name(office),
        private_raw,
        PublicKey(check_office_name(office), public_raw),
        created if isinstance(created, str) else "",
    )


def read_office_key(path: Path) -> OfficeKey:
    """A private key backup file (.czsecret)."""
    path = Path(path)
    return office_key_from_bytes(read_capped(path, MAX_KEY_FILE_BYTES, "签名私钥文件"), f"签名私钥文件 {path.name} ")


def load_office_key(base: Path | None = None) -> OfficeKey | None:
    """The office's signing key in this data folder, or None when none was made here yet."""
    path = office_key_path(base)
    if not path.exists() and not path.is_symlink():
        return None
    return office_key_from_bytes(read_capped(path, MAX_KEY_FILE_BYTES, "签名私钥文件"), f"签名私钥文件 {path} ")


def _write_private(path: Path, key: OfficeKey) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, key.to_bytes(), private=True)
    except OSError as exc:
        raise PackError(f"无法保存签名私钥 {path}:{os_reason(exc)}") from None


def new_office_key(base: Path | None, office: str, now: dt.datetime | None = None) -> OfficeKey:
    """Make the office's signing key in the data folder (and trust its public key there);
    refused when one is already there.

    A second key would orphan every PC that trusts the first, so replacing one is not offered
    here: the old file must be moved away by hand, on purpose.
    """
    path = office_key_path(base)
    existing = load_office_key(base)
    name = check_office_name(office) if existing is None else existing.office
    if existing is not None:
        raise PackError(
            f"本机已有签名密钥({existing.office},指纹 {existing.fingerprint}),不再生成新的;"
            f"换用新密钥会让已信任旧公钥的窗口不再信任新政策包。确需更换,请先备份并移走 {path}"
        )
    seed = os.urandom(32)  # from the operating system: the ed25519 private key (RFC 8032's seed)
    created = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0).isoformat()
    key = OfficeKey(name, seed, PublicKey(name, _ed25519_public(seed)), created)
    _write_private(path, key)
    trust_key(base, key.public)  # the office trusts its own packs on its own PC
    return key


def ensure_office_key(base: Path | None, office: str) -> OfficeKey:
    """The office's signing key, made on first use; an existing key is returned as it is.

    The office name is fixed when the key is made (it travels in the public key file); a
    different ``office`` later does not rename it.
    """
    existing = load_office_key(base)
    return existing if existing is not None else new_office_key(base, office)


def restore_office_key(base: Path | None, backup: Path) -> OfficeKey:
    """Put a backed-up private key into this data folder (a new PC for the officer)."""
    key = read_office_key(backup)
    existing = load_office_key(base)
    if existing is not None and existing.public.raw != key.public.raw:
        raise PackError(
            f"本机已有另一把签名密钥({existing.office},指纹 {existing.fingerprint});"
            f"请先备份并移走 {office_key_path(base)}"
        )
    _write_private(office_key_path(base), key)
    trust_key(base, key.public)
    return key


def export_private_key(base: Path | None, out: Path) -> OfficeKey:
    """A backup copy of the office's private key; the caller shows :data:`PRIVATE_KEY_WARNING`."""
    key = load_office_key(base)
    if key is None:
        raise PackError("本机还没有签名密钥;先生成密钥(pack key new)")
    _write_out(Path(out), key.to_bytes(), private=True)
    return key


def export_public_key(base: Path | None, out: Path) -> PublicKey:
    """The office's public key as a small ``.czkey`` file, to hand out with the program."""
    key = load_office_key(base)
    if key is None:
        raise PackError("本机还没有签名密钥;先生成密钥(pack key new)")
    _write_out(Path(out), key.public.to_bytes())
    return key.public


def _write_out(path: Path, data: bytes, private: bool = False) -> None:
    try:
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, data, private=private)
    except OSError as exc:
        raise PackError(f"无法写出 {path}:{os_reason(exc)}") from None


# -- the trust store -----------------------------------------------------------------------


@dataclass(frozen=True)
class TrustedKey:
    key: PublicKey
    origin: Literal["imported", "bundled"]
    path: Path


def bundled_keys_dir() -> Path:
    from desktop.resources import resource

    return resource().joinpath(*BUNDLED_KEYS_PARTS)  # a folder: tests/packaging/test_assets.py checks its files


def _key_files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.suffix == PUBLIC_KEY_SUFFIX and p.is_file())[:MAX_TRUSTED_KEYS]
    except OSError:
        return []


def trusted_keys(base: Path | None = None, bundled: Path | None = None) -> tuple[list[TrustedKey], list[str]]:
    """The keys this PC trusts (imported, then bundled) and a Chinese line for each unreadable file.

    A damaged key file is skipped (and reported): it can only make a pack untrusted, never the reverse.
    """
    found: list[TrustedKey] = []
    problems: list[str] = []
    folders: list[tuple[Path, Literal["imported", "bundled"]]] = [
        (trusted_dir(base), "imported"),
        (bundled if bundled is not None else bundled_keys_dir(), "bundled"),
    ]
    for folder, origin in folders:
        for path in _key_files(folder):
            try:
                found.append(TrustedKey(read_public_key(path), origin, path))
            except PackError as exc:
                problems.append(f"{path}:{exc.reason}")
    return found, problems


def trust_lookup(base: Path | None = None, bundled: Path | None = None) -> dict[bytes, TrustedKey]:
    """Trusted keys by their raw bytes (the first file wins)."""
    keys, _ = trusted_keys(base, bundled)
    table: dict[bytes, TrustedKey] = {}
    for k in keys:
        table.setdefault(k.key.raw, k)
    return table


def trust_key(base: Path | None, key: PublicKey | Path) -> PublicKey:
    """Import a public key into this PC's trust store (once); importing it again changes nothing."""
    public = key if isinstance(key, PublicKey) else read_public_key(key)
    target = trusted_dir(base) / (public.file_stem + PUBLIC_KEY_SUFFIX)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, public.to_bytes())
    except OSError as exc:
        raise PackError(f"无法保存信任的公钥 {target}:{os_reason(exc)}") from None
    return public


def untrust_key(base: Path | None, fp: str) -> PublicKey:
    """Remove an imported key (by fingerprint, with or without dashes); bundled keys stay."""
    stem = fp.replace("-", "").replace(" ", "").upper()
    target = trusted_dir(base) / (stem + PUBLIC_KEY_SUFFIX)
    if not target.is_file():
        raise PackError(f"本机没有导入指纹为 {fp} 的公钥(随程序内置的公钥不能移除)")
    public = read_public_key(target)
    try:
        target.unlink()
    except OSError as exc:
        raise PackError(f"无法移除 {target}:{os_reason(exc)}") from None
    return public


# -- a pack's signature --------------------------------------------------------------------

_SHA = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class PackSignature:
    """A pack's ``signature.json`` as read (its shape checked, not yet its signature)."""

    office: str
    public_raw: bytes
    manifest_sha256: str
    policy_sha256: str
    signature: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_raw)

    def signed_fields(self) -> dict[str, str]:
        return {
            "office": self.office,
            "public_key": _b64(self.public_raw),
            "manifest_sha256": self.manifest_sha256,
            "policy_sha256": self.policy_sha256,
        }

    def to_bytes(self) -> bytes:
        data = {
            "kind": _SIGNATURE_KIND,
            "schema_version": 1,
            "algorithm": "ed25519",
            "signed": self.signed_fields(),
            "fingerprint": self.fingerprint,
            "signature": _b64(self.signature),
        }
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def signed_message(fields: dict[str, str]) -> bytes:
    """The bytes the key signs: a fixed prefix and the signed fields as canonical JSON."""
    return _MESSAGE_PREFIX + json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def parse_signature(raw: bytes) -> PackSignature:
    """``signature.json``'s fields; PackError if it is not one (a damaged or forged member)."""
    if len(raw) > MAX_SIGNATURE_BYTES:
        raise PackError(f"政策包中的 {SIGNATURE_NAME} 过大,不是正常的政策包")
    data = _json_object(raw, f"政策包中的 {SIGNATURE_NAME} ")
    signed = data.get("signed")
    if (
        data.get("kind") != _SIGNATURE_KIND
        or data.get("schema_version") != 1
        or data.get("algorithm") != "ed25519"
        or not isinstance(signed, dict)
        or set(signed) != {"office", "public_key", "manifest_sha256", "policy_sha256"}
        or not all(isinstance(signed[k], str) for k in ("office", "manifest_sha256", "policy_sha256"))
        or not _SHA.match(str(signed["manifest_sha256"]))
        or not _SHA.match(str(signed["policy_sha256"]))
    ):
        raise PackError(f"政策包中的 {SIGNATURE_NAME} 格式不正确,文件可能被篡改")
    return PackSignature(
        check_office_name(str(signed["office"])),
        _unb64(signed["public_key"], 32, "签名中的公钥"),
        str(signed["manifest_sha256"]),
        str(signed["policy_sha256"]),
        _unb64(data.get("signature"), 64, "签名"),
    )


def sign_pack_bytes(manifest_raw: bytes, document: bytes, key: OfficeKey) -> bytes:
    """The ``signature.json`` member for a pack's exact ``manifest.json`` and ``policy.yaml`` bytes."""
    unsigned = PackSignature(
        key.office,
        key.public.raw,
        hashlib.sha256(manifest_raw).hexdigest(),
        hashlib.sha256(document).hexdigest(),
        b"",
    )
    signature = key.sign(signed_message(unsigned.signed_fields()))
    return PackSignature(
        unsigned.office, unsigned.public_raw, unsigned.manifest_sha256, unsigned.policy_sha256, signature
    ).to_bytes()


def matches_bytes(sig: PackSignature, manifest_raw: bytes, document: bytes) -> bool:
    """The signature names these exact bytes (hashes only; no ed25519, safe at start-up)."""
    return (
        hashlib.sha256(manifest_raw).hexdigest() == sig.manifest_sha256
        and hashlib.sha256(document).hexdigest() == sig.policy_sha256
    )


def check_signature(sig: PackSignature, manifest_raw: bytes, document: bytes) -> None:
    """Raise PackError(:data:`SIGNATURE_BROKEN`) unless ``sig`` is a valid signature of these bytes."""
    if not matches_bytes(sig, manifest_raw, document):
        raise PackError(SIGNATURE_BROKEN)
    if not _ed25519_valid(sig.public_raw, sig.signature, signed_message(sig.signed_fields())):
        raise PackError(SIGNATURE_BROKEN)


# -- what a clerk is told ------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureStatus:
    """Who signed a pack and whether this PC trusts that key."""

    signed: bool
    trusted: bool
    office: str = ""
    fingerprint: str = ""
    bundled: bool = False

    @property
    def state(self) -> TrustState:
        if self.bundled:
            return "bundled"
        if not self.signed:
            return "unsigned"
        return "trusted" if self.trusted else "untrusted"

    @property
    def confirmed(self) -> bool:
        return self.bundled or (self.signed and self.trusted)

    @property
    def signer(self) -> str:
        """Office name and short fingerprint, or empty."""
        return f"{self.office}(指纹 {self.fingerprint})" if self.signed else ""

    @property
    def label(self) -> str:
        """One line for a table cell: 内置数据 / 已签名,本机信任 / 已签名,本机未信任 / 未签名."""
        return {
            "bundled": "内置数据",
            "trusted": "已签名,本机信任",
            "untrusted": "已签名,本机未信任",
            "unsigned": "未签名",
        }[self.state]


BUNDLED_STATUS = SignatureStatus(signed=False, trusted=True, bundled=True)


def signature_status(sig: PackSignature | None, trust: dict[bytes, TrustedKey]) -> SignatureStatus:
    """Whether the key behind ``sig`` is trusted; the office name is the trust store's when trusted."""
    if sig is None:
        return SignatureStatus(False, False)
    known = trust.get(sig.public_raw)
    if known is not None:
        return SignatureStatus(True, True, known.key.office, sig.fingerprint)
    return SignatureStatus(True, False, sig.office, sig.fingerprint)


def verify(pack: Pack, base: Path | None = None, bundled: Path | None = None) -> SignatureStatus:
    """Who signed a pack read by packfile.read_pack (which already refused a broken signature)
    and whether this PC (the data folder ``base``) trusts the key."""
    return signature_status(pack.signature, trust_lookup(base, bundled))


def install_warning(status: SignatureStatus) -> str | None:
    """The warning shown before an unsigned or untrusted pack is installed; None for a trusted one."""
    if status.confirmed:
        return None
    if status.signed:
        head = (
            f"这个政策包由“{status.office}”签名(指纹 {status.fingerprint}),但本机没有信任这把公钥,"
            "无法确认它真的来自该单位。"
        )
        head += "请先打电话向发包单位核对指纹,并导入对方的公钥。"
    else:
        head = "这个政策包没有签名,无法确认它由谁制作、缴费标准是否被改过。请向发包单位索取签了名的政策包。"
    return head + f"如仍要安装,用它算出的每个界面、打印单和导出文件都会标注“{UNCONFIRMED}”。"
