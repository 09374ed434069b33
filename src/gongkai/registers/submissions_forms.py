from __future__ import annotations

from django import forms

from gongkai.registers.forms import DATE, UnitItemForm
from gongkai.registers.models import Level, Submission
from gongkai.registry.forms import _formfield
from gongkai.uploads import ALLOWED_TEXT, MultipleFileField


class SubmissionForm(UnitItemForm):
    """A unit submits an item, or corrects it before the office reviews it."""

    files = MultipleFileField(
        label="附件（稿件、图片）", required=False, help_text=f"可多个文件：{ALLOWED_TEXT}"
    )

    class Meta:
        model = Submission
        fields = ["unit", "number", "title", "submitted", "event_date", "link"]
        widgets = {"submitted": DATE, "event_date": DATE}
        formfield_callback = _formfield  # a link typed without a scheme gets http://, as in the registry

    noun = "报送信息"

    def clean(self) -> dict:
        data = super().clean()
        submitted, event = data.get("submitted"), data.get("event_date")
        if submitted and event and event > submitted:
            self.add_error("event_date", f"事件日期不能晚于报送日期（{submitted}）。")
        if (
            not data.get("link")
            and not data.get("files")
            and not (self.instance.pk and self.instance.attachments.exists())
        ):
            self.add_error("link", "请填写信息的链接，或上传稿件附件。")
        return data


class ReviewForm(forms.Form):
    """The office's marks: adoption, level, key area."""

    adopted = forms.BooleanField(label="采用", required=False)
    level = forms.ChoiceField(
        label="采用级别",
        required=False,
        choices=[("", "——")] + list(Level.choices),
        widget=forms.Select(attrs={"aria-label": "采用级别"}),
    )
    key_area = forms.BooleanField(label="重点领域", required=False)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("level") and not data.get("adopted"):
            self.add_error("level", "未采用的信息不能填写采用级别。")
        return data
