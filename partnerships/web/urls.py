"""Staff portal URLs. Each feature area keeps its own module so they can grow independently."""

from partnerships.web.activities.urls import urlpatterns as activity_urls
from partnerships.web.audit.urls import urlpatterns as audit_urls
from partnerships.web.exports.urls import urlpatterns as export_urls
from partnerships.web.imports.urls import urlpatterns as import_urls
from partnerships.web.models.urls import urlpatterns as model_urls
from partnerships.web.partnerships.urls import urlpatterns as partnership_urls
from partnerships.web.plans.urls import urlpatterns as plan_urls
from partnerships.web.reminders.urls import urlpatterns as reminder_urls

app_name = "partnerships"
urlpatterns = (activity_urls + plan_urls + partnership_urls + model_urls + import_urls + reminder_urls + audit_urls
               + export_urls)
