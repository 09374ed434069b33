"""Django admin of the register, for supervisors (their regions' units; superusers all)."""

from django.contrib import admin

from gongkai.registers import services
from gongkai.registers.models import Application, Consultation, MessageLimit, ReplyCheck
from gongkai.registry.admin import ScopedAdmin


class ConsultationInline(admin.TabularInline):
    model = Consultation
    extra = 0


class ReplyCheckInline(admin.StackedInline):
    """Shown only: the checklist is ticked on the application's page, which logs each change."""

    model = ReplyCheck
    extra = 0
    can_delete = False
    readonly_fields = tuple(f.name for f in ReplyCheck._meta.fields if f.name not in ("id", "application"))

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(ScopedAdmin):
    unit_lookup = "unit"
    list_display = ("number", "unit", "applicant_type", "received", "state", "replied", "result")
    list_filter = ("state", "applicant_type", "channel")
    search_fields = ("number", "unit__name", "content")
    inlines = [ConsultationInline, ReplyCheckInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit" and not request.user.is_superuser:
            from gongkai.accounts import access

            kwargs["queryset"] = access.visible_units(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # the register's own history and audit log, not the registry's change records
    def save_model(self, request, obj, form, change) -> None:
        services.save_application(obj, request.user, created=not change)

    def delete_model(self, request, obj) -> None:
        services.record(obj, "删除", "后台删除", request.user)
        obj.delete()

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change) -> None:
        formset.save()


@admin.register(MessageLimit)
class MessageLimitAdmin(ScopedAdmin):
    """A region's limit for 留言, 投诉 and 建议 (the nearest region up the tree that has one counts)."""

    region_lookup = "region"
    list_display = ("region", "days")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "region" and not request.user.is_superuser:
            from gongkai.accounts import access

            kwargs["queryset"] = access.visible_regions(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        obj.save()

    def delete_model(self, request, obj) -> None:
        obj.delete()

    def delete_queryset(self, request, queryset) -> None:
        queryset.delete()
