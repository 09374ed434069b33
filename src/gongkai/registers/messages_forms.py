from __future__ import annotations

from django import forms

from gongkai.registers import messages_access as access
from gongkai.registers.forms import DATE
from gongkai.registers.models import Message


class MessageForm(forms.ModelForm):
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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = access.keepable_units(user)
        if self.instance.pk:  # a message stays with its unit
            self.fields["unit"].disabled = True

    def clean(self) -> dict:
        data = super().clean()
        unit, number = data.get("unit"), data.get("number")
        if unit and number:
            others = Message.objects.filter(unit=unit, number=number).exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error("number", f"本单位已有编号为“{number}”的留言。")
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
