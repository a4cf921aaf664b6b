"""Workers started by our cluster reuse freed memory instead of faulting in fresh pages.

Dask's Nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, which pins glibc's mmap
threshold low: each large array is a new mapping, page-faulted in on every allocation.
PreloadExtractor (registered by every bulk run) undoes that with keep_freed_memory.
"""

from __future__ import annotations

import os
import resource
import sys

import pytest

from tollwatch.distributed import PreloadExtractor, keep_freed_memory, local_cluster

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")

ROUNDS = 200
ARRAY = 1024 * 1024  # bytes: far above the pinned threshold, far below ours


def page_faults_of_churn() -> int:
    """Minor page faults while allocating, touching and freeing a 1 MiB buffer ROUNDS times."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(ROUNDS):
        buffer = bytearray(ARRAY)  # zero-filled: every page is touched
        del buffer
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def test_the_bulk_run_plugin_stops_a_worker_faulting_on_reused_arrays() -> None:
    with local_cluster(1) as cluster, distributed.Client(cluster) as client:
        (untuned,) = client.run(page_faults_of_churn).values()
        client.register_plugin(PreloadExtractor(), name="tollwatch-extractor")  # as ingest_bulk
        (tuned,) = client.run(page_faults_of_churn).values()
    pages = ROUNDS * ARRAY // resource.getpagesize()
    assert untuned > pages // 2  # the Nanny's setting: about a fault per page per round
    assert tuned < pages // 20


def test_keep_freed_memory_reports_that_glibc_took_the_thresholds() -> None:
    assert keep_freed_memory() is True


def _environ(name: str) -> str | None:
    return os.environ.get(name)


def test_local_cluster_leaves_the_callers_environment_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    with local_cluster(1) as cluster, distributed.Client(cluster) as client:
        assert _environ("MALLOC_TRIM_THRESHOLD_") is None and _environ("OMP_NUM_THREADS") == "3"
        (worker_trim,) = client.run(_environ, "MALLOC_TRIM_THRESHOLD_").values()
        assert worker_trim == "65536"  # the workers were spawned with Dask's settings
    assert _environ("MALLOC_TRIM_THRESHOLD_") is None and _environ("OMP_NUM_THREADS") == "3"
