"""What routes depend on: ledger, extractor and bearer-token checks, as typed aliases."""

from __future__ import annotations

import hmac
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from tollwatch.model import Document, Extraction

if TYPE_CHECKING:
    from tollwatch.extract.pipeline import Extractor
    from tollwatch.store import Ledger


@dataclass
class Services:
    """Per-process state: one ledger, one extractor (loaded on first use), the access rules."""

    ledger: Ledger
    token: str | None
    open_reads: bool
    database: str = "sqlite"
    extractor: Extractor | None = None
    # spaCy pipelines and our ledger writes are not made for concurrent callers.
    extract_lock: threading.Lock = field(default_factory=threading.Lock)
    write_lock: threading.Lock = field(default_factory=threading.Lock)

    def load_extractor(self) -> Extractor:
        """The process's extractor, loaded on first use."""
        with self.extract_lock:
            if self.extractor is None:
                from tollwatch.extract.pipeline import Extractor

                self.extractor = Extractor()
            return self.extractor

    def extract(self, document: Document) -> Extraction:
        """Extract one document (one at a time: a spaCy pipeline is not made for threads)."""
        extractor = self.load_extractor()
        with self.extract_lock:
            return extractor.extract(document)


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]
_bearer = HTTPBearer(auto_error=False, description="The token given to `tollwatch serve --token`.")
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def check_token(services: Services, credentials: HTTPAuthorizationCredentials | None) -> None:
    """401 without a bearer token, 403 with a wrong one (compared in constant time)."""
    if services.token is None:
        raise HTTPException(403, "writes are disabled: the server was started without a token")
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(
            401, "a bearer token is required", headers={"WWW-Authenticate": "Bearer"}
        )
    if not hmac.compare_digest(credentials.credentials.encode(), services.token.encode()):
        raise HTTPException(403, "the bearer token is wrong")


def require_write(services: ServicesDep, credentials: BearerDep) -> Services:
    check_token(services, credentials)
    return services


def require_read(services: ServicesDep, credentials: BearerDep) -> Services:
    if not services.open_reads:
        check_token(services, credentials)
    return services


ReaderDep = Annotated[Services, Depends(require_read)]
WriterDep = Annotated[Services, Depends(require_write)]
