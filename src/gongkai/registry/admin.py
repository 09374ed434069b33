"""Django admin for supervisors, limited to the units of their region (superusers see all)."""

from django.contrib import admin
from django.db.models import URLField

from gongkai.accounts import access
from gongkai.registry import changes, models


class ScopedAdmin(admin.ModelAdmin):
    """Supervisors get full rights in the admin, but only over the records of their region."""

    # lookup from this model to Unit ("" for Unit itself), or to Region for regions
    unit_lookup: str | None = None
    region_lookup: str | None = None
    formfield_overrides = {URLField: {"assume_scheme": "http"}}

    def _allowed(self, request) -> bool:
        return access.can_manage_registry(request.user)

    def has_module_permission(self, request) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        if self.unit_lookup is not None:
            key = f"{self.unit_lookup}__in" if self.unit_lookup else "pk__in"
            return qs.filter(**{key: access.visible_units(request.user)})
        if self.region_lookup is not None:
            key = f"{self.region_lookup}__in" if self.region_lookup else "pk__in"
            return qs.filter(**{key: access.visible_regions(request.user)})
        return qs

    # every edit made here is recorded like the pages' (who, when, old -> new); supervisors and
    # superusers only reach the admin, so nothing here waits for approval
    def save_model(self, request, obj, form, change) -> None:
        changes.save_tracked(obj, request.user, via="后台")

    def delete_model(self, request, obj) -> None:
        changes.delete_tracked(obj, request.user, via="后台")

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            changes.delete_tracked(obj, request.user, via="后台")

    def save_formset(self, request, form, formset, change) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            changes.delete_tracked(obj, request.user, via="后台")
        for obj in instances:
            changes.save_tracked(obj, request.user, via="后台")
        formset.save_m2m()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            if db_field.related_model is models.Unit:
                kwargs["queryset"] = access.visible_units(request.user)
            elif db_field.related_model is models.Region:
                kwargs["queryset"] = access.visible_regions(request.user)
            elif db_field.related_model is models.Site:
                kwargs["queryset"] = models.Site.objects.filter(unit__in=access.visible_units(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(models.Region)
class RegionAdmin(ScopedAdmin):
    region_lookup = ""
    list_display = ["full_name", "code", "level"]
    search_fields = ["name", "code"]


@admin.register(models.UnitCategory)
class UnitCategoryAdmin(ScopedAdmin):
    list_display = ["name", "order", "government"]


class SiteInline(admin.TabularInline):
    model = models.Site
    extra = 0


class PersonInline(admin.TabularInline):
    model = models.Person
    extra = 0


@admin.register(models.Unit)
class UnitAdmin(ScopedAdmin):
    unit_lookup = ""
    list_display = ["name", "region", "category", "order", "active"]
    list_filter = ["category", "active"]
    search_fields = ["name"]
    inlines = [SiteInline, PersonInline]


@admin.register(models.Site)
class SiteAdmin(ScopedAdmin):
    unit_lookup = "unit"
    list_display = ["name", "unit", "url", "site_id_code", "is_portal"]
    search_fields = ["name", "url", "unit__name"]


@admin.register(models.Column)
class ColumnAdmin(ScopedAdmin):
    unit_lookup = "site__unit"
    list_display = ["name", "site", "column_type", "window_days"]
    list_filter = ["column_type"]


@admin.register(models.Person)
class PersonAdmin(ScopedAdmin):
    unit_lookup = "unit"
    list_display = ["name", "unit", "role", "title", "mobile", "landline"]
    search_fields = ["name", "unit__name"]


@admin.register(models.NewMediaAccount)
class NewMediaAccountAdmin(ScopedAdmin):
    unit_lookup = "unit"
    list_display = ["name", "platform", "unit", "status"]
    list_filter = ["platform", "status"]


@admin.register(models.RegistryChange)
class RegistryChangeAdmin(ScopedAdmin):
    """The record of registry edits: read only (decisions are made on the approval page)."""

    unit_lookup = "unit"
    list_display = ["requested_at", "unit_name", "object_label", "field_label", "old", "new", "status", "via"]
    list_filter = ["status", "scoring", "via"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
