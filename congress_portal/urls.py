from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

# The admin modules are found here, when the URLconf first loads, rather than at start-up
# (settings use SimpleAdminConfig): they pull in django-import-export and openpyxl, which cron
# commands and Celery workers never use (0.1 s of every command's start).
admin.autodiscover()
admin.site.site_header = _("Cổng Đại hội Đảng — Quản trị")
admin.site.site_title = _("Cổng Đại hội Đảng")

urlpatterns = [
    path("", include("apps.worklist.urls")),
    path("", include("apps.accounts.urls")),
    path("account/2fa/", include("apps.twofactor.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("org/", include("apps.organizations.urls")),
    path("congresses/", include("apps.congresses.urls")),
    path("documents/", include("apps.documents.urls")),
    path("personnel/", include("apps.personnel.urls")),
    path("delegates/", include("apps.delegates.urls")),
    path("congress-day/", include("apps.attendance.urls")),
    path("reports/", include("apps.reports.urls")),
    path("notifications/", include("apps.notifications.urls")),
    path("api/", include("apps.api.urls")),
    path("admin/", admin.site.urls),
    # Browsers and bookmarks ask for /favicon.ico whatever the page says: the vendored icon.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("img/favicon.ico"))),
]

handler400 = "apps.core.views.bad_request"
handler403 = "apps.core.views.permission_denied"
handler404 = "apps.core.views.not_found"
handler500 = "apps.core.views.server_error"
