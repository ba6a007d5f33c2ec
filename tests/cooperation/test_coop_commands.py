"""`adaldyq exchange`: keygen, export, verify and import from the command line; each
refusal is one clear message and a non-zero exit, with nothing changed."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from adaldyq.cooperation import ftm, keys, package, services
from adaldyq.cooperation.models import ExchangePackage, Partner

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("exchange", *args, stdout=out)
    return out.getvalue()


def test_keygen_refuses_to_overwrite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "k.pem"
    monkeypatch.setenv("ADALDYQ_EXCHANGE_KEY", str(path))
    assert "Public key for partners" in run("keygen")
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    with pytest.raises(CommandError, match="already exists"):
        run("keygen")
    assert "KZ-ACA" in run("pubkey")


def test_export_then_verify_and_import_at_the_partner(agency_key: Any, vietnam: Partner, officer: Any,
                                                      tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    request = services.create_request(direction="outgoing", kind="information", partner=vietnam,
                                      legal_basis="MoU", actor_id=officer.pk, due_on=dt.date(2027, 1, 1))
    services.add_subject(request, kind="company", name="Demo Holding Ltd", country="vn", actor_id=officer.pk)
    out = tmp_path / "to-vn.zip"
    assert "sequence 1 for VN-GI" in run("export", "--partner", "VN-GI", "--request", request.reference,
                                         "--out", str(out))
    # Our own verify refuses it: we are not a partner of ourselves.
    with pytest.raises(CommandError, match="Unknown sender 'KZ-ACA'"):
        run("verify", str(out))
    # The partner's side (simulated): trusts our public key, verifies it.
    verified = package.verify(out.read_bytes(), keys={"KZ-ACA": agency_key.public_key()}, recipient="VN-GI")
    assert list(verified.entities())[0]["properties"]["name"] == ["Demo Holding Ltd"]


def test_verify_and_import_from_the_command_line(agency_key: Any, vietnam: Partner, partner_keys: dict,
                                                 tmp_path: Path) -> None:
    data = package.build([ftm.person("vn-1", "Nguyen Demo")], sender="VN-GI", recipient="KZ-ACA", sequence=1,
                         key=partner_keys["VN-GI"]).data
    path = tmp_path / "from-vn.zip"
    path.write_bytes(data)
    assert "OK: package" in run("verify", str(path))
    assert ExchangePackage.objects.count() == 0
    assert "Imported package" in run("import", str(path))
    lines = run("entities", ExchangePackage.objects.get().package_id).splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["vn-1"]
    with pytest.raises(CommandError, match="replay|not newer"):
        run("import", str(path))
    tampered = bytearray(data)
    tampered[-40] ^= 1
    path.write_bytes(bytes(tampered))
    with pytest.raises(CommandError):
        run("import", str(path))
    assert ExchangePackage.objects.count() == 1


def test_trust_registers_a_partner_key(vietnam: Partner, tmp_path: Path) -> None:
    new_key = package.public_key_text(keys.package.new_private_key().public_key())
    key_file = tmp_path / "vn.pub"
    key_file.write_text(new_key)
    assert "key registered" in run("trust", "--partner", "VN-GI", f"@{key_file}")
    vietnam.refresh_from_db()
    assert vietnam.public_key == new_key
    with pytest.raises(CommandError, match="base64"):
        run("trust", "--partner", "VN-GI", "garbage")
    with pytest.raises(CommandError, match="No partner"):
        run("trust", "--partner", "NOPE", new_key)


def test_export_without_a_key_says_how_to_make_one(vietnam: Partner, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch, make_recovery_asset: Any) -> None:
    monkeypatch.setenv("ADALDYQ_EXCHANGE_KEY", str(tmp_path / "missing.pem"))
    asset = make_recovery_asset("VN")
    with pytest.raises(CommandError, match="exchange keygen"):
        run("export", "--partner", "VN-GI", "--asset", asset.reference)
