"""Policy packs: add or correct a policy year from a file, without reinstalling the program.

Counter PCs are offline, so packs arrive on USB sticks. Two sides, each in its own modules:

- the pack file and its verification: ``packfile.py`` (reading, building and signing a ``.czpack``),
  ``signing.py`` (the office's signing key, the trusted public keys, a pack's signature),
  ``manifest.py`` (the manifest's model), ``document.py`` (checking a policy document),
  ``template.py`` (next year's document from a loaded one), ``limits.py`` (the sizes every file
  is read within, and :class:`PackError`);
- the store of installed packs: ``installed.py`` (where it lives, each pack folder, the stored
  pre-validated form with its hash checks), ``state.py`` (which packs are disabled),
  ``manage.py`` (install, enable, disable, remove), and ``load.py``: :func:`load_all`, THE
  loading function the window, every CLI command, the roster and the self-test answer from.

A broken installed pack is reported and skipped so the program still starts with the data it
can trust; the bundled years under ``policy_data/`` are never written to. Nothing here imports
pydantic or yaml before a pack is read, built or checked (the window's start loads packs).
"""

from desktop.core.packs.datadir import DATA_DIR_ENV, data_dir
from desktop.core.packs.document import (
    NOT_CONFIRMED,
    PLACEHOLDER_MARK,
    PLACEHOLDER_REASON,
    UNFILLED_MARK,
    check_policy_file,
    check_policy_text,
    figure_fingerprint,
)
from desktop.core.packs.installed import (
    STORED_NAME,
    InstalledPack,
    Scan,
    list_installed,
    load_installed,
    packs_dir,
    scan_installed,
    version_key,
)
from desktop.core.packs.limits import MAX_DOCUMENT_BYTES, MAX_MANIFEST_BYTES, MAX_PACK_BYTES, TAMPERED, PackError
from desktop.core.packs.load import DataRow, LoadResult, baseline_for, load_all
from desktop.core.packs.manage import check_installable, install, remove, set_enabled
from desktop.core.packs.packfile import (
    MANIFEST_NAME,
    PACK_SUFFIX,
    POLICY_NAME,
    Pack,
    build_pack,
    read_pack,
    sign_pack,
)
from desktop.core.packs.signing import (
    PRIVATE_KEY_WARNING,
    PUBLIC_KEY_SUFFIX,
    SIGNATURE_NAME,
    UNCONFIRMED,
    OfficeKey,
    PublicKey,
    SignatureStatus,
    ensure_office_key,
    export_private_key,
    export_public_key,
    install_warning,
    load_office_key,
    new_office_key,
    read_public_key,
    restore_office_key,
    sign_pack_bytes,
    trust_key,
    trusted_keys,
    verify,
)
from desktop.core.packs.state import STATE_BACKUP_NAME, STATE_NAME
from desktop.core.packs.template import make_template, policy_to_yaml

__all__ = [
    "DATA_DIR_ENV",
    "MANIFEST_NAME",
    "MAX_DOCUMENT_BYTES",
    "MAX_MANIFEST_BYTES",
    "MAX_PACK_BYTES",
    "PACK_SUFFIX",
    "PLACEHOLDER_MARK",
    "PLACEHOLDER_REASON",
    "POLICY_NAME",
    "PRIVATE_KEY_WARNING",
    "PUBLIC_KEY_SUFFIX",
    "SIGNATURE_NAME",
    "NOT_CONFIRMED",
    "OfficeKey",
    "PublicKey",
    "SignatureStatus",
    "ensure_office_key",
    "export_private_key",
    "export_public_key",
    "install_warning",
    "load_office_key",
    "new_office_key",
    "read_public_key",
    "restore_office_key",
    "sign_pack",
    "sign_pack_bytes",
    "trust_key",
    "trusted_keys",
    "verify",
    "STATE_BACKUP_NAME",
    "STATE_NAME",
    "STORED_NAME",
    "TAMPERED",
    "UNCONFIRMED",
    "UNFILLED_MARK",
    "DataRow",
    "InstalledPack",
    "LoadResult",
    "Pack",
    "PackError",
    "Scan",
    "baseline_for",
    "build_pack",
    "check_installable",
    "check_policy_file",
    "check_policy_text",
    "data_dir",
    "figure_fingerprint",
    "install",
    "list_installed",
    "load_all",
    "load_installed",
    "make_template",
    "packs_dir",
    "policy_to_yaml",
    "read_pack",
    "remove",
    "scan_installed",
    "set_enabled",
    "version_key",
]
