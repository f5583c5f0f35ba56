"""No admin pages: people follow their jobs in "Tệp của tôi"; the task backend's rows are plumbing
(django-tasks-db registers an admin for them, taken off here so the admin lists only the portal's
own data)."""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
