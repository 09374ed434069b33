"""Every signed-in user changes their own password here (Django's PasswordChangeView, which checks
the old password, applies the password rules and keeps this session signed in)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import PasswordChangeView
from django.urls import reverse_lazy


class OwnPasswordChangeView(PasswordChangeView):
    template_name = "web/password_change.html"
    success_url = reverse_lazy("home")
    extra_context = {"title": "修改密码"}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "密码已修改，下次登录请使用新密码。")
        return response
