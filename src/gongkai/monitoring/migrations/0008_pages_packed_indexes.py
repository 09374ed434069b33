"""A run's page list stored zlib-compressed (AuditRun.pages_packed) instead of as JSON, existing
runs' lists packed on the way; indexes for the filters the review and finding pages use."""

import json
import zlib

from django.db import migrations, models


def _pack(urls):
    if not urls:
        return b""
    return zlib.compress(json.dumps(list(urls), ensure_ascii=False, separators=(",", ":")).encode(), 6)


def pack_existing(apps, schema_editor):
    AuditRun = apps.get_model("monitoring", "AuditRun")
    for run in AuditRun.objects.exclude(pages=[]).only("id", "pages").iterator(chunk_size=100):
        AuditRun.objects.filter(pk=run.pk).update(pages_packed=_pack(run.pages))


def unpack_existing(apps, schema_editor):
    AuditRun = apps.get_model("monitoring", "AuditRun")
    for run in AuditRun.objects.exclude(pages_packed=b"").only("id", "pages_packed").iterator(chunk_size=100):
        AuditRun.objects.filter(pk=run.pk).update(pages=json.loads(zlib.decompress(bytes(run.pages_packed))))


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0007_auditrun_messages"),
        ("registry", "0006_newmedia_standard"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditrun",
            name="pages_packed",
            field=models.BinaryField(blank=True, default=b"", verbose_name="已检查页面（压缩）"),
        ),
        migrations.RunPython(pack_existing, unpack_existing),
        migrations.RemoveField(model_name="auditrun", name="pages"),
        migrations.AddIndex(
            model_name="auditrun",
            index=models.Index(fields=["site", "-as_of", "-id"], name="auditrun_site_latest"),
        ),
        migrations.AddIndex(
            model_name="finding",
            index=models.Index(fields=["run", "position"], name="finding_run_position"),
        ),
        migrations.AddIndex(
            model_name="finding",
            index=models.Index(fields=["run", "kind"], name="finding_run_kind"),
        ),
    ]
