from __future__ import annotations

from django import forms

from gongkai.registers import access, services
from gongkai.registers.models import Application, ReplyCheck
from gongkai.registers.states import MOVES
from gongkai.uploads import ALLOWED_TEXT, MultipleFileField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitItemForm(forms.ModelForm):
    """A register item's form: its unit among those the user keeps (fixed once saved) and its 编号
    unique within the unit (``noun``: what the item is called in the error, e.g. 申请)."""

    noun = ""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = access.keepable_units(user)
        if self.instance.pk:  # an item stays with its unit
            self.fields["unit"].disabled = True

    def clean(self) -> dict:
        data = super().clean()
        unit, number = data.get("unit"), data.get("number")
        if unit and number:
            others = self._meta.model.objects.filter(unit=unit, number=number).exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error("number", f"本单位已有编号为“{number}”的{self.noun}。")
        return data


class ApplicationForm(UnitItemForm):
    """Register or edit an application; the dates after receipt are set by the moves."""

    class Meta:
        model = Application
        fields = [
            "unit",
            "number",
            "applicant_type",
            "applicant_name",
            "channel",
            "received",
            "content",
            "fee_mode",
            "fee_amount",
            "fee_notice",
            "fee_paid",
        ]
        widgets = {"received": DATE, "fee_notice": DATE, "fee_paid": DATE}

    noun = "申请"

    def clean(self) -> dict:
        data = super().clean()
        received = data.get("received")
        if received:
            later = {
                "补正告知日期": self.instance.correction_requested,
                "答复日期": self.instance.replied,
            }
            for what, day in later.items():
                if day and received > day:
                    self.add_error("received", f"收到日期不能晚于{what}（{day}）。")
            if data.get("fee_notice") and data["fee_notice"] < received:
                self.add_error("fee_notice", "收费通知日期不能早于收到日期。")
        if data.get("fee_paid") and not data.get("fee_notice"):
            self.add_error("fee_notice", "填写了缴费日期，也须填写收费通知日期。")
        if data.get("fee_paid") and data.get("fee_notice") and data["fee_paid"] < data["fee_notice"]:
            self.add_error("fee_paid", "缴费日期不能早于收费通知日期。")
        if data.get("fee_mode") == "不收费" and data.get("fee_amount"):
            self.add_error("fee_amount", "收费方式为“不收费”时不能填写金额。")
        return data


class MoveForm(forms.Form):
    """One move of an application: its date and what that move needs."""

    on = forms.DateField(label="日期", widget=DATE)
    result = forms.ChoiceField(label="办理结果（年报表三）", required=False)
    approver = forms.CharField(label="延期批准人", max_length=50, required=False)
    files = MultipleFileField(label="答复书", required=False, help_text=f"可多个文件：{ALLOWED_TEXT}")
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, action: str, **kwargs):
        kwargs.setdefault("auto_id", f"id_{action}_%s")  # one form per move on the page: unique ids
        super().__init__(*args, **kwargs)
        self.action = action
        self.title = MOVES[action].label
        self.fields["result"].choices = [("", "——请选择——")] + [(x, x) for x in services.result_labels()]
        if action != "reply":
            del self.fields["result"]
            del self.fields["files"]
        else:
            self.fields["result"].required = True
        if action != "extend":
            del self.fields["approver"]
        else:
            self.fields["approver"].required = True


class ReplyCheckForm(forms.ModelForm):
    """The reply-document checklist: the elements the assessor found in the reply document."""

    class Meta:
        model = ReplyCheck
        fields = [
            "by_email",
            "heading",
            "number",
            "signature",
            "dated",
            "seal",
            "gov_mailbox",
            "result",
            "basis",
            "remedy",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
