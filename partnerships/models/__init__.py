"""Domain model of the twinning (kết nghĩa) programme, one module per topic (app label and tables
unchanged). Import from here: `from partnerships.models import Activity`.

Invariants that can be stated on a single row live in the database as constraints, so that
imports, the shell and the admin are held to the same rules as the portal. Rules that span
rows (a commune must lie within the partner district) live in `clean()` and in the services.
"""

from partnerships.models.activities import (
    Activity,
    ActivityCategory,
    ActivityStatus,
    ActivityStatusChange,
    ActivityConfirmation,
    Attachment,
    ConfirmationStatus,
    money_total,
)
from partnerships.models.agencies import Agency
from partnerships.models.audit import AuditEvent, AuditKind, ImportBatch
from partnerships.models.dev_models import DevelopmentModel
from partnerships.models.partnerships import Partnership, PartnershipStatus
from partnerships.models.people import User
from partnerships.models.plans import AnnualPlan, PlanCategoryTarget
from partnerships.models.report_names import ReportNames
from partnerships.models.stored_files import StoredFile
from partnerships.models.summary import ActivitySummary, ActivityYearSummary, DataVersion
from partnerships.models.units import AdministrativeUnit, UnitSuccession
from partnerships.models.year_lock import (
    FrozenClassification,
    FrozenTargetArea,
    LockedYear,
    substantive_q,
    target_area_in_year_q,
)

__all__ = [
    "UnitSuccession",
    "Activity",
    "ActivityCategory",
    "ActivityStatus",
    "ActivityStatusChange",
    "ActivitySummary",
    "ActivityYearSummary",
    "DataVersion",
    "AdministrativeUnit",
    "Agency",
    "AnnualPlan",
    "ActivityConfirmation",
    "Attachment",
    "AuditEvent",
    "AuditKind",
    "ConfirmationStatus",
    "DevelopmentModel",
    "FrozenClassification",
    "FrozenTargetArea",
    "ImportBatch",
    "LockedYear",
    "Partnership",
    "PartnershipStatus",
    "PlanCategoryTarget",
    "ReportNames",
    "StoredFile",
    "User",
    "money_total",
    "substantive_q",
    "target_area_in_year_q",
]
