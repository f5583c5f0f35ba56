from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "status", "done", "total", "created_at", "finished_at", "expires_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "owner__username"]
    readonly_fields = [field.name for field in Job._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
