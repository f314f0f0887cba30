"""Persisted queries: documents a client names by their SHA-256 hash instead of sending them.

Convene follows Apollo's *automatic persisted queries* convention. A request carries
``extensions.persistedQuery = {"version": 1, "sha256Hash": "<hex>"}`` (in the JSON body
of a ``POST``, or as the JSON ``extensions`` URL parameter of a ``GET``):

- the hash alone, when the server knows it, runs that document;
- the hash alone, when it does not, is answered ``PersistedQueryNotFound`` (code
  ``PERSISTED_QUERY_NOT_FOUND``, status ``200`` as Apollo's server answers, so that
  Apollo's clients resend the request with the query text);
- the hash with the query text runs the query once the hash is checked to be
  ``sha256(query)``, and the server remembers the document (in a bounded LRU, per
  process) once it has parsed and validated.

Build-time manifests (JSON objects ``{"<sha256 hex>": "<document>"}``, as GraphQL Code
Generator's ``persistedDocuments`` and relay-compiler with ``SHA256`` write them) are
known from the start: the web app's ``app/dist/persisted-queries.json`` when it is
there, and any listed in ``CONVENE_PERSISTED_QUERIES``. With
``CONVENE_PERSISTED_QUERIES_ONLY`` the server runs those documents only: query text
and unknown hashes are refused, and nothing is remembered.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from resolvers.errors import ErrorCode

__all__ = [
    "APP_MANIFEST",
    "PERSISTED_QUERY_HASH_MISMATCH",
    "PERSISTED_QUERY_NOT_FOUND",
    "PERSISTED_QUERY_REQUIRED",
    "ManifestError",
    "PersistedDocument",
    "PersistedQueries",
    "PersistedQueryRefused",
    "load_manifest",
    "requested_hash",
    "sha256_hex",
]

APP_MANIFEST = Path(__file__).resolve().parent.parent / "app" / "dist" / "persisted-queries.json"

PERSISTED_QUERY_NOT_FOUND = ErrorCode.PERSISTED_QUERY_NOT_FOUND.value
PERSISTED_QUERY_HASH_MISMATCH = ErrorCode.PERSISTED_QUERY_HASH_MISMATCH.value
PERSISTED_QUERY_REQUIRED = ErrorCode.PERSISTED_QUERY_REQUIRED.value
BAD_REQUEST = ErrorCode.BAD_REQUEST.value

# Apollo's clients look for this exact message (or the code) before resending the query.
NOT_FOUND_MESSAGE = "PersistedQueryNotFound"

_HASH = re.compile(r"[0-9a-fA-F]{64}")
_HASH_FIELD = "extensions.persistedQuery.sha256Hash"


class PersistedQueryRefused(Exception):
    """A request whose persisted query cannot run, with the HTTP status to answer."""

    def __init__(self, status: int, message: str, code: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


class ManifestError(ValueError):
    """A persisted query manifest that cannot be used (missing, malformed, wrong hash)."""


def sha256_hex(document: str) -> str:
    """The hash a client sends for ``document``: SHA-256 of its UTF-8 bytes, lowercase hex.

    Examples
    --------
    >>> sha256_hex("{ __typename }")
    '7f56e67dd21ab3f30d1ff8b7bed08893f0a0db86449836189b361dd1e56ddb4b'
    """
    return hashlib.sha256(document.encode()).hexdigest()


def requested_hash(extensions: Mapping[str, Any] | None) -> str | None:
    """The ``sha256Hash`` a request's extensions ask for (lowercased), or ``None``.

    Raises
    ------
    PersistedQueryRefused
        ``400`` when ``persistedQuery`` is there but malformed, naming the field.

    Examples
    --------
    >>> requested_hash({"persistedQuery": {"version": 1, "sha256Hash": "AB" * 32}})
    'abababababababababababababababababababababababababababababababab'
    >>> requested_hash({"other": True}) is None
    True
    """
    persisted = (extensions or {}).get("persistedQuery")
    if persisted is None:
        return None
    if not isinstance(persisted, Mapping):
        raise PersistedQueryRefused(400, "extensions.persistedQuery must be an object", BAD_REQUEST)
    version = persisted.get("version")
    if version != 1 or isinstance(version, bool):
        raise PersistedQueryRefused(
            400,
            f"extensions.persistedQuery.version must be 1, not {version!r}",
            BAD_REQUEST,
        )
    sha256_hash = persisted.get("sha256Hash")
    if not isinstance(sha256_hash, str) or not _HASH.fullmatch(sha256_hash):
        raise PersistedQueryRefused(
            400,
            f"{_HASH_FIELD} must be the SHA-256 of the query as 64 hexadecimal digits",
            BAD_REQUEST,
        )
    return sha256_hash.lower()


def load_manifest(path: Path) -> dict[str, str]:
    """The documents of one manifest file, ``{sha256 hex: document}``, each hash checked.

    Raises
    ------
    ManifestError
        When the file cannot be read, is not such an object, or a key is not the
        SHA-256 of its document; the message names the file and the key.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "persisted-queries.json"
    ...     _ = path.write_text('{"%s": "{ __typename }"}' % sha256_hex("{ __typename }"))
    ...     list(load_manifest(path).values())
    ['{ __typename }']
    """
    try:
        raw = orjson.loads(path.read_bytes())
    except OSError as error:
        raise ManifestError(
            f"persisted query manifest {path}: cannot be read ({error.strerror or error})"
        ) from None
    except orjson.JSONDecodeError:
        raise ManifestError(f"persisted query manifest {path}: not valid JSON") from None
    if not isinstance(raw, dict):
        raise ManifestError(
            f"persisted query manifest {path}: must be a JSON object of sha256 hash to document"
        )
    documents: dict[str, str] = {}
    for key, document in raw.items():
        if not isinstance(document, str):
            raise ManifestError(f"persisted query manifest {path}: {key!r} is not a document")
        if not _HASH.fullmatch(key) or key.lower() != sha256_hex(document):
            raise ManifestError(
                f"persisted query manifest {path}: {key!r} is not the SHA-256 of its document"
            )
        documents[key.lower()] = document
    return documents


@dataclass(frozen=True, slots=True)
class PersistedDocument:
    """The document a request runs and, when it is new, the hash to remember it by."""

    query: str
    remember_as: str | None = None


class PersistedQueries:
    """The documents known by hash: the manifests' (fixed) and the remembered (an LRU).

    Used from the event loop only, so the LRU needs no lock.

    Examples
    --------
    >>> known = PersistedQueries({}, cache_size=1)
    >>> hello = "{ hello }"
    >>> ask = {"persistedQuery": {"version": 1, "sha256Hash": sha256_hex(hello)}}
    >>> found = known.document_for(hello, ask)
    >>> known.remember(found)
    >>> known.document_for(None, ask).query
    '{ hello }'
    """

    def __init__(
        self, manifest: Mapping[str, str], *, cache_size: int, only_known: bool = False
    ) -> None:
        self._manifest = dict(manifest)
        self._remembered: OrderedDict[str, str] = OrderedDict()
        self._cache_size = cache_size
        self.only_known = only_known

    @classmethod
    def from_files(
        cls,
        paths: Iterable[Path],
        *,
        default: Path | None = APP_MANIFEST,
        cache_size: int,
        only_known: bool = False,
    ) -> PersistedQueries:
        """Load the manifests at ``paths`` (each must exist) and at ``default`` (if it does).

        Raises
        ------
        ManifestError
            For a manifest that cannot be used, and when ``only_known`` is asked for
            with no document to run.
        """
        files = list(paths)
        if default is not None and default.is_file() and default not in files:
            files.insert(0, default)
        manifest: dict[str, str] = {}
        for path in files:
            manifest.update(load_manifest(path))
        if only_known and not manifest:
            raise ManifestError(
                "CONVENE_PERSISTED_QUERIES_ONLY is on but no persisted query manifest has "
                f"a document: build the web app ({APP_MANIFEST}) or set "
                "CONVENE_PERSISTED_QUERIES"
            )
        return cls(manifest, cache_size=cache_size, only_known=only_known)

    def __len__(self) -> int:
        return len(self._manifest) + len(self._remembered)

    def _known(self, sha256_hash: str) -> str | None:
        document = self._manifest.get(sha256_hash)
        if document is not None:
            return document
        document = self._remembered.get(sha256_hash)
        if document is not None:
            self._remembered.move_to_end(sha256_hash)
        return document

    def document_for(
        self, query: str | None, extensions: Mapping[str, Any] | None
    ) -> PersistedDocument:
        """The document a request with ``query`` and ``extensions`` runs.

        Raises
        ------
        PersistedQueryRefused
            For an unknown hash sent alone (``200``, ``PERSISTED_QUERY_NOT_FOUND``), a
            hash that is not the query's (``400``), no query at all (``400``), and, when
            only known documents run, query text without the hash of one of them
            (``400``, ``PERSISTED_QUERY_REQUIRED``).
        """
        sha256_hash = requested_hash(extensions)
        if sha256_hash is None:
            if query is None:
                raise PersistedQueryRefused(
                    400, "The request has no 'query' parameter", BAD_REQUEST
                )
            if self.only_known:
                raise PersistedQueryRefused(
                    400,
                    "This server runs only its persisted documents: send "
                    f"{_HASH_FIELD} of one of them instead of the query text",
                    PERSISTED_QUERY_REQUIRED,
                )
            return PersistedDocument(query)
        if query is None:
            known = self._manifest.get(sha256_hash) if self.only_known else self._known(sha256_hash)
            if known is None:
                message = NOT_FOUND_MESSAGE
                if self.only_known:
                    message += ": this server runs only the documents of its manifests"
                raise PersistedQueryRefused(200, message, PERSISTED_QUERY_NOT_FOUND)
            return PersistedDocument(known)
        if sha256_hex(query) != sha256_hash:
            raise PersistedQueryRefused(
                400,
                f"{_HASH_FIELD} is not the SHA-256 of the query: hash the exact query text (UTF-8)",
                PERSISTED_QUERY_HASH_MISMATCH,
            )
        if sha256_hash in self._manifest:
            return PersistedDocument(query)
        if self.only_known:
            raise PersistedQueryRefused(
                400,
                "This server runs only its persisted documents, and this query is not one of them",
                PERSISTED_QUERY_REQUIRED,
            )
        return PersistedDocument(query, remember_as=sha256_hash)

    def remember(self, document: PersistedDocument) -> None:
        """Keep ``document`` under its hash (dropping the least recently used ones)."""
        if document.remember_as is None or self._cache_size <= 0:
            return
        self._remembered[document.remember_as] = document.query
        self._remembered.move_to_end(document.remember_as)
        while len(self._remembered) > self._cache_size:
            self._remembered.popitem(last=False)
