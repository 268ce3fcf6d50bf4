"""The Teams app manifest, its icons and the app package, checked offline.

The JSON schemas come from npm @microsoft/app-manifest (node_modules). Its JS validator is not used:
it cannot be required here (it needs fs-extra, which the package does not declare), so the same
schema is applied with Python's jsonschema, configured to behave like the ajv-draft-04 it uses.
"""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
import sys
import unicodedata
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, Draft6Validator, Draft7Validator, validators
from PIL import Image
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from bot import app_package
from bot.app_package import PLACEHOLDER_APP_ID, build_app_package, png_size

ROOT = Path(__file__).resolve().parents[2]
MANIFEST_PATH = ROOT / "manifest" / "manifest.json"
SCHEMAS_DIR = ROOT / "node_modules" / "@microsoft" / "app-manifest" / "build" / "json-schemas" / "teams"
SCHEMA_BASE_URL = "https://developer.microsoft.com/json-schemas/teams"
# CONTRACT §6's commands. Teams' menu holds 10 a list, so it offers the ones people type most; `reviews` and
# `gradesheets` come with their own notices (a report to review, a sheet due) and stand on the help card.
CONTRACT_COMMANDS = ["help", "ask", "questions", "schedule", "sessions", "hours", "report", "subscribe", "map",
                     "deadlines", "reviews", "support", "gradesheets"]
IN_MENU = ["help", "ask", "questions", "schedule", "sessions", "hours", "report", "subscribe", "map", "deadlines",
           "support"]
# Teams shows at most 10 commands per list (the v1.2x schemas allow 12, the docs and older schemas say 10).
MAX_COMMANDS_PER_LIST = 10
APP_ID = "11111111-2222-3333-4444-555555555555"
# The published schema URL, optionally with a locale segment (as @microsoft/app-manifest accepts it).
SCHEMA_URL_RE = re.compile(
    r"https://developer\.microsoft\.com(?:/[a-z]{2}(?:-[a-z]{2})?)?/json-schemas/teams/(v[\d.]+)/MicrosoftTeams\.schema\.json",
    re.IGNORECASE,
)

# The Teams schemas declare draft-04 but use `const` (draft-06) and `if`/`then` (draft-07). ajv-draft-04
# enforces those keywords; Python's Draft4Validator would silently ignore them (e.g. not notice a
# manifestVersion that differs from the schema's), so add them.
ManifestValidator = validators.extend(
    Draft4Validator,
    {"const": Draft6Validator.VALIDATORS["const"], "if": Draft7Validator.VALIDATORS["if"]},
)




@cache
def _letter_ranges() -> str:
    """Character-class body matching Unicode letters (categories L*), what JS regex `\\p{L}` matches."""
    ranges: list[str] = []
    start = prev = -2
    for cp in range(sys.maxunicode + 1):
        if not unicodedata.category(chr(cp)).startswith("L"):
            continue
        if cp != prev + 1:
            if start >= 0:
                ranges.append(f"\\U{start:08x}-\\U{prev:08x}")
            start = cp
        prev = cp
    ranges.append(f"\\U{start:08x}-\\U{prev:08x}")
    return "".join(ranges)


def _python_pattern(pattern: str) -> str:
    """Translate the one JS-only construct the Teams schemas use, `\\p{L}` (ajv compiles with the `u` flag)."""
    if "\\p{L}" not in pattern:
        return pattern
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        if pattern.startswith("\\p{L}", i):
            out.append(_letter_ranges() if in_class else f"[{_letter_ranges()}]")
            i += 5
            continue
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        out.append(ch)
        i += 1
    return "".join(out)


def _pythonise_patterns(node: Any) -> Any:
    if isinstance(node, list):
        return [_pythonise_patterns(x) for x in node]
    if not isinstance(node, dict):
        return node
    result: dict[str, Any] = {}
    for key, value in node.items():
        if key == "pattern" and isinstance(value, str):
            result[key] = _python_pattern(value)
        elif key == "patternProperties" and isinstance(value, dict):
            result[key] = {_python_pattern(k): _pythonise_patterns(v) for k, v in value.items()}
        else:
            result[key] = _pythonise_patterns(value)
    return result


def load_manifest() -> dict[str, Any]:
    return json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def schemas() -> None:
    if not SCHEMAS_DIR.is_dir():
        pytest.skip("node_modules/@microsoft/app-manifest missing (run `npm ci`): manifest schema checks skipped")


@cache
def _validator(schema_version: str) -> Any:
    """A validator for one schema version ("v1.30"), with every $ref resolved from local files only."""
    folder = SCHEMAS_DIR / schema_version
    if not (folder / "MicrosoftTeams.schema.json").is_file():
        raise FileNotFoundError(f"no schema {schema_version!r} in {SCHEMAS_DIR}")
    # Register each file under the URL it is published at, so absolute and relative refs between them resolve.
    # The registry has no retrieve function: an unknown ref fails instead of going to the network.
    resources: list[tuple[str, Resource[Any]]] = []
    for path in sorted(folder.glob("*.json")):
        contents = _pythonise_patterns(json.loads(path.read_text(encoding="utf-8")))
        resources.append((f"{SCHEMA_BASE_URL}/{schema_version}/{path.name}", DRAFT4.create_resource(contents)))
    registry: Registry[Any] = Registry().with_resources(resources)
    root = registry.contents(f"{SCHEMA_BASE_URL}/{schema_version}/MicrosoftTeams.schema.json")
    # draft-04 takes its base URI from `id`; the published file has none.
    schema = {**root, "id": f"{SCHEMA_BASE_URL}/{schema_version}/MicrosoftTeams.schema.json"}
    ManifestValidator.check_schema(schema)
    return ManifestValidator(schema, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER)


def manifest_schema_errors(manifest: dict[str, Any]) -> list[str]:
    """Schema violations of a manifest; empty when valid.

    The schema is the one its `$schema` URL names, as the npm tooling picks it; a manifestVersion
    that disagrees with that schema is then an error (the schema's `const`).
    """
    match = SCHEMA_URL_RE.fullmatch(str(manifest.get("$schema")))
    if not match:
        return [f"$schema {manifest.get('$schema')!r} is not a Teams manifest schema URL"]
    validator = _validator(match.group(1))
    errors = sorted(validator.iter_errors(manifest), key=lambda e: list(map(str, e.absolute_path)))
    return [f"{e.json_path}: {e.message}" for e in errors]


# --- schema ---------------------------------------------------------------------------------------------


def test_manifest_matches_schema(schemas: None) -> None:
    assert manifest_schema_errors(load_manifest()) == []


def test_schema_url_is_the_local_schema_of_manifest_version(schemas: None) -> None:
    # The npm tooling maps developer.microsoft.com/[locale/]json-schemas/... to its bundled files.
    manifest = load_manifest()
    match = SCHEMA_URL_RE.fullmatch(manifest["$schema"])
    assert match, manifest["$schema"]
    assert match.group(1) == f"v{manifest['manifestVersion']}"
    assert (SCHEMAS_DIR / match.group(1) / "MicrosoftTeams.schema.json").is_file()


def test_manifest_uses_newest_shipped_schema(schemas: None) -> None:
    versions = [
        tuple(int(n) for n in d.name[1:].split("."))
        for d in SCHEMAS_DIR.iterdir()
        if re.fullmatch(r"v\d+\.\d+", d.name)
    ]
    newest = ".".join(map(str, max(versions)))
    assert load_manifest()["manifestVersion"] == newest


def _set(manifest: dict[str, Any], path: str, value: Any) -> None:
    target: Any = manifest
    keys = [int(k) if k.isdigit() else k for k in path.split(".")]
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = value


BAD_MANIFESTS = [
    ("bots.0.scopes", "personal"),  # a string where an array is required
    ("bots.0.isNotificationOnly", "no"),  # a string where a boolean is required
    ("name.short", 42),
    ("accentColor", "blue"),
    ("id", "{{MicrosoftAppId}}"),  # why the committed file carries the zero GUID instead
    ("bots.0.botId", "not-a-guid"),
    ("bots.0.commandLists.0.commands.0.title", ["help"]),
    ("manifestVersion", "1.29"),  # const: only enforced thanks to the draft-06 keyword added above
    ("$schema", "https://example.com/schema.json"),
    ("unknownTopLevel", True),
]


@pytest.mark.parametrize(("path", "value"), BAD_MANIFESTS, ids=[p for p, _ in BAD_MANIFESTS])
def test_schema_validator_rejects_bad_manifest(schemas: None, path: str, value: Any) -> None:
    manifest = copy.deepcopy(load_manifest())
    _set(manifest, path, value)
    errors = manifest_schema_errors(manifest)
    assert errors, f"{path}={value!r} was accepted"


def test_js_letter_class_is_translated() -> None:
    # Excel custom-function names in the v1.2x schemas: `^[\p{L}][\p{L}0-9._]*$` in JS.
    pattern = re.compile(_python_pattern(r"^[\p{L}][\p{L}0-9._]*$"))
    assert all(pattern.match(name) for name in ("Сумма_1", "Ωmega.x", "average"))
    assert not any(pattern.match(name) for name in ("1abc", "a-b", "_x"))


def test_schema_validator_rejects_missing_required(schemas: None) -> None:
    manifest = load_manifest()
    del manifest["developer"]
    assert any("'developer' is a required property" in e for e in manifest_schema_errors(manifest))


# --- icons ----------------------------------------------------------------------------------------------


def _icon(kind: str) -> Path:
    return MANIFEST_PATH.parent / load_manifest()["icons"][kind]


def _rgba_pixels(image: Image.Image) -> list[tuple[int, int, int, int]]:
    data = image.convert("RGBA").tobytes()
    return [(data[i], data[i + 1], data[i + 2], data[i + 3]) for i in range(0, len(data), 4)]


def test_color_icon() -> None:
    with Image.open(_icon("color")) as image:
        assert image.format == "PNG"
        assert image.size == (192, 192)
        pixels = _rgba_pixels(image)
    # "Full colour": not a greyscale image.
    assert any(a > 0 and len({r, g, b}) > 1 for r, g, b, a in pixels)


def test_outline_icon_is_white_on_transparent() -> None:
    with Image.open(_icon("outline")) as image:
        assert image.format == "PNG"
        assert image.size == (32, 32)
        assert "A" in image.getbands() or image.info.get("transparency") is not None
        pixels = _rgba_pixels(image)
    offenders = [p for p in pixels if p[3] != 0 and p[:3] != (255, 255, 255)]
    assert offenders == [], f"{len(offenders)} pixels are neither transparent nor white, e.g. {offenders[:3]}"
    assert any(p[3] == 255 for p in pixels), "no opaque white pixels: the outline is invisible"
    assert any(p[3] == 0 for p in pixels), "no transparent pixels: the outline needs a transparent background"


def test_png_size_reads_ihdr() -> None:
    for kind in ("color", "outline"):
        with Image.open(_icon(kind)) as image:
            assert png_size(_icon(kind).read_bytes()) == image.size
    assert png_size(b"GIF89a" + bytes(30)) is None


# --- commands -------------------------------------------------------------------------------------------


def _command_lists() -> list[dict[str, Any]]:
    return load_manifest()["bots"][0]["commandLists"]


def test_every_contract_command_is_in_a_command_list() -> None:
    titles = {c["title"] for cl in _command_lists() for c in cl["commands"]}
    assert set(IN_MENU) <= titles, f"missing: {set(IN_MENU) - titles}"
    assert titles <= set(CONTRACT_COMMANDS), f"not in CONTRACT §6: {titles - set(CONTRACT_COMMANDS)}"


def test_command_lists_are_well_formed() -> None:
    bot = load_manifest()["bots"][0]
    assert set(bot["scopes"]) == {"personal", "team", "groupChat"}
    seen_scopes: list[str] = []
    for cl in bot["commandLists"]:
        titles = [c["title"] for c in cl["commands"]]
        assert len(titles) <= MAX_COMMANDS_PER_LIST, cl["scopes"]
        assert len(set(titles)) == len(titles), f"duplicate command in {cl['scopes']}"
        assert all(c.get("description") for c in cl["commands"]), "every command needs a description"
        assert all(len(c["description"]) <= 128 for c in cl["commands"])  # Teams' documented limit
        seen_scopes += cl["scopes"]
    assert len(seen_scopes) == len(set(seen_scopes)), "a scope is in two command lists"
    assert {"personal", "team"} <= set(seen_scopes)
    # `subscribe` wires a channel to the weekly summary: it only makes sense in a team.
    for cl in bot["commandLists"]:
        has_subscribe = any(c["title"] == "subscribe" for c in cl["commands"])
        assert has_subscribe == (cl["scopes"] == ["team"]), cl["scopes"]


def test_committed_ids_are_the_placeholder() -> None:
    manifest = load_manifest()
    assert manifest["id"] == PLACEHOLDER_APP_ID
    assert manifest["bots"][0]["botId"] == PLACEHOLDER_APP_ID


# --- app package ----------------------------------------------------------------------------------------


def _read_package(path: Path) -> tuple[dict[str, Any], zipfile.ZipFile]:
    zf = zipfile.ZipFile(path)
    return json.loads(zf.read("manifest.json")), zf


def test_build_app_package(tmp_path: Path) -> None:
    path = build_app_package(APP_ID, out_dir=tmp_path)
    assert path == tmp_path / "appPackage.zip"
    manifest, zf = _read_package(path)
    with zf:
        assert sorted(zf.namelist()) == ["color.png", "manifest.json", "outline.png"]
        assert zf.read("color.png") == _icon("color").read_bytes()
        assert zf.read("outline.png") == _icon("outline").read_bytes()
        with Image.open(io.BytesIO(zf.read("outline.png"))) as outline:
            assert outline.size == (32, 32)
    assert manifest["id"] == APP_ID
    assert manifest["bots"][0]["botId"] == APP_ID
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}
    # Everything else is the committed manifest.
    expected = load_manifest()
    expected["id"] = expected["bots"][0]["botId"] = APP_ID
    # Graph installs the app for people who never opened it: the Entra app behind the bot (CONTRACT §10).
    expected["webApplicationInfo"] = {"id": APP_ID, "resource": f"api://botid-{APP_ID}"}
    assert manifest == expected


def test_built_manifest_matches_schema(schemas: None, tmp_path: Path) -> None:
    manifest, zf = _read_package(build_app_package(APP_ID, out_dir=tmp_path, version="1.4.2"))
    zf.close()
    assert manifest["version"] == "1.4.2"
    assert manifest_schema_errors(manifest) == []


def test_build_app_package_is_reproducible(tmp_path: Path) -> None:
    first = build_app_package(APP_ID, out_dir=tmp_path / "a").read_bytes()
    second = build_app_package(APP_ID, out_dir=tmp_path / "b").read_bytes()
    assert first == second


def test_empty_app_id_keeps_placeholder(tmp_path: Path) -> None:
    manifest, zf = _read_package(build_app_package("", out_dir=tmp_path))
    zf.close()
    assert manifest["id"] == manifest["bots"][0]["botId"] == PLACEHOLDER_APP_ID


@pytest.mark.parametrize(("app_id", "version"), [("{{MicrosoftAppId}}", None), (APP_ID, "1.0")])
def test_bad_id_or_version_is_refused(tmp_path: Path, app_id: str, version: str | None) -> None:
    with pytest.raises(ValueError):
        build_app_package(app_id, out_dir=tmp_path, version=version)
    assert not (tmp_path / "appPackage.zip").exists()


@pytest.fixture
def manifest_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch copy of manifest/ that build_app_package reads instead of the real one."""
    folder = tmp_path / "manifest"
    folder.mkdir()
    for name in ("manifest.json", "color.png", "outline.png"):
        shutil.copy(MANIFEST_PATH.parent / name, folder / name)
    monkeypatch.setattr(app_package, "MANIFEST_DIR", folder)
    return folder


def test_wrong_icon_size_is_refused(manifest_copy: Path, tmp_path: Path) -> None:
    Image.new("RGBA", (48, 48), (255, 255, 255, 0)).save(manifest_copy / "outline.png")
    with pytest.raises(ValueError, match=r"outline icon .* is 48x48 pixels; Teams requires 32x32"):
        build_app_package(APP_ID, out_dir=tmp_path / "out")


def test_missing_icon_is_refused(manifest_copy: Path, tmp_path: Path) -> None:
    (manifest_copy / "color.png").unlink()
    with pytest.raises(ValueError, match=r"color icon .* does not exist"):
        build_app_package(APP_ID, out_dir=tmp_path / "out")


def test_non_png_icon_is_refused(manifest_copy: Path, tmp_path: Path) -> None:
    (manifest_copy / "color.png").write_bytes(b"not a png at all, just some bytes")
    with pytest.raises(ValueError, match="is not a PNG"):
        build_app_package(APP_ID, out_dir=tmp_path / "out")
