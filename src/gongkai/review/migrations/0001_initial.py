# The review models move here out of the followup app (issue 13): this migration only takes them
# over in Django's state, on the tables followup's migrations created (followup 0003 drops them
# from followup's state; 0002 here renames the tables). No row is copied.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("assessment", "0001_initial"),
        ("followup", "0002_review_convert"),
        ("monitoring", "0001_initial"),
        ("registry", "0002_default_categories"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Dismissal",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("kind", models.CharField(max_length=40, verbose_name="类型")),
                        ("page", models.CharField(max_length=2000, verbose_name="页面")),
                        ("ident", models.TextField(blank=True, verbose_name="识别字段")),
                        ("key", models.CharField(max_length=64, verbose_name="识别码")),
                        ("page_hash", models.CharField(blank=True, max_length=128, verbose_name="页面指纹")),
                        ("reason", models.TextField(verbose_name="误报原因")),
                        ("active", models.BooleanField(default=True, verbose_name="有效")),
                        ("at", models.DateTimeField(auto_now=True, verbose_name="认定时间")),
                        (
                            "site",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="registry.site",
                                verbose_name="网站",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="认定人",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "误报认定",
                        "verbose_name_plural": "误报认定",
                        "db_table": "followup_dismissal",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("site", "key", "page_hash"), name="dismissal_unique"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ReviewDecision",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "decision",
                            models.CharField(
                                choices=[
                                    ("confirm", "确认"),
                                    ("dismiss", "误报"),
                                    ("convert", "认定为单位问题"),
                                ],
                                max_length=10,
                                verbose_name="结论",
                            ),
                        ),
                        ("reason", models.TextField(blank=True, verbose_name="理由")),
                        ("at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="时间")),
                        (
                            "finding",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="review_decisions",
                                to="monitoring.finding",
                                verbose_name="检查发现",
                            ),
                        ),
                        (
                            "period",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="review_decisions",
                                to="assessment.period",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="复核人",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "复核记录",
                        "verbose_name_plural": "复核记录",
                        "ordering": ["-at", "-id"],
                        "db_table": "followup_reviewdecision",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
