"""Check one dossier: run every registered rule, then the verdict, the materials checklist and declared vs read.

This is the one entry point of ``validators`` for the pipeline. A rule that raises never stops the others:
it becomes a ``PIPELINE_ERROR`` finding whose message names the check, never the applicant's data.
"""

from __future__ import annotations

import logging

from extractors.models import DocType, DossierFacts
from validators.context import RuleContext, illegible, same_value, school_fits, signature_fits, uncertain
from validators.models import (
    SEVERITY_RANK,
    Application,
    CheckResult,
    ExtractedValue,
    Finding,
    FindingCode,
    MaterialState,
    MaterialStatus,
    PageLink,
    Severity,
)
from validators.policy import Policy
from validators.rules import RULES, Rule
from validators.rules.unit_documents import UNIT_DOCS
from validators.verdict import verdict_of

log = logging.getLogger(__name__)


def _run(rule: Rule, ctx: RuleContext) -> list[Finding]:
    try:
        return list(rule.check(ctx))
    except Exception as exc:  # noqa: BLE001 - a failing rule must not hide the others' findings
        log.exception("rule %s failed on dossier %s (%s)", rule.name, ctx.facts.dossier_id, type(exc).__name__)
        return [
            ctx.finding(
                FindingCode.PIPELINE_ERROR,
                rule.material,
                f"系统在检查“{rule.label}”时出错，未能完成该项预审：请审核人员人工核对该项。",
            )
        ]


def _materials(ctx: RuleContext, findings: list[Finding]) -> list[MaterialStatus]:
    rows = []
    for rule in ctx.policy.materials:
        pages = tuple(
            PageLink(file=p.ref.file, page=p.ref.page, doc_type=p.doc_type.value, side=p.side.value)
            for p in ctx.facts.pages
            if p.doc_type in rule.doc_types
        )
        own = [f for f in findings if f.material == rule.material]
        required = bool(ctx.required(rule.material))
        worst = max((SEVERITY_RANK[f.severity] for f in own), default=-1)
        if not pages and not required:
            state = MaterialState.NOT_REQUIRED
        elif not pages:
            state = MaterialState.MISSING
        elif worst >= SEVERITY_RANK[Severity.WARNING]:
            state = MaterialState.PROBLEM
        else:
            state = MaterialState.OK
        rows.append(
            MaterialStatus(
                material=rule.material,
                label=rule.label,
                status=state,
                required=required,
                pages=pages,
                finding_codes=tuple(dict.fromkeys(f.code for f in own)),
            )
        )
    return rows


def declared_values(application: Application | None) -> dict[str, str]:
    """Flatten the declaration into field-name keys matching the extracted values."""
    if application is None:
        return {}
    top = application.highest_education
    values = {
        "name": application.name,
        "gender": application.gender,
        "ethnicity": application.ethnicity or "",
        "id_number": application.id_number,
        "employer": application.employer,
        "employer_type": application.employer_type,
        "series": application.series,
        "specialty": application.specialty,
        "qualification": application.qualification,
        "level": top.level,
        "school": top.school,
        "major": top.major,
        "graduation_date": top.graduation_date.isoformat(),
        "certificate_no": top.certificate_no or "",
        "full_time": "true" if top.full_time else "false",
        "work_start_date": application.work_start_date.isoformat(),
        "ce_exempt": "true" if application.ce_exempt else "false",
        "chsi_unavailable": "true" if application.chsi_unavailable else "false",
        "aid_xinjiang": "true" if application.aid_xinjiang else "false",
        "submission_no": str(application.submission_no),
        "submitted_at": application.submitted_at.isoformat() if application.submitted_at else "",
    }
    return {k: v for k, v in values.items() if v}


_EDUCATION_DOCS = frozenset(
    {DocType.DIPLOMA, DocType.CHSI_REPORT, DocType.STUDENT_RECORD, DocType.DEGREE_CERTIFICATE}
)
_UNIT_DOCS = frozenset(UNIT_DOCS)

#: The documents on which a read value of a declared field is that declared thing (a 专业 on a diploma is the
#: declared major; the same word on a 继续教育 certificate is a course). Fields not listed belong to any document
#: (the applicant's name). The reviewer's side-by-side table shows a declared field's reads from these only.
DECLARED_FIELD_DOCUMENTS: dict[str, frozenset[DocType]] = {
    "gender": frozenset({DocType.ID_CARD, DocType.CHSI_REPORT, DocType.DIPLOMA}),
    "ethnicity": frozenset({DocType.ID_CARD}),
    "id_number": frozenset({DocType.ID_CARD, DocType.CHSI_REPORT, DocType.SOCIAL_INSURANCE}),
    "school": _EDUCATION_DOCS,
    "major": _EDUCATION_DOCS,
    "level": _EDUCATION_DOCS - {DocType.DEGREE_CERTIFICATE},
    "graduation_date": _EDUCATION_DOCS,
    "certificate_no": frozenset({DocType.DIPLOMA, DocType.CHSI_REPORT}),
    "series": _UNIT_DOCS,
    "specialty": _UNIT_DOCS,
    "qualification": _UNIT_DOCS,
    "employer": _UNIT_DOCS | {DocType.SOCIAL_INSURANCE, DocType.APPRAISAL_FORM},
}


def extracted_values(ctx: RuleContext) -> dict[str, list[ExtractedValue]]:
    """Collect every value read from the pages by field name, with its page and what the rules make of it.

    Each value says whether it is too unsure to stand as evidence, and whether it is the declared value by the
    rules' own comparison, so that the report's table never contradicts the findings.
    """
    declared = declared_values(ctx.application)
    out: dict[str, list[ExtractedValue]] = {}
    for page in ctx.facts.pages:
        blurred = illegible(page)
        for name, field in page.fields.items():
            want = declared.get(name)
            same = want is not None and same_value(ctx, name, field.value, want)
            fitted = (
                want is not None
                and not same
                and (
                    (name == "name" and signature_fits(ctx, page, field, want))
                    or (name == "school" and school_fits(ctx, page, field, want))
                )
            )
            out.setdefault(name, []).append(
                ExtractedValue(
                    value=field.value,
                    doc_type=page.doc_type.value,
                    side=page.side.value,
                    evidence=field.evidence,
                    confidence=field.confidence,
                    uncertain=blurred or uncertain(ctx, field),
                    agrees=same or fitted if want is not None else None,
                    fitted=fitted,
                )
            )
    return out


def check_dossier(
    facts: DossierFacts,
    application: Application | None,
    application_error: str | None,
    policy: Policy,
) -> CheckResult:
    """Run every rule on one dossier and conclude.

    Args:
        facts: The page facts and ingest problems of the dossier.
        application: The parsed declaration, or None when it is missing or malformed.
        application_error: Why the declaration could not be parsed (Chinese or English, no personal data).
        policy: The notice's policy.

    Returns:
        Findings, verdict, the materials checklist and declared vs extracted values.
    """
    ctx = RuleContext(facts=facts, application=application, policy=policy, application_error=application_error)
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(_run(rule, ctx))
    return CheckResult(
        policy_id=policy.policy_id,
        findings=findings,
        verdict=verdict_of(findings),
        materials=_materials(ctx, findings),
        declared=declared_values(application),
        extracted=extracted_values(ctx),
    )
