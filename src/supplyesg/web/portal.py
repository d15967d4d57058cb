"""What the supplier portal's pages and its API share: the supplier a request acts for, and
how an evidence file is handed back.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Depends
from starlette.responses import Response

from supplyesg.services import portal
from supplyesg.services.portal import PortalScope
from supplyesg.web.deps import CurrentUserDep, DatabaseDep


def current_scope(db: DatabaseDep, user: CurrentUserDep) -> PortalScope:
    """The supplier the signed-in supplier user (or their API token) works for."""
    return portal.scope_of(db, user)


ScopeDep = Annotated[PortalScope, Depends(current_scope)]


def file_response(row: portal.EvidenceFileRow) -> Response:
    """A stored evidence file as a download (never shown inline: it is the supplier's file)."""
    return Response(
        row.content,
        media_type=row.media_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(row.file_name, safe='')}",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )
