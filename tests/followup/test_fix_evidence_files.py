"""Rectification evidence through gongkai.uploads: where it is stored and how it is served."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.followup import services
from gongkai.followup.models import Problem
from tests.assessment.conftest import figure_bytes


@pytest.fixture
def evidence(setup, users, media):
    services.issue_problems(setup["period"], user=users["supervisor"])
    problem = Problem.objects.get(kind="empty_column")
    services.mark_fixed(
        problem,
        note="已补充内容",
        files=[SimpleUploadedFile("整改后 截图.PDF", figure_bytes("pdf"))],
        user=users["unit_admin"],
    )
    return problem.evidence.get()


@pytest.mark.django_db
def test_stored_under_the_problem_with_a_random_name(evidence, media, users):
    problem = evidence.problem
    assert re.fullmatch(
        rf"followup/{problem.period_id}/{problem.unit_id}/[0-9a-f]{{32}}\.pdf", evidence.file.name
    )
    assert evidence.file.path.startswith(str(media))
    assert (evidence.original_name, evidence.content_type) == ("整改后 截图.PDF", "application/pdf")
    assert evidence.uploaded_by == users["unit_admin"] and evidence.size == evidence.file.size


@pytest.mark.django_db
def test_download_is_an_attachment_with_the_original_name(evidence, users):
    client = Client()
    client.force_login(users["unit_admin"])
    response = client.get(f"/followup/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"fix-{evidence.pk}.PDF\"; filename*=UTF-8''{quote('整改后 截图.PDF')}"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == evidence.sha256


@pytest.mark.django_db
def test_a_lost_file_is_a_404_not_an_error(evidence, users):
    evidence.file.storage.delete(evidence.file.name)
    client = Client()
    client.force_login(users["supervisor"])
    response = client.get(f"/followup/evidence/{evidence.pk}/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
