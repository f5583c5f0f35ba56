from django.contrib import admin
from django.urls import include, path

from partnerships.web.accounts import urls as account_urls

admin.site.site_header = "Cổng thông tin kết nghĩa – tỉnh Quảng Nam"
admin.site.site_title = "Quản trị kết nghĩa"
admin.site.index_title = "Quản trị hệ thống"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Sign-in, password change and reset for every user (not the admin's); user management.
    path("accounts/", include(account_urls.auth_urlpatterns)),
    path("tai-khoan/", include("partnerships.web.accounts.urls")),
    path("reports/", include("reports.web.urls")),
    path("tep-cua-toi/", include("jobs.urls")),
    path("thong-bao/", include("notifications.urls")),
    path("", include("inspections.urls")),
    path("", include("api.urls")),
    path("", include("portal.urls")),
    path("", include("partnerships.web.urls")),
]
