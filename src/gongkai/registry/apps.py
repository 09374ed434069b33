from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "gongkai.registry"
    verbose_name = "单位登记"
