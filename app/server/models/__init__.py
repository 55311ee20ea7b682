"""SQLAlchemy 2 ORM models; importing this package registers every table on ``Base.metadata``."""

from app.server.models.base import Base
from app.server.models.employee import Employee
from app.server.models.event import OutboxEvent
from app.server.models.session import AuthSession, LoginFailure, RefreshToken
from app.server.models.status import CustomStatus, StatusInterval
from app.server.models.tenant import Group, GroupMember, Role, RolePermission, Tenant

__all__ = [
    "AuthSession",
    "Base",
    "CustomStatus",
    "Employee",
    "Group",
    "GroupMember",
    "LoginFailure",
    "OutboxEvent",
    "RefreshToken",
    "Role",
    "RolePermission",
    "StatusInterval",
    "Tenant",
]
