from __future__ import annotations

from django import forms

from gongkai.circulars.models import CircularSettings


class CircularSettingsForm(forms.ModelForm):
    class Meta:
        model = CircularSettings
        fields = [
            "issuing_office",
            "document_number",
            "title",
            "recipients",
            "cc",
            "contact",
            "date",
            "table_title",
            "notes",
            "requirements",
            "thresholds",
            "rectification_workdays",
            "rectification_deadline",
            "disclosure_note",
            "best_count",
            "worst_count",
            "names_cap",
            "comparison",
            "form",
            "bulletin_name",
            "issue_number",
            "send_to",
            "distribute_to",
            "signed_by",
            "reviewed_by",
            "edited_by",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "rectification_deadline": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "requirements": forms.Textarea(attrs={"rows": 5}),
            "thresholds": forms.Textarea(attrs={"rows": 2}),
        }
