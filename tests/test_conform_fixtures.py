"""Fixture sets: a ZIP is verified against its manifest before grading; broken, tampered or empty sets are refused
in one line (exit 2) with the reports written; every line is read with a cap on its length."""

from __future__ import annotations

import hashlib
import io
import json
import struct
import warnings
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest

from cobsim.conform import FixtureError, FixtureSet, read_fixtures
from cobsim.services.fixtures import build_zip
from tests.conform.common import ADAPTER, START, cli, generate, report
from tests.test_conform_hostile import measured


@pytest.fixture(scope="module")
def lines(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    path = generate(tmp_path_factory.mktemp("set") / "set.jsonl", 12, 17)
    return path.read_text(encoding="utf-8").splitlines()


def bundle(tmp_path: Path, lines: list[str], name: str = "set.zip") -> Path:
    path = tmp_path / name
    path.write_bytes(build_zip(lines, seed=17, scenarios=["all"], faker_version="x"))
    return path


def rebuild(path: Path, change: dict[str, bytes | None], *, extra: list[tuple[str, bytes]] = ()) -> None:  # type: ignore[assignment]
    """Rewrite the ZIP with some entries replaced (None: removed) and extra entries appended; manifest untouched."""
    with zipfile.ZipFile(path) as zf:
        entries = [(i.filename, zf.read(i)) for i in zf.infolist()]
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        warnings.simplefilter("ignore", UserWarning)  # a second cases.jsonl is the point of one test
        for name, data in entries:
            new = change.get(name, data)
            if new is not None:
                zf.writestr(name, new)
        for name, data in extra:
            zf.writestr(name, data)
    path.write_bytes(out.getvalue())


def consistent(path: Path, files: dict[str, bytes], count: int, method: int = zipfile.ZIP_DEFLATED) -> None:
    """A ZIP whose manifest matches ``files`` exactly (for damage the manifest cannot see)."""
    listed = {n: {"sha256": hashlib.sha256(d).hexdigest(), "bytes": len(d)} for n, d in files.items()}
    manifest = {"synthetic": True, "cobsim_version": "0", "faker_version": "0", "count": count, "files": listed}
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
        zf.writestr("manifest.json", json.dumps(manifest))


def refused(tmp_path: Path, fixtures: Path, message: str, *args: str) -> dict[str, Any]:
    out = tmp_path / "out"
    result = cli(str(fixtures), "--engine-cmd", ADAPTER, "-o", str(out), "--start-timeout", str(START), *args)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.output
    assert message in " ".join(result.output.split()), result.output
    assert "Traceback" not in result.output
    for name in ("report.json", "junit.xml", "report.html"):
        assert (out / name).stat().st_size > 0
    data = report(out)
    assert message in " ".join(data["fatal"].split())
    return data


def test_a_verified_zip_is_graded_and_the_report_says_what_was_checked(tmp_path: Path, lines: list[str]) -> None:
    path = bundle(tmp_path, lines)
    assert [f.id for f in read_fixtures(path)] == [json.loads(x)["id"] for x in lines]
    out = tmp_path / "out"
    result = cli(str(path), "--engine-cmd", ADAPTER, "-o", str(out), "--start-timeout", str(START))
    assert result.exit_code == 0, result.output
    fixtures = report(out)["fixtures"]
    assert fixtures["verified"] is True
    assert "sha256 and size of 3 files, 12 cases" in fixtures["verification"]


def test_a_tampered_fixture_set_is_refused_unless_no_verify_says_otherwise(tmp_path: Path, lines: list[str]) -> None:
    path = bundle(tmp_path, lines)
    k, line = next((i, x) for i, x in enumerate(lines) if len(json.loads(x)["expected"]["order"]) == 2)
    a, b = json.loads(line)["expected"]["order"]
    swapped = line.replace(f'"order":["{a}","{b}"]', f'"order":["{b}","{a}"]')
    assert swapped != line
    rewritten = "\n".join([*lines[:k], swapped, *lines[k + 1 :]]) + "\n"  # the same size, another answer
    rebuild(path, {"cases.jsonl": rewritten.encode()})
    refused(tmp_path, path, "cases.jsonl does not match the sha256 in the manifest")
    out = tmp_path / "no-verify"
    result = cli(str(path), "--engine-cmd", ADAPTER, "-o", str(out), "--no-verify", "--start-timeout", str(START))
    assert result.exit_code == 1  # graded: the rewritten answer is now "wrong"
    fixtures = report(out)["fixtures"]
    assert (fixtures["verified"], fixtures["verification"]) == (False, "skipped: --no-verify")
    assert "The manifest was not verified" in (out / "report.html").read_text(encoding="utf-8")
    assert 'value="skipped: --no-verify"' in (out / "junit.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("no-manifest", "the ZIP has no manifest.json"),
        ("second-cases", "more than one entry named cases.jsonl"),
        ("unlisted", "files its manifest does not list: notes.txt"),
        ("missing-file", "files listed in the manifest are missing: README.txt"),
        ("count", "holds 12 cases, but the manifest says 13"),
        ("size", "is 10 bytes, but the manifest says"),
    ],
)
def test_a_zip_that_does_not_match_its_manifest_is_refused(
    tmp_path: Path, lines: list[str], damage: str, message: str
) -> None:
    path = bundle(tmp_path, lines)
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    if damage == "no-manifest":
        rebuild(path, {"manifest.json": None})
    elif damage == "second-cases":
        rebuild(path, {}, extra=[("cases.jsonl", lines[0].encode())])
    elif damage == "unlisted":
        rebuild(path, {}, extra=[("notes.txt", b"hello")])
    elif damage == "missing-file":
        rebuild(path, {"README.txt": None})
    elif damage == "count":
        manifest["count"] = 13
        rebuild(path, {"manifest.json": json.dumps(manifest).encode()})
    else:
        rebuild(path, {"case.schema.json": b"0123456789"})
    refused(tmp_path, path, message)


def patch_headers(data: bytes, name: bytes, *, flag: int | None = None, method: int | None = None) -> bytes:
    """Set the flag bits or the compression method of ``name`` in its local header and central directory entry."""
    out = bytearray(data)
    for sig, flag_at, method_at, name_len_at, name_at in (
        (b"PK\x03\x04", 6, 8, 26, 30),
        (b"PK\x01\x02", 8, 10, 28, 46),
    ):
        at = out.find(sig)
        while at >= 0:
            length = struct.unpack_from("<H", out, at + name_len_at)[0]
            if bytes(out[at + name_at : at + name_at + length]) == name:
                if flag is not None:
                    struct.pack_into("<H", out, at + flag_at, struct.unpack_from("<H", out, at + flag_at)[0] | flag)
                if method is not None:
                    struct.pack_into("<H", out, at + method_at, method)
            at = out.find(sig, at + 4)
    return bytes(out)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("corrupt-deflate", "cases.jsonl: the data cannot be read after line 0 (Error -3 while decompressing"),
        ("bad-crc", "Bad CRC-32"),
        ("encrypted", "the entry cases.jsonl is encrypted"),
        ("method", "the ZIP cannot be read"),
        ("not-utf8", "the line is not UTF-8 text"),
        ("not-zip", "not UTF-8"),
        ("nested", "the JSON is nested too deeply"),
    ],
)
def test_a_broken_zip_is_one_line_and_exit_2(tmp_path: Path, lines: list[str], damage: str, message: str) -> None:
    path = tmp_path / "set.zip"
    body = ("\n".join(lines) + "\n").encode()
    if damage == "corrupt-deflate":
        consistent(path, {"cases.jsonl": body}, len(lines))
        data = bytearray(path.read_bytes())
        start = data.find(b"cases.jsonl") + len("cases.jsonl") + 200
        data[start : start + 64] = bytes(64)
        path.write_bytes(bytes(data))
    elif damage == "bad-crc":
        consistent(path, {"cases.jsonl": body}, len(lines), zipfile.ZIP_STORED)
        data = bytearray(path.read_bytes())
        at = data.rfind(b'"title":"') + len('"title":"')
        data[at] ^= 0x20  # a letter of the last case's title changes case: valid JSON, but the CRC no longer matches
        path.write_bytes(bytes(data))
    elif damage == "encrypted":
        consistent(path, {"cases.jsonl": body}, len(lines))
        path.write_bytes(patch_headers(path.read_bytes(), b"cases.jsonl", flag=0x1))
    elif damage == "method":
        consistent(path, {"cases.jsonl": body}, len(lines))
        path.write_bytes(patch_headers(path.read_bytes(), b"cases.jsonl", method=99))
    elif damage == "not-utf8":
        consistent(path, {"cases.jsonl": b"\xff\xfe" + body}, len(lines))
    elif damage == "not-zip":
        path.write_bytes(b"\x00\x01not a zip at all\xff\n")
    else:
        consistent(path, {"cases.jsonl": b"[" * 100_000 + b"]" * 100_000 + b"\n"}, 1)
    refused(tmp_path, path, message)
    if damage in ("bad-crc", "corrupt-deflate", "not-utf8"):
        refused(tmp_path, path, message, "--no-verify")  # found while grading, too


def test_an_empty_fixture_set_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.zip"
    empty.write_bytes(build_zip([], seed=1, scenarios=["all"], faker_version="x"))
    refused(tmp_path, empty, "the fixture set holds no cases")
    blank = tmp_path / "blank.jsonl"
    blank.write_text("\n\n", encoding="utf-8")
    refused(tmp_path, blank, "the fixture set holds no cases")
    bare = tmp_path / "bare.zip"
    bare.write_bytes(b"PK\x05\x06" + bytes(18))  # a ZIP with no entries at all
    refused(tmp_path, bare, "a ZIP without cases.jsonl")


def test_a_bad_line_mid_file_stops_the_run_but_keeps_what_was_graded(tmp_path: Path, lines: list[str]) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join([*lines[:5], "not json", *lines[5:]]) + "\n", encoding="utf-8")
    data = refused(tmp_path, path, "bad.jsonl:6: not JSON")
    assert data["summary"]["pass"] == 5
    assert "fixture set" in (tmp_path / "out" / "junit.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json\n", "not JSON"),
        ('{"id": "x"}\n', "expected"),
        ('{"expected": {"order": []}}\n', "'id'"),
        ('{"id": "x", "expected": {"order": [], "status": "maybe"}}\n', "'status'"),
        ('{"id": "x", "expected": {"order": [], "payments": {"a": "NaN"}}}\n', "is not an amount"),
        ('{"id": "x", "expected": {"order": [], "payments": {"a": NaN}}}\n', "NaN is not allowed"),
    ],
)
def test_bad_fixture_lines_are_named(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FixtureError, match=message):
        list(read_fixtures(path))


def test_a_fixture_line_longer_than_the_cap_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    path.write_text('{"id": "' + "x" * 5000 + '"}\n', encoding="utf-8")
    refused(tmp_path, path, "long.jsonl:1: the line is longer than 1,000 bytes", "--max-fixture-line", "1000")


def gigabyte_line_zip(path: Path) -> None:
    """A ZIP of about 1 MB whose cases.jsonl is one line of 1 GiB (and a manifest that gives its size)."""
    chunk = b" " * (1 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)  # restartable: can be repeated
    tail = packer.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(1024):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(b"\n", crc)
    tail = zlib.compressobj(9, zlib.DEFLATED, -15)
    final = tail.compress(b"\n") + tail.flush()
    stream = block * 1024 + final
    size = (1 << 30) + 1
    manifest = json.dumps(
        {
            "synthetic": True,
            "cobsim_version": "0",
            "faker_version": "0",
            "count": 1,
            "files": {"cases.jsonl": {"sha256": "0" * 64, "bytes": size}},
        }
    ).encode()
    out = io.BytesIO()
    central = io.BytesIO()
    for name, data, method, crc32, usize in (
        (b"cases.jsonl", stream, 8, crc, size),
        (b"manifest.json", manifest, 0, zlib.crc32(manifest), len(manifest)),
    ):
        offset = out.tell()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0, crc32, len(data), usize, len(name), 0))
        out.write(name + data)
        central.write(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                method,
                0,
                0,
                crc32,
                len(data),
                usize,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
        )
        central.write(name)
    start = out.tell()
    out.write(central.getvalue())
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 2, 2, len(central.getvalue()), start, 0))
    path.write_bytes(out.getvalue())


def test_a_one_gigabyte_line_in_a_small_zip_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    gigabyte_line_zip(path)
    assert path.stat().st_size < 2_000_000
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("cases.jsonl").file_size == (1 << 30) + 1
    for extra in ([], ["--no-verify"]):
        code, peak_kib, stderr = measured(
            tmp_path,
            str(path),
            "--engine-cmd",
            ADAPTER,
            "-o",
            str(tmp_path / "out"),
            "--start-timeout",
            str(START),
            *extra,
        )
        assert code == 2, stderr
        assert "the line is longer than 4,194,304 bytes" in stderr
        assert peak_kib < 200 * 1024
        assert report(tmp_path / "out")["fatal"]


def test_a_fixture_set_opens_lazily_and_counts_what_it_read(tmp_path: Path, lines: list[str]) -> None:
    path = bundle(tmp_path, lines)
    fixtures = FixtureSet.open(path)
    assert fixtures.verified
    first = next(iter(fixtures))
    assert first.id == json.loads(lines[0])["id"]
    assert fixtures.count == 1
