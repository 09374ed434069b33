from django.apps import AppConfig


class CircularsConfig(AppConfig):
    name = "gongkai.circulars"
    verbose_name = "通报"
