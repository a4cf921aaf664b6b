"""Bulk ingest over partitions of inputs, on a Dask cluster or in this process.

Inputs are fsspec paths (local files, folders, globs, ``s3://`` ... where the filesystem
package is installed), cut into partitions: groups of files, or byte ranges of a large
JSONL file. Each partition is read, extracted and written by one task; the spaCy pipeline
and the ledger are opened once per worker process. Writes are exactly-once because a
document is keyed by its content hash: a retried partition (after a worker died) skips
documents already stored before extracting them, and the store's unique constraint turns
a racing second write into a "duplicate". Reconciliation runs once, incrementally, at the
end, from the caller's process. Without Dask the very same partition function runs here.
"""

from __future__ import annotations

from tollwatch.distributed.cluster import (
    PARTITIONS_PER_WORKER,
    QUIET_WORKERS,
    BulkSummary,
    _workers_idle,
    ingest_bulk,
    local_cluster,
)
from tollwatch.distributed.planning import (
    BLOCKSIZE,
    FILES_PER_PARTITION,
    MIN_BLOCKSIZE,
    Partition,
    expand_path,
    is_jsonl,
    plan_partitions,
)
from tollwatch.distributed.worker import (
    EXTRACT_BATCH,
    STAGES,
    WARM_UP_TEXT,
    PartitionResult,
    PreloadExtractor,
    StageTimer,
    extract_all,
    ingest_partition,
    keep_freed_memory,
    parse_jsonl_block,
    read_partition,
    worker_extractor,
    worker_ledger,
)

__all__ = [
    "BLOCKSIZE", "EXTRACT_BATCH", "FILES_PER_PARTITION", "MIN_BLOCKSIZE",
    "PARTITIONS_PER_WORKER", "QUIET_WORKERS", "STAGES", "WARM_UP_TEXT", "BulkSummary",
    "Partition", "PartitionResult", "PreloadExtractor", "StageTimer", "_workers_idle",
    "expand_path", "extract_all", "ingest_bulk", "ingest_partition", "is_jsonl",
    "keep_freed_memory", "local_cluster", "parse_jsonl_block", "plan_partitions",
    "read_partition", "worker_extractor", "worker_ledger",
]
