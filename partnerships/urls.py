"""Staff portal URLs. Each feature area keeps its own module so they can grow independently."""

from .urls_activities import urlpatterns as activity_urls
from .urls_import import urlpatterns as import_urls
from .urls_models import urlpatterns as model_urls
from .urls_partnerships import urlpatterns as partnership_urls
from .urls_plans import urlpatterns as plan_urls

app_name = "partnerships"
urlpatterns = activity_urls + plan_urls + partnership_urls + model_urls + import_urls
