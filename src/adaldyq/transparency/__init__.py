"""The transparency log of everything the agency publishes (issue 14): storage, signing,
the HTTP endpoints under /log/ and /api/v1/log/, witnesses, and the `adaldyq log`
command. The pure parts (Merkle math, notes, tiles, entries) are in `adaldyq.tlog`."""
