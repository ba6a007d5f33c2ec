"""Ranked processes, buyers and suppliers as CSV (streamed) or Parquet (written in batches).

The rows are those of the staff pages with the same filters and order (``queries``),
flattened to one value per column. Values are decimal strings in the CSV and decimals
in the Parquet file, so no tenge is lost to floating point.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse

from adaldyq.core import spreadsheet

from .models import Organisation, Process

BATCH = 10_000
PROCESS_SCHEMA = pa.schema([
    ("rank", pa.int64()), ("ocid", pa.string()), ("title", pa.string()), ("buyer_id", pa.string()),
    ("buyer_name", pa.string()), ("supplier_ids", pa.string()), ("supplier_names", pa.string()),
    ("method", pa.string()), ("method_details", pa.string()), ("value", pa.decimal128(20, 2)),
    ("currency", pa.string()), ("region", pa.string()), ("sector", pa.string()), ("date", pa.date32()),
    ("score", pa.float64()), ("computable", pa.int64()), ("flags", pa.string()), ("tied", pa.bool_()),
])
ORGANISATION_SCHEMA = pa.schema([
    ("rank", pa.int64()), ("id", pa.string()), ("name", pa.string()), ("kind", pa.string()), ("region", pa.string()),
    ("score", pa.float64()), ("computable", pa.int64()), ("processes", pa.int64()),
    ("flagged_processes", pa.int64()), ("value", pa.decimal128(20, 2)), ("flags", pa.string()), ("tied", pa.bool_()),
    ("matching_processes", pa.int64()), ("matching_mean_score", pa.float64()),
])


def process_records(qs: QuerySet[Process]) -> Iterator[dict[str, Any]]:
    for rank, p in enumerate(qs.iterator(chunk_size=2000), start=1):
        yield {
            "rank": rank, "ocid": p.ocid, "title": p.title, "buyer_id": p.buyer_id, "buyer_name": p.buyer_name,
            "supplier_ids": ";".join(s["id"] for s in p.suppliers),
            "supplier_names": ";".join(s.get("name") or "" for s in p.suppliers), "method": p.method,
            "method_details": p.method_details, "value": p.value, "currency": p.currency, "region": p.region,
            "sector": p.sector, "date": p.date, "score": p.score, "computable": p.computable,
            "flags": ";".join(sorted(p.flags)), "tied": p.tied,
        }


def organisation_records(qs: QuerySet[Organisation],
                         matching: dict[str, tuple[int, float | None]]) -> Iterator[dict[str, Any]]:
    """``matching``: processes matching the filters per organisation (``queries.matching_counts``)."""
    for rank, o in enumerate(qs.iterator(chunk_size=2000), start=1):
        n, mean = matching.get(o.org_id, (None, None))
        yield {
            "rank": rank, "id": o.org_id, "name": o.name, "kind": o.kind, "region": o.region, "score": o.score,
            "computable": o.computable, "processes": o.processes, "flagged_processes": o.flagged_processes,
            "value": o.value, "flags": ";".join(sorted(o.flags)), "tied": o.tied,
            "matching_processes": n, "matching_mean_score": mean,
        }


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(value)
    return value


def csv_response(records: Iterator[dict[str, Any]], schema: pa.Schema, filename: str) -> StreamingHttpResponse:
    writer = spreadsheet.csv_writer(_Echo())

    def rows() -> Iterator[str]:
        yield writer.writerow(schema.names)
        for record in records:
            yield writer.writerow([_csv_value(record[name]) for name in schema.names])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def write_parquet(records: Iterator[dict[str, Any]], schema: pa.Schema, out: Any) -> int:
    """Write ``records`` to ``out`` (a path or binary file) in batches; return the row count."""
    count = 0
    with pq.ParquetWriter(out, schema) as writer:
        batch: list[dict[str, Any]] = []
        for record in records:
            batch.append(record)
            if len(batch) >= BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or not count:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def parquet_response(records: Iterator[dict[str, Any]], schema: pa.Schema, filename: str) -> FileResponse:
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the FileResponse
    write_parquet(records, schema, handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type="application/vnd.apache.parquet")
