"""Process: the submission count and the online window (四(三), 三(一))."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from validators.context import RuleContext
from validators.models import Finding, FindingCode, Material


def submission_count(ctx: RuleContext) -> Iterator[Finding]:
    """Flag a submission beyond the policy's limit."""
    app = ctx.application
    limit = ctx.policy.submissions.limit
    if app is not None and app.submission_no > limit:
        yield ctx.finding(
            FindingCode.SUBMISSION_LIMIT_EXCEEDED,
            Material.PROCESS,
            f"本次为第{app.submission_no}次提交，超过通知规定的最多{limit}次：按规定不再受理。",
            declared=str(limit),
            found=str(app.submission_no),
        )


def submission_window(ctx: RuleContext) -> Iterator[Finding]:
    """Flag a submission outside the online window (dates in the policy's time zone)."""
    app = ctx.application
    if app is None or app.submitted_at is None:
        return
    window = ctx.policy.dates.online_window
    zone = ZoneInfo(window.timezone)
    at = app.submitted_at if app.submitted_at.tzinfo else app.submitted_at.replace(tzinfo=zone)
    start = dt.datetime.combine(window.start, dt.time.min, zone)
    end = dt.datetime.combine(window.end + dt.timedelta(days=1), dt.time.min, zone)
    if not start <= at < end:
        local = at.astimezone(zone)
        yield ctx.finding(
            FindingCode.SUBMITTED_OUTSIDE_WINDOW,
            Material.PROCESS,
            f"提交时间{local:%Y-%m-%d %H:%M}不在网上申报时间{window.start.isoformat()}至{window.end.isoformat()}内："
            f"逾期不予受理。",
            declared=f"{window.start.isoformat()}—{window.end.isoformat()}",
            found=local.isoformat(timespec="minutes"),
        )
