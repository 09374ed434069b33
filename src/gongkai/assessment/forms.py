from __future__ import annotations

from django import forms
from django.conf import settings

from gongkai.accounts import access
from gongkai.assessment.models import Period
from gongkai.assessment.services import scheme_for
from gongkai.params import IdMultipleChoiceField
from gongkai.registry.models import Unit
from gongkai.scoring import SchemeError, builtin_ids
from gongkai.uploads import MultipleFileField, size_text


def _scheme_choices() -> list[tuple[str, str]]:
    choices = []
    for scheme_id in builtin_ids():
        try:
            choices.append((scheme_id, f"{scheme_for(scheme_id).name}（{scheme_id}）"))
        except SchemeError:  # a broken built-in is not offered; clean_scheme reports it if posted
            continue
    return choices


class PeriodForm(forms.ModelForm):
    units = IdMultipleChoiceField(
        label="考评对象",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text="新建时留空：考评地区内全部参加考评的单位。",
    )
    reason = forms.CharField(
        label="修改原因", required=False, max_length=200, help_text="修改考评对象时记入变更记录。"
    )

    class Meta:
        model = Period
        fields = [
            "name", "kind", "scheme", "region", "check_date", "start", "end", "evidence_deadline",
            "ranking", "year_rule", "status",
        ]  # fmt: skip
        widgets = {
            "scheme": forms.Select(),
            "check_date": forms.DateInput(attrs={"type": "date"}),
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
            "evidence_deadline": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].widget.choices = _scheme_choices()
        self.fields["region"].queryset = access.visible_regions(user)
        self.fields["units"].queryset = (
            access.visible_units(user).filter(active=True).select_related("category")
        )
        # publishing (freezing the scores) is its own step, not a field edit
        self.fields["status"].choices = [c for c in Period.Status.choices if c[0] != Period.Status.PUBLISHED]
        # older clients post no year rule: the model's default then
        self.fields["year_rule"].required = False
        if self.instance.pk:
            self.fields["units"].initial = list(self.instance.units.values_list("pk", flat=True))
            self.fields["scheme"].disabled = True  # stored scores and entries refer to its indicators

    def clean_year_rule(self) -> str:
        return self.cleaned_data.get("year_rule") or self.instance.year_rule or Period.YearRule.MEAN

    def clean_scheme(self) -> str:
        scheme_id = self.cleaned_data["scheme"]
        if scheme_id not in builtin_ids():
            raise forms.ValidationError("请选择一个内置指标方案。")
        try:
            scheme_for(scheme_id)
        except SchemeError as exc:
            raise forms.ValidationError(f"方案无法加载：{exc}") from None
        return scheme_id

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "考评截止日不能早于起始日。")
        region, units = data.get("region"), data.get("units")
        if region and units:
            outside = [u.name for u in units if not u.region.path.startswith(region.path)]
            if outside:
                self.add_error("units", f"这些单位不在考评地区内：{'、'.join(outside[:5])}")
        return data


class ManualEntryForm(forms.Form):
    applicable = forms.BooleanField(
        label="本项适用",
        required=False,
        initial=True,
        help_text="取消勾选表示本项不适用于该单位（按方案规则折算）。",
    )
    points = forms.DecimalField(label="得分", required=False, max_digits=8, decimal_places=2, min_value=0)
    reason = forms.CharField(label="评分理由", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    files = MultipleFileField(
        label="佐证材料",
        required=False,
        help_text="可选多个文件：PDF、PNG、JPEG、Word（.docx）、Excel（.xlsx）或纯文本。",
    )


class MetricImportForm(forms.Form):
    file = forms.FileField(label="数据表（.xlsx 或 .csv）")
    note = forms.CharField(
        label="说明", required=False, max_length=200, help_text="记入变更记录，例如数据来源。"
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"文件超过大小上限 {size_text(settings.MAX_UPLOAD_BYTES)}。")
        return upload


class UnitEvidenceForm(forms.Form):
    """A unit's evidence files for one item (the item chosen on the page)."""

    indicator = forms.CharField(widget=forms.HiddenInput)
    files = MultipleFileField(
        label="佐证材料",
        help_text="可选多个文件：PDF、PNG、JPEG、Word（.docx）、Excel（.xlsx）或纯文本。",
        error_messages={"required": "请选择要上传的佐证材料文件。"},
    )


class AcceptEvidenceForm(forms.Form):
    reason = forms.CharField(
        label="认可理由",
        max_length=500,
        error_messages={"required": "请填写认可逾期佐证材料的理由。"},
    )
