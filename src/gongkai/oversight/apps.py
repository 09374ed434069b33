from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(sender, using: str = "default", **kwargs) -> None:
    """The database cache (sign-in failure counts) needs its table; migrate alone does not make it."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class OversightConfig(AppConfig):
    name = "gongkai.oversight"
    verbose_name = "监督与安全"

    def ready(self) -> None:
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="gongkai-oversight-cache-table")
