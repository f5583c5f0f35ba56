"""The Django admin, for provincial coordinators and administrators: one module per topic, the
shared behaviour in `mixins` (see its opening comment for the rules every admin here keeps).
Django's autodiscovery imports this package; importing the modules registers their admins."""

from partnerships.admin import activities, partnerships, plans, report_names, units, users  # noqa: F401
