"""The coordinator's page of reminder schedules: what is reminded, to whom, when."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from notifications.models import ReminderSchedule
from partnerships.access.policy import is_coordinator_or_admin
from partnerships.exceptions import DomainError
from partnerships.services.reminders import reminder_schedule_save
from partnerships.web.reminders.forms import ReminderScheduleForm


@login_required
def reminder_list(request, pk=None):
    if not is_coordinator_or_admin(request.user):
        raise PermissionDenied(_("Chỉ cán bộ tổng hợp cấp tỉnh đặt lịch nhắc việc."))
    schedule = get_object_or_404(ReminderSchedule, pk=pk) if pk else None
    initial = ({"rule": schedule.rule, "days": schedule.days, "deadline": schedule.deadline,
                "is_active": schedule.is_active} if schedule else None)
    form = ReminderScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            reminder_schedule_save(actor=request.user, schedule=schedule, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã lưu lịch nhắc việc."))
            return redirect("partnerships:reminder_list")
    return render(request, "partnerships/reminder_list.html", {
        "schedules": ReminderSchedule.objects.select_related("updated_by"), "form": form, "schedule": schedule,
    })
