"""Finding review: dismissals persist across runs while the page is unchanged, dismissed findings
leave the scores, and every decision is logged."""

from __future__ import annotations

import pytest

from gongkai.assessment import review
from gongkai.assessment.models import Score, ScoreChange
from gongkai.assessment.services import recompute, unit_audit_input
from gongkai.monitoring.store import record_run
from gongkai.review.models import Decision, Dismissal, ReviewDecision
from tests.followup.conftest import CHECK_DATE, contract, edu_findings


def _typo(run):
    return run.findings.get(kind="typo")


def _states(period, unit):
    return {r.finding.kind: r.state for r in review.period_findings(period, unit.pk)}


@pytest.mark.django_db
def test_dismissal_persists_with_same_page_hash_and_lapses_when_page_changes(setup, users):
    period, edu, site = setup["period"], setup["edu"], setup["edu_site"]
    review.review_finding(
        period, _typo(setup["edu_run"]), Decision.DISMISS, reason="引文原文如此", user=users["assessor"]
    )
    assert _states(period, edu)["typo"] == review.DISMISSED

    # a later run, page unchanged (same page_hash): still dismissed, and not scored
    later = record_run(site, contract(site.url, edu_findings(site.url)))
    rows = {r.finding.kind: r for r in review.period_findings(period, edu.pk)}
    assert rows["typo"].finding.run_id == later.pk and rows["typo"].state == review.DISMISSED
    assert rows["typo"].reason == "引文原文如此"
    assert _typo(later).pk not in unit_audit_input(edu, CHECK_DATE).finding_ids

    # the page changed (new page_hash): the same typo counts again
    changed = record_run(site, contract(site.url, edu_findings(site.url, typo_hash="h-a0-v2")))
    rows = {r.finding.kind: r for r in review.period_findings(period, edu.pk)}
    assert rows["typo"].finding.run_id == changed.pk and rows["typo"].state == review.UNREVIEWED
    audit = unit_audit_input(edu, CHECK_DATE)
    assert _typo(changed).pk in audit.finding_ids
    assert len(audit.findings) == len(audit.finding_ids) == 3


@pytest.mark.django_db
def test_dismissal_without_page_hash_keys_on_identity(setup, users):
    period, edu, site = setup["period"], setup["edu"], setup["edu_site"]
    empty = setup["edu_run"].findings.get(kind="empty_column")
    review.review_finding(period, empty, Decision.DISMISS, reason="栏目已撤销", user=users["supervisor"])
    record_run(site, contract(site.url, edu_findings(site.url)))
    assert _states(period, edu)["empty_column"] == review.DISMISSED
    # the dismissal is one row keyed on the finding's identity, with no fingerprint
    dismissal = Dismissal.objects.get()
    assert dismissal.page_hash == "" and dismissal.ident == f"{site.url}col1/" and dismissal.active


@pytest.mark.django_db
def test_dismissed_findings_leave_the_score_and_confirming_brings_them_back(setup, users):
    period, edu = setup["period"], setup["edu"]
    before = Score.objects.get(period=period, unit=edu)
    assert before.vetoed and len(before.finding_ids) == 3
    typo = _typo(setup["edu_run"])
    review.review_finding(period, typo, Decision.DISMISS, reason="引用的是原文标题", user=users["supervisor"])
    after = Score.objects.get(period=period, unit=edu)
    assert not after.vetoed and after.total != before.total
    assert typo.pk not in after.finding_ids and len(after.finding_ids) == 2
    # trace references index finding_ids: each one must still point at a scored finding
    assert all(fid in set(unit_audit_input(edu, CHECK_DATE).finding_ids) for fid in after.finding_ids)
    total_change = ScoreChange.objects.filter(period=period, unit=edu, what=ScoreChange.TOTAL).first()
    assert total_change.user == users["supervisor"] and "误报" in total_change.reason

    review.review_finding(period, typo, Decision.CONFIRM, reason="复核后确认", user=users["supervisor"])
    again = Score.objects.get(period=period, unit=edu)
    assert again.vetoed and again.total == before.total
    assert not Dismissal.objects.filter(active=True).exists()


@pytest.mark.django_db
def test_every_decision_is_logged_and_dismissal_needs_a_reason(setup, users):
    period, run = setup["period"], setup["edu_run"]
    typo, link = _typo(run), run.findings.get(kind="broken_link")
    with pytest.raises(review.ReviewError, match="必须填写原因"):
        review.review_finding(period, typo, Decision.DISMISS, reason="  ", user=users["assessor"])
    review.review_finding(period, link, Decision.CONFIRM, user=users["assessor"])
    review.review_finding(period, typo, Decision.DISMISS, reason="误判", user=users["supervisor"])
    log = list(
        ReviewDecision.objects.order_by("id").values_list(
            "finding_id", "decision", "reason", "user__username"
        )
    )
    assert log == [(link.pk, "confirm", "", "assessor"), (typo.pk, "dismiss", "误判", "supervisor")]
    assert all(d.at is not None for d in ReviewDecision.objects.all())
    counts = {c["kind"]: c for c in review.counts_by_kind(review.period_findings(period))}
    assert counts["typo"]["dismissed"] == 1 and counts["broken_link"]["confirmed"] == 1
    assert counts["empty_column"]["unreviewed"] == 1 and counts["missing_meta"]["total"] == 1


@pytest.mark.django_db
def test_review_refuses_foreign_findings_and_published_periods(setup, users, sample_county):
    from tests.assessment.conftest import make_period

    period = setup["period"]
    other = make_period(sample_county["偃师市"], "guoban-2019", units=[setup["police"]], name="另一考评期")
    with pytest.raises(review.ReviewError, match="不属于本考评期"):
        review.review_finding(other, _typo(setup["edu_run"]), Decision.CONFIRM, user=users["supervisor"])
    period.status = period.Status.PUBLISHED
    period.save()
    with pytest.raises(review.ReviewError, match="已发布"):
        review.review_finding(period, _typo(setup["edu_run"]), Decision.CONFIRM, user=users["supervisor"])
    assert not ReviewDecision.objects.exists()


@pytest.mark.django_db
def test_review_page_counts_filters_and_htmx_dismiss(setup, users, client):
    period, edu, run = setup["period"], setup["edu"], setup["edu_run"]
    client.force_login(users["assessor"])
    body = client.get(f"/followup/periods/{period.pk}/review/").content.decode()
    assert "错别字" in body and "页面缺少 SiteIDCode 元数据" in body and "hx-prompt" in body
    only_edu = client.get(f"/followup/periods/{period.pk}/review/?unit={edu.pk}&kind=typo").content.decode()
    assert "严重表述错误：国名写错" in only_edu and "旧文件" not in only_edu
    typo = _typo(run)
    url = f"/followup/periods/{period.pk}/findings/{typo.pk}/review/"
    refused = client.post(url, {"decision": "dismiss"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 200 and "必须填写原因" in refused.content.decode()
    assert not Dismissal.objects.exists()
    # htmx sends the prompt's answer URI-encoded in a header when it is not Latin-1
    response = client.post(
        url,
        {"decision": "dismiss"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_PROMPT="%E5%BC%95%E6%96%87%E5%8E%9F%E6%96%87",
        HTTP_HX_PROMPT_URI_AUTOENCODED="true",
    )
    row = response.content.decode()
    assert response.status_code == 200 and row.startswith(f'<tr id="finding-{typo.pk}"') and "引文原文" in row
    assert Dismissal.objects.get().reason == "引文原文"
    assert not Score.objects.get(period=period, unit=edu).vetoed
    # a leader reads the page without the buttons
    client.force_login(users["leader"])
    assert "hx-post" not in client.get(f"/followup/periods/{period.pk}/review/").content.decode()


@pytest.mark.django_db
def test_recompute_of_a_fresh_period_skips_dismissed_findings(setup, users):
    period, edu = setup["period"], setup["edu"]
    review.review_finding(
        period, _typo(setup["edu_run"]), Decision.DISMISS, reason="误判", user=users["supervisor"]
    )
    scores = {s.unit_id: s for s in recompute(period, reason="复查")}
    assert not scores[edu.pk].vetoed
