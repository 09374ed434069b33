"""New-media accounts to the registry's standard (registers-contract §5): 认证主体, open/closed
dates, the public page URL's label; platforms to the contract's list. 今日头条 is the platform
whose account type is 头条号. 移动客户端 (a government app) is not one of the contract's
platforms and has no public page of posts to check: such accounts become 其他, keeping their
name and address, so nothing is lost and a supervisor may re-classify them."""

from django.db import migrations, models

RENAMES = {"今日头条": "头条号", "移动客户端": "其他"}


def forwards(apps, schema_editor):
    account = apps.get_model("registry", "NewMediaAccount")
    for old, new in RENAMES.items():
        account.objects.filter(platform=old).update(platform=new)


def backwards(apps, schema_editor):
    account = apps.get_model("registry", "NewMediaAccount")
    account.objects.filter(platform="头条号").update(platform="今日头条")


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_annual_report_deadline")]

    operations = [
        migrations.AddField(
            model_name="newmediaaccount",
            name="certification_body",
            field=models.CharField(blank=True, max_length=100, verbose_name="认证主体"),
        ),
        migrations.AddField(
            model_name="newmediaaccount",
            name="opened_on",
            field=models.DateField(blank=True, null=True, verbose_name="开通日期"),
        ),
        migrations.AddField(
            model_name="newmediaaccount",
            name="closed_on",
            field=models.DateField(blank=True, null=True, verbose_name="关停日期"),
        ),
        migrations.AlterField(
            model_name="newmediaaccount",
            name="url",
            field=models.URLField(
                blank=True,
                help_text="账号的公开主页，可抓取发布日期",
                max_length=500,
                verbose_name="主页地址",
            ),
        ),
        migrations.AlterField(
            model_name="newmediaaccount",
            name="platform",
            field=models.CharField(
                choices=[
                    ("微信公众号", "微信公众号"),
                    ("微博", "微博"),
                    ("抖音", "抖音"),
                    ("头条号", "头条号"),
                    ("快手", "快手"),
                    ("其他", "其他"),
                ],
                max_length=20,
                verbose_name="平台",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
