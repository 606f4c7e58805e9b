"""Signed policy packs: the office key, public key files, the trust store, a pack's signature.

The office signs in its data folder (``office``); a counter PC is a second data folder
(``counter``) that trusts nothing until the office's public key is imported. The fake 2026 year
is test_packs.fake_year: the bundled 2025 year moved on a year with 老年居民 730 → 760.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.cli import pack as packs_cli
from desktop.core import packs
from desktop.core.packs import signing
from desktop.core.policy.loader import PolicySet
from desktop.core.staleness import staleness_message
from tests.core.packs.test_packs import fake_year

TODAY = dt.date(2026, 3, 2)  # inside 2026's benefit period: no stale-year line, only the source line
OFFICE = "常州市医疗保障局待遇保障处"

#: RFC 8032, section 7.1, TEST 1: a published ed25519 key pair
RFC_SECRET = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
RFC_PUBLIC = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")


@pytest.fixture
def office(tmp_path: Path) -> Path:
    return tmp_path / "office-data"


@pytest.fixture
def counter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    base = tmp_path / "counter-data"
    monkeypatch.setenv(packs.DATA_DIR_ENV, str(base))
    return base


@pytest.fixture
def no_bundled_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled key folder replaced by an empty one, so only imported keys count."""
    folder = tmp_path / "bundled-keys"
    folder.mkdir()
    monkeypatch.setattr(signing, "bundled_keys_dir", lambda: folder)
    return folder


def _document(tmp_path: Path, policies: PolicySet, version: str = "2026.1", elderly: str = "760") -> Path:
    doc = tmp_path / f"2026-{version}.yaml"
    doc.write_text(packs.policy_to_yaml(fake_year(policies[2025], 2026, version, elderly)), encoding="utf-8")
    return doc


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def _rezip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


# -- fingerprints and key files -----------------------------------------------------------------


def test_fingerprint_is_the_keys_sha256_in_four_groups_and_stable() -> None:
    # the definition: the first 16 hex digits of sha256(raw public key), upper case, 4 groups of 4
    digest = hashlib.sha256(RFC_PUBLIC).hexdigest().upper()
    expected = f"{digest[0:4]}-{digest[4:8]}-{digest[8:12]}-{digest[12:16]}"
    assert signing.fingerprint(RFC_PUBLIC) == expected
    assert re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}", expected)
    # the same key read back from its file, and from a key made from the same secret, says the same
    public = signing.PublicKey(OFFICE, RFC_PUBLIC)
    assert signing.public_key_from_bytes(public.to_bytes()).fingerprint == expected
    key = signing.OfficeKey(OFFICE, RFC_SECRET, public)
    assert signing.office_key_from_bytes(key.to_bytes()).fingerprint == expected
    # another key, another fingerprint
    assert signing.fingerprint(bytes(32)) != expected


def test_signature_is_ed25519_of_the_published_test_vector() -> None:
    """Our key object signs like RFC 8032's TEST 1 (empty message → its published signature)."""
    key = signing.OfficeKey(OFFICE, RFC_SECRET, signing.PublicKey(OFFICE, RFC_PUBLIC))
    assert key.sign(b"").hex() == (
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
        "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
    )


def test_office_key_is_made_once_and_kept_private(office: Path) -> None:
    key = packs.ensure_office_key(office, OFFICE)
    again = packs.ensure_office_key(office, "另一个名字")
    assert (again.fingerprint, again.office) == (key.fingerprint, OFFICE)  # made once, name fixed
    path = signing.office_key_path(office)
    assert path.is_file() and path.parent == office / "keys"
    if hasattr(path, "stat") and __import__("os").name == "posix":
        assert path.stat().st_mode & 0o077 == 0  # only the officer's account can read it
    with pytest.raises(packs.PackError, match="本机已有签名密钥"):
        packs.new_office_key(office, OFFICE)
    # the office trusts its own key on its own PC
    assert [t.key.fingerprint for t in packs.trusted_keys(office)[0] if t.origin == "imported"] == [key.fingerprint]


def test_office_name_is_checked(office: Path) -> None:
    with pytest.raises(packs.PackError, match="请填写单位名称"):
        packs.new_office_key(office, " ")
    with pytest.raises(packs.PackError, match="过长"):
        packs.new_office_key(office, "局" * 61)
    assert packs.load_office_key(office) is None


def test_public_key_file_is_small_and_names_office_key_and_fingerprint(office: Path, tmp_path: Path) -> None:
    key = packs.ensure_office_key(office, OFFICE)
    out = tmp_path / "常州医保.czkey"
    packs.export_public_key(office, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert out.stat().st_size < 1000
    assert data["office"] == OFFICE and data["fingerprint"] == key.fingerprint
    assert base64.b64decode(data["public_key"]) == key.public.raw
    assert "private_key" not in data


def test_private_key_backup_restores_on_another_pc(office: Path, tmp_path: Path) -> None:
    key = packs.ensure_office_key(office, OFFICE)
    backup = tmp_path / "backup.czsecret"
    packs.export_private_key(office, backup)
    assert "冒充本单位" in packs.PRIVATE_KEY_WARNING
    assert json.loads(backup.read_text(encoding="utf-8"))["warning"] == packs.PRIVATE_KEY_WARNING
    # a backup is not a public key: it is refused where a counter imports keys
    with pytest.raises(packs.PackError, match="是签名私钥的备份,不是公钥"):
        packs.trust_key(tmp_path / "counter", backup)
    restored = packs.restore_office_key(tmp_path / "new-pc", backup)
    assert restored.fingerprint == key.fingerprint and restored.private_raw == key.private_raw


def test_damaged_key_files_are_refused_in_chinese(office: Path, tmp_path: Path) -> None:
    packs.ensure_office_key(office, OFFICE)
    out = tmp_path / "k.czkey"
    packs.export_public_key(office, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    data["fingerprint"] = "0000-0000-0000-0000"
    out.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(packs.PackError, match="指纹与公钥不符"):
        packs.read_public_key(out)
    out.write_bytes(b"\x00garbage")
    with pytest.raises(packs.PackError, match="不是有效的文件"):
        packs.read_public_key(out)
    big = tmp_path / "big.czkey"
    big.write_bytes(b" " * 100_000)
    with pytest.raises(packs.PackError, match="过大"):
        packs.read_public_key(big)


# -- signed packs -------------------------------------------------------------------------------


def test_signed_pack_holds_exactly_three_members_and_is_trusted_where_its_key_is(
    office: Path, counter: Path, tmp_path: Path, policies: PolicySet, no_bundled_keys: Path
) -> None:
    key = packs.ensure_office_key(office, OFFICE)
    pack = packs.build_pack(_document(tmp_path, policies), tmp_path / "s.czpack", key=key)
    assert sorted(_members(tmp_path / "s.czpack")) == ["manifest.json", "policy.yaml", "signature.json"]
    assert packs.verify(pack, office) == packs.SignatureStatus(True, True, OFFICE, key.fingerprint)
    assert packs.verify(pack, counter) == packs.SignatureStatus(True, False, OFFICE, key.fingerprint)
    assert packs.install_warning(packs.verify(pack, office)) is None
    warning = packs.install_warning(packs.verify(pack, counter))
    assert warning and key.fingerprint in warning and packs.UNCONFIRMED in warning


def test_unsigned_pack_still_reads_as_unsigned(counter: Path, tmp_path: Path, policies: PolicySet) -> None:
    """A pack built before signing existed (two members) is still read; it is simply unsigned."""
    pack = packs.build_pack(_document(tmp_path, policies), tmp_path / "u.czpack")
    assert sorted(_members(tmp_path / "u.czpack")) == ["manifest.json", "policy.yaml"]
    status = packs.verify(pack)
    assert (status.signed, status.trusted, status.state) == (False, False, "unsigned")
    warning = packs.install_warning(status)
    assert warning and "没有签名" in warning


@pytest.mark.parametrize("change", ["premium and its hash", "office name", "signature of another pack", "key swapped"])
def test_a_signed_pack_changed_after_signing_is_refused(
    change: str, office: Path, counter: Path, tmp_path: Path, policies: PolicySet
) -> None:
    key = packs.ensure_office_key(office, OFFICE)
    signed = tmp_path / "s.czpack"
    packs.build_pack(_document(tmp_path, policies), signed, key=key)
    packs.trust_key(counter, key.public)
    members = _members(signed)
    if change == "premium and its hash":
        # the forger changes 760 to 1760 and writes the new sha256 into the manifest: whole, not signed
        document = members["policy.yaml"].replace(b"'760'", b"'1760'", 1)
        assert document != members["policy.yaml"]
        manifest = json.loads(members["manifest.json"])
        manifest["sha256"] = hashlib.sha256(document).hexdigest()
        members.update({"policy.yaml": document, "manifest.json": json.dumps(manifest).encode()})
    elif change == "office name":
        sig = json.loads(members["signature.json"])
        sig["signed"]["office"] = "常州市医疗保障局"
        members["signature.json"] = json.dumps(sig, ensure_ascii=False).encode()
    elif change == "signature of another pack":
        other = packs.build_pack(_document(tmp_path, policies, "2026.2"), tmp_path / "o.czpack", key=key)
        assert other.signature is not None
        members["signature.json"] = _members(tmp_path / "o.czpack")["signature.json"]
    else:
        # a forger's own key and signature with the trusted key's bytes put in its place
        forger = signing.OfficeKey(OFFICE, RFC_SECRET, signing.PublicKey(OFFICE, RFC_PUBLIC))
        sig = json.loads(signing.sign_pack_bytes(members["manifest.json"], members["policy.yaml"], forger))
        sig["signed"]["public_key"] = base64.b64encode(key.public.raw).decode()
        members["signature.json"] = json.dumps(sig, ensure_ascii=False).encode()
    tampered = _rezip(tmp_path / "t.czpack", members)
    with pytest.raises(packs.PackError) as info:
        packs.read_pack(tampered)
    assert info.value.reason == signing.SIGNATURE_BROKEN
    assert packs_cli.main(["install", str(tampered), "--allow-unconfirmed"]) == 2
    assert packs.list_installed(counter) == []


def test_a_second_signature_member_is_refused(office: Path, tmp_path: Path, policies: PolicySet) -> None:
    key = packs.ensure_office_key(office, OFFICE)
    signed = tmp_path / "s.czpack"
    packs.build_pack(_document(tmp_path, policies), signed, key=key)
    members = list(_members(signed).items())
    with pytest.warns(UserWarning, match="Duplicate name"), zipfile.ZipFile(tmp_path / "d.czpack", "w") as z:
        for name, data in [*members, members[-1]]:
            z.writestr(name, data)
    with pytest.raises(packs.PackError, match="重名"):
        packs.read_pack(tmp_path / "d.czpack")


def test_sign_an_existing_pack(office: Path, tmp_path: Path, policies: PolicySet) -> None:
    unsigned = tmp_path / "u.czpack"
    packs.build_pack(_document(tmp_path, policies), unsigned)
    key = packs.ensure_office_key(office, OFFICE)
    pack = packs.sign_pack(unsigned, key, tmp_path / "s.czpack")
    assert pack.signature is not None and pack.signature.fingerprint == key.fingerprint
    assert _members(tmp_path / "s.czpack")["policy.yaml"] == _members(unsigned)["policy.yaml"]


# -- installing and using: the counter PC ----------------------------------------------------


def _quote_2026() -> dict[str, object]:
    from desktop.cli import calculate

    request = {"policy_year": 2026, "district": "wujin", "members": [{"category": "elderly"}]}
    return calculate.run_command("quote", request, today=TODAY)


def test_untrusted_pack_installs_only_with_the_flag_and_is_marked_everywhere(
    office: Path, counter: Path, tmp_path: Path, policies: PolicySet, capsys: pytest.CaptureFixture[str]
) -> None:
    key = packs.ensure_office_key(office, OFFICE)
    signed = tmp_path / "s.czpack"
    packs.build_pack(_document(tmp_path, policies), signed, key=key)

    assert packs_cli.main(["install", str(signed)]) == 2
    err = capsys.readouterr().err
    assert "未安装" in err and key.fingerprint in err and "--allow-unconfirmed" in err
    assert packs.list_installed() == []

    assert packs_cli.main(["install", str(signed), "--allow-unconfirmed", "--quiet"]) == 0
    capsys.readouterr()
    loaded = packs.load_all(TODAY)
    entry = loaded.policies.entry(2026)
    assert (entry.trust, entry.confirmed) == ("untrusted", False)
    assert entry.signer == f"{OFFICE}(指纹 {key.fingerprint})"
    # the line the window's banner, every slip, the roster export and the CLI show
    message = staleness_message(loaded.policies, 2026, TODAY)
    assert message and message.startswith(packs.UNCONFIRMED) and key.fingerprint in message
    answer = _quote_2026()
    assert answer["total_individual"] == "760.00"  # the pack's figure: 760 a year for 老年居民
    assert packs.UNCONFIRMED in str(answer["data_warning"])
    # the bundled years stay confirmed
    assert staleness_message(loaded.policies, 2025, dt.date(2025, 3, 2)) is None
    row = next(r for r in loaded.rows if r.year == 2026)
    assert (row.trust, row.confirmed, row.signer) == ("untrusted", False, entry.signer)
    assert (row.signer_office, row.signer_fingerprint) == (OFFICE, key.fingerprint)


def test_trust_the_key_in_a_second_data_folder_then_install_without_warning(
    office: Path, counter: Path, tmp_path: Path, policies: PolicySet, capsys: pytest.CaptureFixture[str]
) -> None:
    packs.ensure_office_key(office, OFFICE)
    public_file = tmp_path / "office.czkey"
    public = packs.export_public_key(office, public_file)
    signed = tmp_path / "s.czpack"
    packs.build_pack(_document(tmp_path, policies), signed, key=packs.load_office_key(office))

    assert packs_cli.main(["key", "trust", str(public_file)]) == 0
    assert public.fingerprint in capsys.readouterr().out
    assert (counter / "keys" / "trusted" / (public.file_stem + ".czkey")).is_file()
    assert packs_cli.main(["install", str(signed), "--quiet"]) == 0
    out, err = capsys.readouterr()
    assert "本机信任这把公钥" in out and "注意" not in err
    loaded = packs.load_all(TODAY)
    assert loaded.policies.entry(2026).trust == "trusted"
    assert staleness_message(loaded.policies, 2026, TODAY) is None
    answer = _quote_2026()
    assert answer["total_individual"] == "760.00" and answer["data_warning"] is None
    assert Decimal(str(answer["total_individual"])) == Decimal("760.00")

    # the key taken back out of the trust store: the installed data is unconfirmed again
    assert packs_cli.main(["key", "untrust", public.fingerprint]) == 0
    assert packs.load_all(TODAY).policies.entry(2026).trust == "untrusted"


def test_a_key_bundled_with_the_program_is_trusted(
    office: Path, counter: Path, tmp_path: Path, policies: PolicySet, no_bundled_keys: Path
) -> None:
    key = packs.ensure_office_key(office, OFFICE)
    pack = packs.build_pack(_document(tmp_path, policies), tmp_path / "s.czpack", key=key)
    assert not packs.verify(pack).trusted
    packs.export_public_key(office, no_bundled_keys / "changzhou.czkey")
    assert packs.verify(pack).trusted
    keys, problems = packs.trusted_keys()
    assert [(k.origin, k.key.fingerprint) for k in keys] == [("bundled", key.fingerprint)] and problems == []


def test_an_installed_signed_pack_changed_on_disk_is_skipped(
    office: Path, counter: Path, tmp_path: Path, policies: PolicySet
) -> None:
    key = packs.ensure_office_key(office, OFFICE)
    pack = packs.build_pack(_document(tmp_path, policies), tmp_path / "s.czpack", key=key)
    packs.trust_key(counter, key.public)
    installed = packs.install(pack)
    assert (installed.path / "signature.json").is_file()
    manifest = installed.path / "manifest.json"
    data = json.loads(manifest.read_bytes())
    data["notice"]["issuer"] = "某个冒名的单位"  # still a valid manifest, no longer the one signed
    manifest.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    loaded = packs.load_all(TODAY)
    assert 2026 not in loaded.policies.years
    assert any(signing.SIGNATURE_BROKEN in p.message for p in loaded.problems)


def test_cli_key_new_export_list_and_sign(
    counter: Path, tmp_path: Path, policies: PolicySet, capsys: pytest.CaptureFixture[str]
) -> None:
    assert packs_cli.main(["sign", str(tmp_path / "none.czpack")]) == 2
    assert "还没有签名密钥" in capsys.readouterr().err
    assert packs_cli.main(["key", "new", "--office", OFFICE]) == 0
    fp = packs.load_office_key().fingerprint  # type: ignore[union-attr]
    assert fp in capsys.readouterr().out
    assert packs_cli.main(["key", "new", "--office", OFFICE]) == 2
    assert "本机已有签名密钥" in capsys.readouterr().err
    assert packs_cli.main(["key", "export", "-o", str(tmp_path / "k.czkey")]) == 0
    assert packs_cli.main(["key", "export", "--private", "-o", str(tmp_path / "k.czsecret")]) == 0
    assert "冒充本单位" in capsys.readouterr().err
    assert packs_cli.main(["key", "list"]) == 0
    listing = capsys.readouterr().out
    assert f"本机签名密钥:{OFFICE},指纹 {fp}" in listing and f"  {fp}  {OFFICE}(本机导入)" in listing

    doc = _document(tmp_path, policies)
    assert packs_cli.main(["build", str(doc), "-o", str(tmp_path / "u.czpack")]) == 0
    assert "签名:未签名" in capsys.readouterr().out
    assert packs_cli.main(["sign", str(tmp_path / "u.czpack"), "-o", str(tmp_path / "s.czpack")]) == 0
    assert f"指纹 {fp}" in capsys.readouterr().out
    assert (
        packs_cli.main(["build", str(doc), "--key", str(tmp_path / "k.czsecret"), "-o", str(tmp_path / "b.czpack")])
        == 0
    )
    assert f"签名:{OFFICE}(指纹 {fp}),本机信任这把公钥" in capsys.readouterr().out
    assert packs_cli.main(["list"]) == 0
    assert packs.read_pack(tmp_path / "s.czpack").signature is not None


def test_ed25519_is_not_imported_to_read_installed_packs(
    office: Path, counter: Path, tmp_path: Path, policies: PolicySet
) -> None:
    """The window's start loads installed packs (load_all): that must not need the ed25519 library."""
    import subprocess
    import sys

    key = packs.ensure_office_key(office, OFFICE)
    packs.trust_key(counter, key.public)
    packs.install(packs.build_pack(_document(tmp_path, policies), tmp_path / "s.czpack", key=key))
    probe = (
        "import datetime, sys; from desktop.core.packs import load_all; "
        "r = load_all(datetime.date(2026, 3, 2)); "
        "print(r.policies.entry(2026).trust, any(m.startswith(('nacl', '_cffi')) for m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[3]
    env = {**__import__("os").environ, "PYTHONPATH": str(root)}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=root, check=True)
    assert out.stdout.split() == ["trusted", "False"]


def _export_texts(path: Path) -> str:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)


def test_roster_export_from_an_unconfirmed_pack_says_so_and_from_a_trusted_one_not(
    office: Path, counter: Path, tmp_path: Path, policies: PolicySet, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.cli import roster as roster_cli
    from tests.core.packs.test_packs import _roster_csv

    key = packs.ensure_office_key(office, OFFICE)
    packs.install(packs.build_pack(_document(tmp_path, policies), tmp_path / "s.czpack", key=key))
    src = _roster_csv(tmp_path / "r.csv")
    out = tmp_path / "out.xlsx"
    assert roster_cli.main([str(src), "--year", "2026", "-o", str(out)]) == 0
    assert packs.UNCONFIRMED in _export_texts(out)
    packs.trust_key(counter, key.public)
    assert roster_cli.main([str(src), "--year", "2026", "-o", str(out)]) == 0
    assert packs.UNCONFIRMED not in _export_texts(out)
    capsys.readouterr()


def test_the_signed_copy_of_an_installed_unsigned_pack_says_how_to_replace_it(
    office: Path, counter: Path, tmp_path: Path, policies: PolicySet
) -> None:
    doc = _document(tmp_path, policies)
    packs.install(packs.build_pack(doc, tmp_path / "u.czpack"))
    key = packs.ensure_office_key(office, OFFICE)
    signed = packs.build_pack(doc, tmp_path / "s.czpack", key=key)
    with pytest.raises(packs.PackError, match="带有“常州市医疗保障局待遇保障处”的签名") as info:
        packs.install(signed)
    assert "pack remove 2026 2026.1" in info.value.reason
    packs.remove(2026, "2026.1")
    packs.trust_key(counter, key.public)
    packs.install(signed)
    assert packs.load_all(TODAY).policies.entry(2026).trust == "trusted"
