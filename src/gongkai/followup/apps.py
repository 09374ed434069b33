from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "gongkai.followup"
    verbose_name = "复核与整改"

    def ready(self) -> None:
        # rectification results as scoring metrics (followup.metrics): registers.metrics is below
        # this app and cannot import it, so the providers are added to its table here
        from gongkai.followup.metrics import PROVIDERS as FOLLOWUP_PROVIDERS
        from gongkai.registers.metrics import PROVIDERS

        PROVIDERS.update(FOLLOWUP_PROVIDERS)
