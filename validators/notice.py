"""The return notice (退回意见): what the applicant must fix, in plain Chinese, ready to paste into the platform.

Items are ordered by material as the notice lists them (五、申报材料要求). Only errors and unmet conditions
are the applicant's to fix; warnings are for the reviewer and stay out of the applicant's list.
"""

from __future__ import annotations

from validators.models import Application, CheckResult, Finding, Material, Severity, Verdict
from validators.policy import Policy

TRAILING_LABELS = {
    Material.APPLICATION: "网上填报信息",
    Material.PROCESS: "申报次数与时间",
    Material.OTHER: "其他",
}
NUMERALS = "①②③④⑤⑥⑦⑧⑨⑩"


def _order(policy: Policy) -> list[tuple[Material, str]]:
    order = [(m.material, m.short_label) for m in policy.materials]
    order += [(m, label) for m, label in TRAILING_LABELS.items() if m not in {o[0] for o in order}]
    return order


def _items(findings: list[Finding], policy: Policy) -> list[str]:
    lines: list[str] = []
    for material, label in _order(policy):
        messages = list(dict.fromkeys(f.message for f in findings if f.material == material))
        if not messages:
            continue
        number = len(lines) + 1
        if len(messages) == 1:
            lines.append(f"{number}. {label}：{messages[0]}")
        else:
            subs = [f"   {NUMERALS[i] if i < len(NUMERALS) else f'({i + 1})'} {m}" for i, m in enumerate(messages)]
            lines.append(f"{number}. {label}：\n" + "\n".join(subs))
    return lines


def _submission_line(application: Application | None, policy: Policy) -> str:
    rule = policy.submissions
    deadline = f"请在退回后{rule.resubmit_hours}小时内完成修改并再次提交，逾期未提交的视为放弃申报。"
    if application is None:
        return f"{deadline}提交次数不得超过{rule.limit}次。"
    n = application.submission_no
    if n >= rule.limit:
        return f"本次为第{n}次提交，已达到最多{rule.limit}次的提交上限，无法再次提交；如有疑问请与推荐单位联系。"
    return f"本次为第{n}次提交，最多可提交{rule.limit}次。{deadline}"


def return_notice(result: CheckResult, application: Application | None, policy: Policy) -> str:
    """Write the applicant-facing return notice.

    Args:
        result: The check result of the dossier.
        application: The declaration (for the name and the submission count), if it could be read.
        policy: The notice's policy (material order, limits, contact).

    Returns:
        Plain Chinese text ending with a newline.
    """
    name = application.name if application else None
    greeting = f"{name}同志：" if name else "申报人："
    subject = f"您提交的{policy.declaration_year}年度初定初级职称申报材料"
    contact = f"如有疑问，请联系{policy.contact.office}，电话{policy.contact.phone}。"
    errors = [f for f in result.findings if f.severity == Severity.ERROR]
    ineligible = [f for f in result.findings if f.severity == Severity.INELIGIBLE]
    lines = [greeting, "您好！"]
    if result.verdict == Verdict.PASS:
        lines.append(f"{subject}经系统预审，未发现需要修改的问题。材料将按程序进入审核，请留意平台通知。")
    elif result.verdict == Verdict.REVIEW:
        lines.append(
            f"{subject}经系统预审，未发现需要您修改的问题；部分事项将由审核人员人工复核，如需补充材料将另行通知。"
        )
    elif result.verdict == Verdict.INELIGIBLE:
        lines.append(f"{subject}经预审，不符合通知“一、申报范围及条件”规定的以下条件：")
        lines += _items(ineligible, policy)
        if errors:
            lines.append("此外，以下材料也需要修改：")
            lines += _items(errors, policy)
        lines.append("如您认为以上结论有误，请携带相关证明材料与推荐单位或县人社局联系。")
    else:
        lines.append(f"{subject}经预审，需要修改以下内容：")
        lines += _items(errors, policy)
        lines.append(_submission_line(application, policy))
    lines.append(contact)
    return "\n".join(lines) + "\n"
