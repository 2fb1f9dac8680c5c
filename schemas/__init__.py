"""Pydantic models of every message that crosses a figwatch topic, and their one codec."""

from schemas.alert import Alert, AlertKind, Severity
from schemas.article import Article, ArticleEnvelope, IngestMeta
from schemas.claim import Claim, Qualifier
from schemas.dead_letter import DeadLetter, ErrorKind
from schemas.duplicate import DuplicateKind, DuplicateRecord
from schemas.observation import Observation

__all__ = [
    "Alert",
    "AlertKind",
    "Article",
    "ArticleEnvelope",
    "Claim",
    "DeadLetter",
    "DuplicateKind",
    "DuplicateRecord",
    "ErrorKind",
    "IngestMeta",
    "Observation",
    "Qualifier",
    "Severity",
]
