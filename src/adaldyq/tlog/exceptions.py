"""What can go wrong when checking a log; every message is meant for the person running the check."""


class LogError(Exception):
    """Base of everything below."""


class ProofError(LogError):
    """A proof or a tree hash does not verify."""


class FormatError(LogError):
    """Bytes that are not a valid checkpoint, note, key, tile or entry."""


class SignatureError(LogError):
    """No trusted signature verifies, or a trusted key signed something else."""
