"""Build the Teams app package (manifest.json + icons in a zip) from manifest/ in the repository.

The committed manifest carries the all-zero GUID as a placeholder for the app and bot id, so it
validates against the schema as it is; the real MicrosoftAppId is put in here, at package time.
"""

from __future__ import annotations

import json
import re
import struct
import zipfile
from pathlib import Path
from typing import Any

PLACEHOLDER_APP_ID = "00000000-0000-0000-0000-000000000000"
REPO_ROOT = Path(__file__).resolve().parent.parent
MANIFEST_DIR = REPO_ROOT / "manifest"
PACKAGE_NAME = "appPackage.zip"
# Teams' required icon sizes; its schema does not check them, so a wrong size only fails at upload.
ICON_SIZES = {"color": (192, 192), "outline": (32, 32)}

_GUID_RE = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
# Teams wants MAJOR.MINOR.PATCH and a higher version for every update of an installed app.
_VERSION_RE = re.compile(r"^\d+\.\d+\.\d+$")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Fixed timestamp, so the same inputs give a byte-identical zip.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def build_app_package(app_id: str, out_dir: Path | None = None, version: str | None = None) -> Path:
    """Write ``appPackage.zip`` (manifest.json, color.png, outline.png at the root) and return its path.

    ``app_id`` (the bot's MicrosoftAppId) becomes the app ``id`` and ``bots[].botId``; empty means the
    placeholder GUID. ``version`` overrides the manifest's ``version``. ``out_dir`` defaults to
    ``manifest/build``. Raises ``ValueError`` for a malformed id or version, or a missing or wrongly
    sized icon.
    """
    app_id = app_id.strip() or PLACEHOLDER_APP_ID
    if not _GUID_RE.match(app_id):
        raise ValueError(f"MicrosoftAppId must be a GUID like {PLACEHOLDER_APP_ID}, got {app_id!r}")
    if version is not None and not _VERSION_RE.match(version):
        raise ValueError(f"app version must look like 1.2.3 (MAJOR.MINOR.PATCH), got {version!r}")

    manifest_path = MANIFEST_DIR / "manifest.json"
    manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["id"] = app_id
    for bot in manifest.get("bots", []):
        bot["botId"] = app_id
    # Graph installs the app for people who never opened it (CONTRACT §10): the Entra app behind the bot.
    manifest["webApplicationInfo"] = {"id": app_id, "resource": f"api://botid-{app_id}"}
    if version is not None:
        manifest["version"] = version

    icons: dict[str, str] = manifest.get("icons", {})
    files: dict[str, bytes] = {}
    for kind, size in ICON_SIZES.items():
        relative = icons.get(kind)
        if not relative:
            raise ValueError(f"{manifest_path}: icons.{kind} is not set")
        icon_path = MANIFEST_DIR / relative
        if not icon_path.is_file():
            raise ValueError(f"{kind} icon {icon_path} does not exist (run manifest/make_icons.py)")
        data = icon_path.read_bytes()
        actual = png_size(data)
        if actual is None:
            raise ValueError(f"{kind} icon {icon_path} is not a PNG file")
        if actual != size:
            raise ValueError(
                f"{kind} icon {icon_path} is {actual[0]}x{actual[1]} pixels; Teams requires {size[0]}x{size[1]}"
            )
        # Teams resolves icon paths inside the zip; keep them flat at the root.
        name = Path(relative).name
        icons[kind] = name
        files[name] = data

    out = (out_dir if out_dir is not None else MANIFEST_DIR / "build") / PACKAGE_NAME
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        _add(zf, "manifest.json", (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        for name, data in files.items():
            _add(zf, name, data)
    # Replace in one step: a half-written zip must never sit at the final path.
    tmp.replace(out)
    return out


def png_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG's IHDR chunk, or None when ``data`` is not a PNG."""
    # Signature (8 bytes), then the first chunk must be IHDR: length, type, width, height (big-endian).
    if len(data) < 24 or not data.startswith(_PNG_SIGNATURE) or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _add(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16  # rw-r--r--: some unzip tools otherwise extract with no permissions
    zf.writestr(info, data)
