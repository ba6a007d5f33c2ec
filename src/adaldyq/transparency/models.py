"""The transparency log's tables.

- `LogPending`: events committed but not yet in the log. `history.append` adds a row in
  the event's own transaction, so every committed public event is either here or in
  `LogEntry`; the sequencer moves them over (see `sequencer.py`).
- `LogEntry`: one leaf: its index, the event, the entry bytes (canonical JSON), and the
  salt and personal part behind the entry's commitment.
- `LogTile`: the hash tiles exactly as served at /log/tile/<L>/<N>; a partial tile only
  ever grows (a database trigger refuses any other change).
- `LogHead`: the tree size, locked while appending.
- `Checkpoint`, `Cosignature`: signed checkpoints and the witnesses' cosignatures.
"""

from __future__ import annotations

from django.db import models

from adaldyq.core.models import HistoryEvent


class LogHead(models.Model):
    size = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"log of {self.size} leaves"


class LogPending(models.Model):
    event = models.OneToOneField(HistoryEvent, primary_key=True, on_delete=models.PROTECT, related_name="log_pending")

    def __str__(self) -> str:
        return f"pending {self.event_id}"


class LogEntry(models.Model):
    """A leaf. Rows are never updated or deleted (database triggers refuse it)."""

    index = models.PositiveBigIntegerField(primary_key=True)
    event = models.OneToOneField(HistoryEvent, on_delete=models.PROTECT, related_name="log_entry")
    entry = models.TextField(help_text="The leaf entry: canonical JSON, UTF-8.")
    salt = models.BinaryField(null=True, blank=True, help_text="Salt of the personal part's commitment.")
    personal = models.TextField(blank=True, help_text="Canonical JSON of the personal part, as committed.")

    class Meta:
        ordering = ["index"]

    def __str__(self) -> str:
        return f"leaf {self.index}"


class LogTile(models.Model):
    level = models.PositiveSmallIntegerField()
    number = models.PositiveBigIntegerField()
    data = models.BinaryField(help_text="Up to 256 hashes of 32 bytes.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["level", "number"], name="logtile_level_number_unique")]

    def __str__(self) -> str:
        return f"tile {self.level}/{self.number} ({len(self.data) // 32})"


class Checkpoint(models.Model):
    size = models.PositiveBigIntegerField(unique=True)
    root = models.CharField(max_length=44, help_text="Base64 root hash.")
    body = models.TextField()
    note = models.TextField(help_text="The body and the log's signatures.")
    key_ids = models.CharField(max_length=400, help_text="Hex key hashes of the keys that signed, sorted.")
    signed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"checkpoint {self.size}"


class Cosignature(models.Model):
    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.PROTECT, related_name="cosignatures")
    witness = models.CharField(max_length=200)
    key_id = models.CharField(max_length=8)
    line = models.TextField(help_text="The signature line, as appended to the note.")
    timestamp = models.PositiveBigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["checkpoint", "key_id"], name="cosignature_unique")]

    def __str__(self) -> str:
        return f"{self.witness} on {self.checkpoint_id}"
