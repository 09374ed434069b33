"""Problems found by hand (issue 16.5): a supervisor issues one to a unit of a period (kind,
description, deadline, evidence), with no site; it is shown in the unit's portal and 整改通知 like
an audit finding's problem, goes overdue the same way, and is verified by a supervisor, not by
an audit run. Unit administrators see only their own unit's."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.followup import manual, services
from gongkai.followup.models import Problem, ProblemEvidence
from gongkai.monitoring.store import record_run
from gongkai.reports.notice import build_notice_context
from tests.assessment.conftest import figure_bytes
from tests.followup.conftest import contract, edu_findings

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pdf(name: str = "三定信息截图.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, figure_bytes("pdf"), content_type="application/pdf")


def _issue(setup, users, **post) -> tuple[Client, object]:
    client = _client(users["supervisor"])
    data = {
        "unit": setup["edu"].pk,
        "kind": "manual_sanding",
        "message": "“三定”规定已下发，主要职责、内设科室仍为机构改革前的内容",
        "page": "http://www.yanshi.gov.cn/jyj/jgzn/",
        "deadline": "2026-12-20",
        "files": _pdf(),
    } | post
    return client, client.post(f"/followup/periods/{setup['period'].pk}/problems/new/", data)


def test_a_supervisor_issues_a_problem_found_by_hand(setup, users, media):
    client, response = _issue(setup, users)
    problem = Problem.objects.get(manual=True)
    assert response.status_code == 302 and response["Location"] == f"/followup/problems/{problem.pk}/"
    assert problem.site is None and problem.finding is None and problem.unit == setup["edu"]
    assert (problem.kind, problem.status, problem.deadline) == (
        "manual_sanding",
        "待整改",
        date(2026, 12, 20),
    )
    assert problem.kind_label == "“三定”信息未及时更新" and problem.created_by == users["supervisor"]
    (evidence,) = problem.issue_evidence.all()
    stored = evidence.file.read()
    assert evidence.original_name == "三定信息截图.pdf" and stored.startswith(b"%PDF")
    assert evidence.sha256 == hashlib.sha256(stored).hexdigest()
    assert "人工下发" in problem.events.get().note and "三定信息截图.pdf" in problem.events.get().note
    page = client.get(f"/followup/problems/{problem.pk}/").content.decode()
    assert "“三定”信息未及时更新" in page and "人工发现的问题" in page and "三定信息截图.pdf" in page
    listing = client.get(f"/followup/periods/{setup['period'].pk}/problems/new/").content.decode()
    assert "主要职责、内设科室仍为机构改革前的内容" in listing
    assert "下发人工发现的问题" in client.get(f"/followup/periods/{setup['period'].pk}/").content.decode()


def test_bad_input_is_refused_and_nothing_is_stored(setup, users, media, sample_county):
    _, response = _issue(setup, users, message="  ")
    assert response.status_code == 200 and 'class="error"' in response.content.decode()
    _, response = _issue(setup, users, deadline="2020-01-01")
    assert response.status_code == 200 and "早于检查基准日" in response.content.decode()
    _, response = _issue(setup, users, files=SimpleUploadedFile("截图.pdf", b"MZ\x90\x00 executable"))
    assert response.status_code == 200
    assert not Problem.objects.filter(manual=True).exists() and not ProblemEvidence.objects.exists()
    # a unit outside the period
    from gongkai.registry.models import Unit

    outsider = (
        Unit.objects.filter(region=sample_county["偃师市"])
        .exclude(pk__in=[setup["edu"].pk, setup["police"].pk])
        .first()
    )
    with pytest.raises(services.FollowupError, match="不在考评期"):
        manual.issue_manual_problem(setup["period"], outsider, kind="manual_call", message="电话无人接听")
    with pytest.raises(services.FollowupError, match="问题类型"):
        manual.issue_manual_problem(setup["period"], setup["edu"], kind="typo", message="x")


def test_who_may_issue_see_and_answer(setup, users, media):
    url = f"/followup/periods/{setup['period'].pk}/problems/new/"
    for name in ("unit_admin", "other_admin", "leader", "shangnan_supervisor"):
        assert _client(users[name]).get(url).status_code == 403, name
        assert _client(users[name]).post(url, {"unit": setup["edu"].pk}).status_code == 403, name
    assert _client(users["assessor"]).get(url).status_code == 200
    _issue(setup, users)
    problem = Problem.objects.get(manual=True)
    evidence = problem.issue_evidence.get()
    own, other = _client(users["unit_admin"]), _client(users["other_admin"])
    assert "主要职责、内设科室仍为机构改革前的内容" in own.get("/followup/portal/").content.decode()
    assert "主要职责、内设科室仍为机构改革前的内容" not in other.get("/followup/portal/").content.decode()
    assert own.get(f"/followup/problems/{problem.pk}/").status_code == 200
    assert other.get(f"/followup/problems/{problem.pk}/").status_code == 403
    assert own.get(f"/followup/issue-evidence/{evidence.pk}/").status_code == 200
    assert other.get(f"/followup/issue-evidence/{evidence.pk}/").status_code == 403
    assert _client(users["shangnan_supervisor"]).get(f"/followup/problems/{problem.pk}/").status_code == 403
    # the unit answers through the same form as for audit findings
    response = own.post(
        f"/followup/problems/{problem.pk}/", {"note": "已按三定规定更新", "files": _pdf("更新后.pdf")}
    )
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.status == Problem.Status.FIXED
    # no audit run verifies it, even one of the unit's site made after the answer
    run = record_run(setup["edu_site"], contract(setup["edu_site"].url, edu_findings(setup["edu_site"].url)))
    assert problem not in services.verify_after_run(run)
    # only the region's supervisors and assessors verify it by hand
    assert own.post(f"/followup/problems/{problem.pk}/", {"decision": "accept"}).status_code == 403
    supervisor = _client(users["supervisor"])
    assert "核验整改" in supervisor.get(f"/followup/problems/{problem.pk}/").content.decode()
    supervisor.post(f"/followup/problems/{problem.pk}/", {"decision": "reopen", "note": ""})
    problem.refresh_from_db()
    assert problem.status == Problem.Status.FIXED  # reopening needs a reason
    supervisor.post(f"/followup/problems/{problem.pk}/", {"decision": "reopen", "note": "领导分工仍未更新"})
    problem.refresh_from_db()
    assert problem.status == Problem.Status.REOPENED
    assert "领导分工仍未更新" in problem.events.order_by("-id").first().note
    own.post(f"/followup/problems/{problem.pk}/", {"note": "已补充领导分工", "files": _pdf("分工.pdf")})
    supervisor.post(f"/followup/problems/{problem.pk}/", {"decision": "accept", "note": "已核对"})
    problem.refresh_from_db()
    assert problem.status == Problem.Status.VERIFIED


def test_deadline_and_notice_like_the_others(setup, users, media):
    problem = manual.issue_manual_problem(
        setup["period"],
        setup["edu"],
        kind="manual_newmedia",
        message="政务微信公众号“偃师教育”两周未更新",
        deadline=date(2026, 12, 20),
        user=users["supervisor"],
    )
    assert services.refresh_overdue(date(2026, 12, 21)) >= 1
    problem.refresh_from_db()
    assert problem.status == Problem.Status.OVERDUE
    assert problem in services.due_within(date(2026, 12, 21), 3)
    from gongkai.circulars.build import circular_for, period_unit_labels

    circular = circular_for(setup["period"])
    label = period_unit_labels(setup["period"])[setup["edu"].pk]
    rows = build_notice_context(circular, label)["rows"]
    assert any("政务新媒体问题" in r["problem"] and "两周未更新" in r["problem"] for r in rows)
    assert any(r["deadline"] == "2026年12月20日" for r in rows)
    other = period_unit_labels(setup["period"])[setup["police"].pk]
    assert not any("两周未更新" in p.problem for p in circular.problems_of(other))
    assert problem.deadline - setup["period"].check_date < timedelta(days=60)
