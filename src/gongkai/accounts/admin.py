from django.contrib import admin

from gongkai.accounts.models import Profile
from gongkai.params import IdAutocompleteSelect


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    """Roles are given by superusers only: a supervisor must not promote themselves."""

    list_display = ["user", "role", "region", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["unit"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = IdAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
