from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

admin.site.site_header = "Cổng thông tin kết nghĩa – tỉnh Quảng Nam"
admin.site.site_title = "Quản trị kết nghĩa"
admin.site.index_title = "Quản trị hệ thống"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("reports/", include("reports.web.urls")),
    path("tep-cua-toi/", include("jobs.urls")),
    path("", include("portal.urls")),
    path("", include("partnerships.web.urls")),
]
