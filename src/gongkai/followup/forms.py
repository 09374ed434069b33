from __future__ import annotations

from django import forms

from gongkai.followup.models import MANUAL_KINDS
from gongkai.registry.models import Unit
from gongkai.uploads import MultipleFileField


class MarkFixedForm(forms.Form):
    note = forms.CharField(label="整改情况说明", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    files = MultipleFileField(
        label="佐证材料",
        help_text="至少一个文件：PDF、PNG、JPEG、Word（.docx）、Excel（.xlsx）或纯文本（如整改后页面截图）。",
    )


class IssueForm(forms.Form):
    deadline = forms.DateField(
        label="整改期限",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="不填则为检查基准日后第 15 个工作日。",
    )


class ManualProblemForm(forms.Form):
    """A problem found by hand, issued to one unit of the period (issue 16.5)."""

    unit = forms.ModelChoiceField(label="单位", queryset=None, empty_label="请选择单位")
    kind = forms.ChoiceField(label="问题类型")
    message = forms.CharField(label="问题说明", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    page = forms.CharField(
        label="页面或账号",
        required=False,
        max_length=2000,
        help_text="可选：问题所在的网页地址、栏目或政务新媒体账号。",
    )
    deadline = forms.DateField(
        label="整改期限",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="不填则为检查基准日后第 15 个工作日。",
    )
    files = MultipleFileField(
        label="佐证材料",
        required=False,
        help_text="可选：截图、通话记录等（PDF、PNG、JPEG、Word、Excel 或纯文本）。",
    )

    def __init__(self, *args, period, **kwargs):
        super().__init__(*args, **kwargs)
        members = period.memberships.values_list("unit_id", flat=True)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=members).order_by("order", "name")
        self.fields["kind"].choices = list(MANUAL_KINDS.items())


class VerifyForm(forms.Form):
    decision = forms.ChoiceField(label="核验结论", choices=[("accept", "整改已核实"), ("reopen", "重新打开")])
    note = forms.CharField(
        label="说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
