"""Tag the notices of circulars published before notices carried their unit's id: the unit of
the period with that name, when exactly one has it. A notice whose name two units of the period
share stays untagged, and so downloadable by supervisors only (it may hold both units' problems)."""

from django.db import migrations


def tag_notices(apps, schema_editor):
    PublishedCircular = apps.get_model("circulars", "PublishedCircular")
    PeriodUnit = apps.get_model("assessment", "PeriodUnit")
    for record in PublishedCircular.objects.all():
        names: dict[str, list[int]] = {}
        for unit_id, name in PeriodUnit.objects.filter(period_id=record.period_id).values_list(
            "unit_id", "unit__name"
        ):
            names.setdefault(name, []).append(unit_id)
        changed = False
        for entry in record.files:
            if entry.get("kind") == "notice" and "unit_id" not in entry:
                ids = names.get(entry.get("unit", ""), [])
                entry["unit_id"] = ids[0] if len(ids) == 1 else None
                changed = True
        if changed:
            record.save(update_fields=["files"])


class Migration(migrations.Migration):
    dependencies = [("circulars", "0001_initial"), ("assessment", "0001_initial")]

    operations = [migrations.RunPython(tag_notices, migrations.RunPython.noop)]
