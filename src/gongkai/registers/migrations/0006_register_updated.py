# The time a register record was last saved: a period computed before it says it needs a
# recompute. Existing records get the migration's time.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registers", "0005_messagelimit_message"),
    ]

    operations = [
        migrations.AddField(
            model_name=model,
            name="updated",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="修改时间"
            ),
            preserve_default=False,
        )
        for model in ("application", "message", "submission")
    ]
