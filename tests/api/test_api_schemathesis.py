"""Property-based requests from the served OpenAPI schema: no input may produce a 500."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from api.live import TOKEN, ledger_url, running, seed_ledger, seed_lines


@pytest.fixture(scope="module")
def served_schema(
    tmp_path_factory: pytest.TempPathFactory, extractor: Any, syria_text: str
) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("schemathesis")
    with ledger_url("sqlite", folder) as db_url:
        seed_ledger(db_url, extractor, seed_lines(syria_text), folder)
        with running(db_url, extractor) as url:
            yield schemathesis.openapi.from_url(f"{url}/openapi.json")


def _probe(operation: Any, mode: GenerationMode, examples: int) -> None:
    """Hypothesis-generated cases for one operation; the first server error fails the test."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    def probe(case: Any) -> None:
        case.call_and_validate(
            headers={"Authorization": f"Bearer {TOKEN}"}, checks=[not_a_server_error]
        )

    probe()


# schemathesis' own pytest plugin does not run under pytest 9, so each operation is probed here.
def test_api_schemathesis_no_server_error(served_schema: Any) -> None:
    failures = []
    for result in served_schema.get_all_operations():
        operation = result.ok()
        for mode, examples in ((GenerationMode.POSITIVE, 25), (GenerationMode.NEGATIVE, 15)):
            try:
                _probe(operation, mode, examples)
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE  # no parameters: nothing to make invalid
            except Exception as exc:  # noqa: BLE001  collect every failing operation, then report
                failures.append(
                    f"{operation.method.upper()} {operation.path} ({mode.value}): {exc}"
                )
    assert not failures, "\n\n".join(failures)


def test_api_schema_file_is_valid_openapi(served_schema: Any, tmp_path: Path) -> None:
    operations = [op for op in served_schema.get_all_operations()]
    assert len(operations) >= 9
    assert all(result.ok() for result in operations)
