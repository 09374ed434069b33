from django.db import migrations

# The four categories of issue 2 (seed 004 attachment 1 uses 县市区, 功能区, 市直部门; seeds 000,
# 002 and 003 rank 镇街 separately). Supervisors add more (e.g. 县直部门) in the web app.
DEFAULT_CATEGORIES = [("县市区", 10), ("功能区", 20), ("市直部门", 30), ("镇街", 40)]


def add_categories(apps, schema_editor):
    UnitCategory = apps.get_model("registry", "UnitCategory")
    for name, order in DEFAULT_CATEGORIES:
        UnitCategory.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
