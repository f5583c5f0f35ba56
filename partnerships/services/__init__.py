"""Every use case that changes data, one module per topic. Views, admin actions, imports and
commands call these as `services.<noun>_<verb>(...)`; the names are gathered here so that callers
need one import. (Who may do what is asked of `partnerships.access.policy`, not of this package.)

Each service takes keyword-only arguments and an `actor`, validates with full_clean(), runs in
a transaction, and leaves an audit trail (workflow rows; django-simple-history rows, attributed
to the actor).
"""

from partnerships.services.activities import (
    ACTIVITY_EDITABLE_FIELDS,
    ACTIVITY_MONEY_FIELDS,
    ACTIVITY_RESULT_FIELDS,
    RowsRefused,
    activities_import,
    activity_approve,
    activity_confirm,
    activity_create,
    activity_delete,
    activity_flag_discrepancy,
    activity_return,
    activity_submit,
    activity_update,
    attachment_add,
    attachment_delete,
)
from partnerships.services.activity_repointing import (
    ActivityMove,
    activities_at_abolished_units,
    activities_move_to_successor,
    activity_move_proposals,
)
from partnerships.services.audit import (
    audit,
    import_batch_close,
    import_batch_open,
    import_batch_recording,
)
from partnerships.services.dev_models import (
    DEVELOPMENT_MODEL_FIELDS,
    development_model_delete,
    development_model_save,
)
from partnerships.services.partnerships import (
    PARTNERSHIP_FIELDS,
    partnership_create,
    partnership_delete,
    partnership_end,
    partnership_update,
)
from partnerships.services.plans import PLAN_TARGET_FIELDS, plan_delete, plan_save
from partnerships.services.report_names import report_names_delete, report_names_save
from partnerships.services.repointing import REPOINT_REASON, RepointProposal, partnerships_repoint, repointing_proposals
from partnerships.services.reference import (
    agency_delete,
    agency_end,
    agency_save,
    category_delete,
    category_save,
    succession_delete,
    succession_save,
    unit_delete,
    unit_save,
)
from partnerships.services.year_lock import (
    locked_years,
    require_partnership_change_open,
    require_partnership_open,
    require_years_open,
    year_lock_close,
    year_lock_open,
)

__all__ = [
    "ACTIVITY_EDITABLE_FIELDS",
    "ACTIVITY_MONEY_FIELDS",
    "ACTIVITY_RESULT_FIELDS",
    "ActivityMove",
    "DEVELOPMENT_MODEL_FIELDS",
    "PARTNERSHIP_FIELDS",
    "PLAN_TARGET_FIELDS",
    "REPOINT_REASON",
    "RepointProposal",
    "RowsRefused",
    "activities_at_abolished_units",
    "activities_import",
    "activities_move_to_successor",
    "activity_approve",
    "activity_confirm",
    "activity_create",
    "activity_delete",
    "activity_flag_discrepancy",
    "activity_move_proposals",
    "activity_return",
    "activity_submit",
    "activity_update",
    "agency_delete",
    "agency_end",
    "agency_save",
    "attachment_add",
    "attachment_delete",
    "audit",
    "category_delete",
    "category_save",
    "development_model_delete",
    "development_model_save",
    "import_batch_close",
    "import_batch_open",
    "import_batch_recording",
    "locked_years",
    "partnership_create",
    "partnership_delete",
    "partnership_end",
    "partnership_update",
    "partnerships_repoint",
    "plan_delete",
    "plan_save",
    "report_names_delete",
    "report_names_save",
    "require_partnership_change_open",
    "require_partnership_open",
    "repointing_proposals",
    "require_years_open",
    "succession_delete",
    "succession_save",
    "unit_delete",
    "unit_save",
    "year_lock_close",
    "year_lock_open",
]
