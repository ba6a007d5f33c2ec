"""`adaldyq exchange keygen|pubkey|trust|export|verify|import`: signed data packages.

keygen           create the agency's Ed25519 signing key (once; --force replaces it)
pubkey           print the agency's public key and fingerprint, to give to partners
trust            register a partner's public key: --partner CODE KEY (base64, PEM or @file)
export           write a signed package for a partner: --partner CODE --request REF ...
verify FILE      run every check import makes, change nothing
import FILE      verify, then store the entities (refused packages change nothing)
entities ID      print a received package's FollowTheMoney entities as JSON lines
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from adaldyq.cooperation import exchange, keys, package, services
from adaldyq.cooperation import settings as coop_settings
from adaldyq.cooperation.exceptions import CooperationError
from adaldyq.cooperation.models import Partner
from adaldyq.core.formatting import message


def _read(path: str) -> bytes:
    """The package file, refused by its size before it is read."""
    try:
        package.refuse_size(Path(path).stat().st_size)
        return Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
    except CooperationError as exc:
        raise CommandError(str(exc)) from exc


class Command(BaseCommand):
    help = "Signed FollowTheMoney data packages for partner agencies: keys, export, verify, import."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        keygen = sub.add_parser("keygen", help="Create the agency signing key.")
        keygen.add_argument("--force", action="store_true", help="Replace an existing key (partners must re-trust).")
        sub.add_parser("pubkey", help="Print the agency public key for partners.")
        trust = sub.add_parser("trust", help="Register a partner's public key.")
        trust.add_argument("--partner", required=True, help="Partner code, e.g. VN-GI.")
        trust.add_argument("key", help="Base64 of the 32 raw bytes, a PEM block, or @FILE.")
        export = sub.add_parser("export", help="Write a signed package for a partner.")
        export.add_argument("--partner", required=True, help="Partner code, e.g. VN-GI.")
        export.add_argument("--request", action="append", default=[], help="Request reference (repeatable).")
        export.add_argument("--asset", action="append", default=[], help="Asset reference (repeatable).")
        export.add_argument("--entry", action="append", type=int, default=[], help="Register entry id (repeatable).")
        export.add_argument("--person", action="append", type=int, default=[], help="Register person id (repeatable).")
        export.add_argument("--out", help="Output file (default: var/exchange/out/<partner>-<sequence>.zip).")
        verify = sub.add_parser("verify", help="Check a package; change nothing.")
        verify.add_argument("file")
        imp = sub.add_parser("import", help="Verify and store a received package.")
        imp.add_argument("file")
        imp.add_argument("--request", default="", help="Attach to this request reference.")
        ent = sub.add_parser("entities", help="Print a received package's entities (FtM JSON lines).")
        ent.add_argument("package_id")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            getattr(self, f"do_{action}")(**options)
        except CooperationError as exc:
            raise CommandError(message(exc)) from exc

    def do_keygen(self, force: bool, **_: Any) -> None:
        path = keys.generate(force=force)
        text = keys.public_text(path)
        self.stdout.write(f"Agency key written to {path} (keep it secret; back it up).")
        self.stdout.write(f"Public key for partners: {text}")
        self.stdout.write(f"Fingerprint: {package.fingerprint(text)}")

    def do_pubkey(self, **_: Any) -> None:
        text = keys.public_text()
        self.stdout.write(f"{coop_settings.agency_code()} {text}")
        self.stdout.write(f"Fingerprint: {package.fingerprint(text)}")

    def do_trust(self, partner: str, key: str, **_: Any) -> None:
        found = Partner.objects.filter(code=partner).first()
        if found is None:
            raise CommandError(f"No partner with code '{partner}'.")
        text = _read(key[1:]).decode() if key.startswith("@") else key
        services.register_partner_key(found, text, actor_id=None)
        self.stdout.write(f"{found.code}: key registered, fingerprint {found.key_fingerprint}")

    def do_export(self, *, partner: str, request: list[str], asset: list[str], entry: list[int],
                  person: list[int], out: str | None, **_: Any) -> None:
        selection = exchange.Selection(tuple(request), tuple(asset), tuple(entry), tuple(person))
        row, data = exchange.export(partner, selection)
        path = Path(out) if out else Path(settings.VAR_DIR) / "exchange" / "out" / f"{row.partner.code}-{row.sequence}.zip"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        self.stdout.write(
            f"Wrote {path}: package {row.package_id}, sequence {row.sequence} for {row.partner.code}, "
            f"{row.entity_count} entities, SHA-256 {row.sha256}"
        )

    def do_verify(self, file: str, **_: Any) -> None:
        verified = exchange.verify(_read(file))
        self.stdout.write(
            f"OK: package {verified.package_id} from {verified.sender}, sequence {verified.sequence}, "
            f"{verified.entity_count} entities; signature, hashes and FollowTheMoney all valid."
        )

    def do_import(self, file: str, request: str, **_: Any) -> None:
        row = exchange.import_package(_read(file), request_reference=request, source=Path(file).name)
        self.stdout.write(
            f"Imported package {row.package_id} from {row.partner.code}, sequence {row.sequence}, "
            f"{row.entity_count} entities."
        )

    def do_entities(self, package_id: str, **_: Any) -> None:
        for entity in services.package_entities(package_id):
            self.stdout.write(json.dumps(entity, ensure_ascii=False, sort_keys=True))
