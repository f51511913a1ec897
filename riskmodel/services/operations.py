"""Running the workbench as a service: what the app checks and starts beside its pages.

The pages reach the audit key and the backup requests through here, never through riskmodel.store.
"""

from __future__ import annotations

from riskmodel.services import Workbench
from riskmodel.store.audit import KEY_ENV as AUDIT_KEY_ENV
from riskmodel.store.audit import AuditKeyError, resolve_key
from riskmodel.store.backup_requests import serve_backup_requests

__all__ = ["AUDIT_KEY_ENV", "AuditKeyError", "require_audit_key", "serve_backups"]


def require_audit_key(db_path: str, mode: str) -> None:
    """Raise :class:`AuditKeyError` when sign-in is on (``mode`` local/oidc) and no audit key is configured;
    in ``none`` mode a key beside the database is made if there is none."""
    resolve_key(db_path, mode)


def serve_backups(wb: Workbench) -> None:
    """Take the backups ``python -m riskmodel backup`` asks the running server for (one thread per file)."""
    serve_backup_requests(wb.db)
