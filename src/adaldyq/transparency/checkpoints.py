"""Signed checkpoints: made when the log has grown, cached until it grows again."""

from __future__ import annotations

import base64

from django.db import transaction

from adaldyq.tlog.checkpoint import Checkpoint as Body
from adaldyq.tlog.note import sign_note
from adaldyq.transparency import keys, sequencer, tiles_db
from adaldyq.transparency.models import Checkpoint, LogHead


def latest() -> Checkpoint | None:
    return Checkpoint.objects.order_by("-size").first()


def current() -> Checkpoint:
    """The checkpoint of the whole log, signed by every current key (NoLogKey without one).

    Pending events are integrated first, so it covers every event committed before the call.
    """
    sequencer.integrate()
    signers = keys.signers()
    key_ids = ",".join(sorted(s.verifier.key_id.hex() for s in signers))
    size = LogHead.objects.filter(pk=1).values_list("size", flat=True).first() or 0
    found = Checkpoint.objects.filter(size=size, key_ids=key_ids).first()
    if found is not None:
        return found  # the common case: read only, no lock
    with transaction.atomic():
        head = sequencer.locked_head()
        checkpoint = Checkpoint.objects.filter(size=head.size).first()
        if checkpoint is not None and checkpoint.key_ids == key_ids:
            return checkpoint
        body = checkpoint.body if checkpoint else Body(signers[0].name, head.size, tiles_db.root(head.size)).body
        note = sign_note(body, signers)
        if checkpoint is None:
            root = base64.b64encode(tiles_db.root(head.size)).decode()
            checkpoint = Checkpoint.objects.create(size=head.size, root=root, body=body, note=note, key_ids=key_ids)
        else:  # the keys changed (rotation): same body, new signatures
            checkpoint.note, checkpoint.key_ids = note, key_ids
            checkpoint.save(update_fields=["note", "key_ids", "signed_at"])
    return checkpoint


def published(checkpoint: Checkpoint) -> str:
    """The note as served: the log's signatures, then the witnesses' cosignatures."""
    lines = checkpoint.cosignatures.order_by("witness", "key_id").values_list("line", flat=True)
    return checkpoint.note + "".join(lines)
