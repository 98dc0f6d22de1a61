"""Retention, legal holds and the client's rights (AVG art. 15–17); see docs/retention.md."""

from carecoord.retention.service import ERASURE_GROUNDS, ApplyResult, Retention

__all__ = ["ERASURE_GROUNDS", "ApplyResult", "Retention"]
