from django.apps import AppConfig
from django.db.models.signals import post_migrate

# The four categories of issue 2 (seed 004 attachment 1 uses 县市区, 功能区, 市直部门; seeds 000,
# 002 and 003 rank 镇街 separately). Supervisors add more (e.g. 县直部门) in the web app.
DEFAULT_CATEGORIES = [("县市区", 10), ("功能区", 20), ("市直部门", 30), ("镇街", 40)]


def ensure_default_categories(sender, using="default", **kwargs) -> None:
    """After every migrate (and every flush, which ends with the same signal), the default
    categories exist: they are reference data, not user data."""
    from gongkai.registry.models import UnitCategory

    for name, order in DEFAULT_CATEGORIES:
        UnitCategory.objects.using(using).get_or_create(name=name, defaults={"order": order})


class RegistryConfig(AppConfig):
    name = "gongkai.registry"
    verbose_name = "单位登记"

    def ready(self) -> None:
        post_migrate.connect(ensure_default_categories, sender=self)
