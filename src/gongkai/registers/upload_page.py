"""The supervisors' Excel upload page of a register: check the upload with the register's
``import_workbook`` (scope: the user's region); on success a message and a redirect, otherwise
the page again with every problem."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.accounts import access as base_access


def upload_page(
    request: HttpRequest, import_workbook: Callable, *, template: str, done: str, context: dict | None = None
) -> HttpResponse:
    result = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "请选择要上传的 Excel 文件。")
        else:
            result = import_workbook(upload, scope=base_access.scope_region(request.user), user=request.user)
            if result.ok:
                messages.success(request, result.summary())
                return redirect(done)
    return render(request, template, {"result": result, **(context or {})})
