"""`adaldyq log ...`: the transparency log's keys, checkpoints, witnesses and files.

  adaldyq log keygen [--origin HOST/log]   add a signing key (the first one starts the log)
  adaldyq log key                          the verifier keys and their fingerprints
  adaldyq log retire-key HASH              stop signing with a key (after rotating)
  adaldyq log checkpoint                   integrate pending events, sign, print the checkpoint
  adaldyq log cosign                       ask the configured witnesses to cosign it
  adaldyq log tiles DIR                    write checkpoint, key and tiles as plain files
  adaldyq log check                        audit the log against the history
  adaldyq log witness-keygen NAME FILE     make a witness key
  adaldyq log witness --key FILE --log VKEY --state DIR [--listen HOST:PORT]
                                           run a witness for another installation's log
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from adaldyq.tlog import witness
from adaldyq.tlog.exceptions import LogError
from adaldyq.tlog.note import COSIGNATURE, Signer, Verifier
from adaldyq.transparency import checkpoints, export, integrity, keys, witnesses


class Command(BaseCommand):
    help = "The transparency log: keys, checkpoints, witnesses, static tiles, audit."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        keygen = sub.add_parser("keygen", help="Add a signing key to the log.")
        keygen.add_argument("--origin", help="The log's name: the site's host and /log (first key only).")
        sub.add_parser("key", help="Print the verifier keys and their fingerprints.")
        retire = sub.add_parser("retire-key", help="Stop signing with a key (it moves to retired/).")
        retire.add_argument("key_hash")
        sub.add_parser("checkpoint", help="Sign a checkpoint over every committed event and print it.")
        cosign = sub.add_parser("cosign", help="Collect cosignatures from the configured witnesses.")
        cosign.add_argument("--timeout", type=float, default=10)
        tiles = sub.add_parser("tiles", help="Write the checkpoint, key and tiles to a directory.")
        tiles.add_argument("directory", type=Path)
        sub.add_parser("check", help="Audit the log against the history.")
        wkey = sub.add_parser("witness-keygen", help="Make a witness key file and print its verifier key.")
        wkey.add_argument("name")
        wkey.add_argument("file", type=Path)
        run = sub.add_parser("witness", help="Run a C2SP tlog-witness for other installations' logs.")
        run.add_argument("--key", type=Path, required=True, help="The witness key file (witness-keygen).")
        run.add_argument("--log", action="append", required=True, metavar="VKEY",
                         help="Verifier key of a log to witness (its name is the log's origin); repeatable.")
        run.add_argument("--state", type=Path, required=True, help="Directory for the last cosigned checkpoints.")
        run.add_argument("--listen", default="127.0.0.1:8090", help="HOST:PORT (default 127.0.0.1:8090).")
        run.add_argument("--prefix", default="", help="URL prefix before /add-checkpoint.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            getattr(self, "_" + action.replace("-", "_"))(**options)
        except (LogError, OSError) as exc:
            raise CommandError(str(exc)) from exc

    def _keygen(self, origin: str | None, **_: Any) -> None:
        signer = keys.generate(origin)
        self.stdout.write(f"New log key. Publish this verifier key (fingerprint {signer.verifier.fingerprint}):")
        self.stdout.write(signer.verifier.text)

    def _key(self, **_: Any) -> None:
        for verifier in keys.verifiers():
            self.stdout.write(f"{verifier.text}\n  fingerprint {verifier.fingerprint}")

    def _retire_key(self, key_hash: str, **_: Any) -> None:
        self.stdout.write(f"Retired: {keys.retire(key_hash)}")

    def _checkpoint(self, **_: Any) -> None:
        self.stdout.write(checkpoints.published(checkpoints.current()), ending="")

    def _cosign(self, timeout: float, **_: Any) -> None:
        outcomes = witnesses.collect(timeout)
        if not outcomes:
            self.stdout.write("No witnesses configured (ADALDYQ_LOG_WITNESSES).")
        for outcome in outcomes:
            (self.stdout if outcome.ok else self.stderr).write(f"{outcome.witness}: {outcome.message}")
        if any(not o.ok for o in outcomes):
            raise CommandError("Not every witness cosigned.")

    def _tiles(self, directory: Path, **_: Any) -> None:
        size, written = export.write_directory(directory)
        self.stdout.write(f"Wrote {written} files for a log of {size} leaves to {directory}")

    def _check(self, **_: Any) -> None:
        report = integrity.check()
        for problem in report.problems:
            self.stderr.write(problem)
        if not report.ok:
            raise CommandError("The log does not match the history.")
        self.stdout.write(f"{report.leaves} leaves: entries, tiles, checkpoint and history agree.")

    def _witness_keygen(self, name: str, file: Path, **_: Any) -> None:
        signer = Signer.generate(name, COSIGNATURE)
        file.parent.mkdir(parents=True, exist_ok=True)
        with open(file, "x", encoding="utf-8") as handle:
            handle.write(signer.text + "\n")
        file.chmod(0o600)
        self.stdout.write(f"Witness key written to {file}. Its verifier key (give it to the log):")
        self.stdout.write(signer.verifier.text)

    def _witness(self, *, key: Path, log: list[str], state: Path, listen: str, prefix: str, **_: Any) -> None:
        signer = Signer.parse(key.read_text(encoding="utf-8"))
        host, _sep, port = listen.rpartition(":")
        if not port.isdigit():
            raise CommandError("--listen is HOST:PORT")
        server = witness.server(witness.Witness(signer, [Verifier.parse(v) for v in log], witness.FileState(state)),
                                host or "127.0.0.1", int(port), prefix)
        self.stdout.write(f"Witness {signer.name} on http://{listen}{prefix}/add-checkpoint "
                          f"for {', '.join(Verifier.parse(v).name for v in log)}; verifier key {signer.verifier.text}")
        self.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
