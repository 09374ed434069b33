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
            "evidence_screenshots",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "rectification_deadline": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "requirements": forms.Textarea(attrs={"rows": 5}),
            "thresholds": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "thresholds": "每行“类别 分数”，如“镇办 10”：通报写明达到该分数的单位数及与比较对象相比的变化；"
            "行末加“名单”（如“镇办 10 名单”）再列出这些单位；要用本地的措辞时，在“|”后写句式，"
            "可用 {count}（单位数）、{change}（如“同比增加2个”）、{names}（按得分排序的单位名称）、"
            "{minimum}（分数）、{category}（类别），"
            "如“市州 85 | 考核较好的市州（85分以上，按得分排序）为：{names}。”",
        }
