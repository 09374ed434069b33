from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "gongkai.followup"
    verbose_name = "复核与整改"
