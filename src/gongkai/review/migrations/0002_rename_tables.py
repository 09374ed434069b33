# The tables taken over from followup get the review app's names: a rename (ALTER TABLE ...
# RENAME TO), rows, ids and indexes kept.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0003_review_moved"),
        ("review", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="dismissal", table=None),
        migrations.AlterModelTable(name="reviewdecision", table=None),
    ]
