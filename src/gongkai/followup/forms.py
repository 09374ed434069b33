from __future__ import annotations

from django import forms

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
