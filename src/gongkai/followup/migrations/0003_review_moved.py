# Dismissal and ReviewDecision now belong to gongkai.review (its 0001 took them over on the same
# tables): drop them from followup's state only. The tables and their rows stay.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0002_review_convert"),
        ("review", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Dismissal"),
                migrations.DeleteModel(name="ReviewDecision"),
            ],
            database_operations=[],
        ),
    ]
