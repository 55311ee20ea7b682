"""SQLAlchemy 2 ORM models; importing this package registers every table on ``Base.metadata``."""

from app.server.models.acd import DistributionSettings, MissedCallRule, QueueNumber, Topic
from app.server.models.base import Base
from app.server.models.calls import (
    Call,
    CallbackOrder,
    CallGroup,
    CallLeg,
    CallTopic,
    Hold,
    MissedCall,
    Offer,
    PostCallWork,
    Recording,
    Transfer,
)
from app.server.models.employee import Employee
from app.server.models.error_report import ErrorReport
from app.server.models.event import OutboxEvent
from app.server.models.kpi import KpiSelectionRow, KpiThresholdRow
from app.server.models.outbound import OutboundCall, OutboundCallTopic
from app.server.models.session import AuthSession, LoginFailure, RefreshToken
from app.server.models.settings_tabs import QuickAnswer, ScreenPopSetting
from app.server.models.status import CustomStatus, StatusInterval
from app.server.models.tenant import Group, GroupMember, Role, RolePermission, Tenant
from app.server.models.trunk import Trunk
from app.server.models.two_factor import TwoFactorChallenge, TwoFactorSecret

__all__ = [
    "AuthSession",
    "Base",
    "Call",
    "CallGroup",
    "CallLeg",
    "CallTopic",
    "CallbackOrder",
    "CustomStatus",
    "DistributionSettings",
    "Employee",
    "ErrorReport",
    "Group",
    "GroupMember",
    "Hold",
    "KpiSelectionRow",
    "KpiThresholdRow",
    "LoginFailure",
    "MissedCall",
    "MissedCallRule",
    "Offer",
    "OutboundCall",
    "OutboundCallTopic",
    "OutboxEvent",
    "PostCallWork",
    "QueueNumber",
    "QuickAnswer",
    "Recording",
    "RefreshToken",
    "Role",
    "RolePermission",
    "ScreenPopSetting",
    "StatusInterval",
    "Tenant",
    "Topic",
    "Transfer",
    "Trunk",
    "TwoFactorChallenge",
    "TwoFactorSecret",
]
