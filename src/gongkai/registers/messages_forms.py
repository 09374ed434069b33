from __future__ import annotations

from django import forms

from gongkai.registers.forms import DATE, UnitItemForm
from gongkai.registers.models import Message


class MessageForm(UnitItemForm):
    """A unit registers a message it received, or corrects it."""

    class Meta:
        model = Message
        fields = ["unit", "number", "channel", "title", "received", "assigned", "handled", "public", "reply"]
        widgets = {
            "received": DATE,
            "assigned": DATE,
            "handled": DATE,
            "reply": forms.Textarea(attrs={"rows": 4}),
        }

    noun = "留言"

    def clean(self) -> dict:
        data = super().clean()
        received = data.get("received")
        for name in ("assigned", "handled"):
            day = data.get(name)
            if received and day and day < received:
                self.add_error(name, f"{self.fields[name].label}不能早于收到日期（{received}）。")
        return data


class CloseForm(forms.Form):
    """办结: the day answered and closed, and the reply."""

    handled = forms.DateField(label="办结日期", widget=DATE)
    reply = forms.CharField(label="答复内容", required=False, widget=forms.Textarea(attrs={"rows": 3}))
