"""SARIF 2.1.0 for code scanning (GitHub and other SARIF viewers): one result per failing finding.

Choices, and why:

- **One run for all submissions and rule sets.** GitHub code scanning no longer merges
  several runs of one tool in one upload (files with two runs of the same tool and
  category are rejected), and a viewer lists one run as one analysis. Rules are keyed by
  rule ID alone, which is safe because a released rule ID never changes meaning
  (docs/ruleset-format.md); each rule records its rule set in ``properties.ruleset``.
- **No ``automationDetails``.** ``upload-sarif`` fills in its ``category`` input only when
  the file has none, so writing one here would silently override the workflow's category.
- **Rules.** Every rule a finding refers to is described, met ones too, so the rule list
  is complete whichever findings fail. ``shortDescription`` is the sub-item,
  ``fullDescription`` the regulation's threshold wording and citation. They are written in
  ``--lang``; the other language is a SARIF *translation* (``run.translations``), the
  format's own way to carry localized rule text. The property bag is data, not prose,
  and is the same whatever the language; its citation is the official (Chinese) one.
- **Help.** With ``ReportOptions.rule_help`` (``ecorules check`` passes what ``ecorules
  explain`` prints), each rule has ``help`` as text and Markdown, in both languages, and a
  ``helpUri`` when its rule set gives the document's address.
- **Results.** Only not-met and missing-data findings are results. A waived or baselined
  one is still a result, with an accepted external suppression carrying the reason, so a
  viewer shows it as suppressed; an expired waiver suppresses nothing and the message says
  when it expired.
- **Locations.** CSV gives a line (``region.startLine``). A workbook cell or a JSON
  pointer has no line: the file is named and the cell or pointer is a logical location.
  GitHub code scanning needs a line in every location, so ``ReportOptions.sarif_github``
  adds line 1 where there is none and names the cell in the message instead.
  File names are relative to the working directory (see :func:`portable_path`): run the
  check from the repository root so GitHub finds the files.
- **Fingerprints** come from :func:`ecorules.model.fingerprints.finding_fingerprint`, which a
  moved row does not change, so an alert survives edits to the submission.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ecorules import __version__
from ecorules.hookspecs import hookimpl
from ecorules.interfaces import ReportOptions, RuleHelp
from ecorules.model.findings import CheckResult, Finding, Status, Suppression
from ecorules.model.fingerprints import FINGERPRINT_KEY, finding_fingerprint, portable_path
from ecorules.model.problems import Problem
from ecorules.model.text import Lang, T
from ecorules.reporters.wording import summary_line

if TYPE_CHECKING:
    from ecorules.registry import ReporterRegistry

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
TOOL_NAME = "ecorules"
# A fixed GUID (uuid5 of the package's index page) ties the translation to the driver.
TOOL_GUID = "936f2766-a61e-553a-8113-db536b9faa47"
FALLBACK_INFORMATION_URI = "https://pypi.org/project/ecorules/"
LANGUAGE_TAGS: dict[Lang, str] = {"zh": "zh-CN", "en": "en-US"}
LEVELS = {"error": "error", "warning": "warning"}

Json = dict[str, Any]


def information_uri() -> str:
    """The project's home page as the installed package declares it, else its package index page."""
    try:
        meta = metadata("ecorules")
    except PackageNotFoundError:
        return FALLBACK_INFORMATION_URI
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "home-page") and url.strip():
            return url.strip()
    home: str | None = meta.get("Home-page")  # type: ignore[attr-defined]  # a Message at run time
    return home or FALLBACK_INFORMATION_URI


def artifact_uri(path: str) -> str:
    """A URI reference for the file: relative with forward slashes, percent-encoded as RFC 3986 asks
    (GitHub decodes it); a ``file:`` URI for a file outside the working directory."""
    portable = portable_path(path)
    if Path(portable).is_absolute():
        return Path(portable).as_uri()
    return quote(portable, safe="/")


def other_lang(lang: Lang) -> Lang:
    return "en" if lang == "zh" else "zh"


def rule_name(f: Finding, lang: Lang) -> str:
    indicator, item = f.indicator.name.get(lang), f.name.get(lang)
    if indicator == item:
        return item
    return f"{indicator}：{item}" if lang == "zh" else f"{indicator}: {item}"


def full_description(f: Finding, lang: Lang) -> str:
    threshold, citation = f.citation.threshold.get(lang), f.citation.describe(lang)
    return f"{threshold}（{citation}）" if lang == "zh" else f"{threshold} ({citation})"


def localized_rule(f: Finding, lang: Lang) -> Json:
    """The strings of a rule that a translation carries."""
    return {
        "id": f.rule_id,
        "name": rule_name(f, lang),
        "shortDescription": {"text": f.name.get(lang)},
        "fullDescription": {"text": full_description(f, lang)},
    }


def reporting_descriptor(f: Finding, ruleset_id: str, lang: Lang) -> Json:
    return {
        **localized_rule(f, lang),
        "defaultConfiguration": {"level": LEVELS[f.severity]},
        "properties": {
            "category": f.indicator.category,
            "citation": f.citation.describe("zh"),
            "indicator": f.indicator.number,
            "ruleset": ruleset_id,
            "tags": [ruleset_id, f.indicator.category, f"indicator-{f.indicator.number}"],
        },
    }


def with_help(rule: Json, help: RuleHelp | None, *, uri: bool = False) -> None:
    """A rule's ``help`` (what ``ecorules explain`` prints, as text and Markdown) and, when its
    rule set says where the regulation can be read, its ``helpUri``."""
    if help is None:
        return
    rule["help"] = {"text": help.text, "markdown": help.markdown}
    if uri and help.uri:
        rule["helpUri"] = help.uri


def expiry_note(s: Suppression, lang: Lang) -> str:
    what = T("豁免", "waiver") if s.kind == "waiver" else T("基线条目", "baseline entry")
    if s.expires is not None:
        return T(
            f"{what.zh}已于 {s.expires.isoformat()} 到期，本项重新计入。",
            f"The {what.en} expired on {s.expires.isoformat()}; the finding counts again.",
        ).get(lang)
    return T(f"{what.zh}已失效，本项重新计入。", f"The {what.en} has expired; the finding counts again.").get(lang)


def message_text(f: Finding, lang: Lang, place: str | None) -> str:
    """What failed, the value, the requirement, how the verdict was reached, and (for GitHub) where."""
    actual = f.actual_in(lang) or T("无数据", "no value").get(lang)
    label = f.citation.indicator_label.get(lang)
    steps = [d.get(lang) for d in f.details]
    if lang == "zh":
        text = f"{f.title.zh}（{label}）：{f.status.label.zh}。实际值：{actual}；要求：{f.expected.zh}。"
        if steps:
            text += "；".join(steps) + "。"
        if place:
            text += f"位置：{place}。"
    else:
        text = f"{f.title.en} ({label}): {f.status.label.en}. Actual: {actual}; required: {f.expected.en}."
        if steps:
            text += " " + "; ".join(steps) + "."
        if place:
            text += f" Location: {place}."
    if f.suppression is not None and f.suppression.expired:
        text += ("" if lang == "zh" else " ") + expiry_note(f.suppression, lang)
    return text


def notification(p: Problem, lang: Lang) -> Json:
    """An input that could not be read, as SARIF reports a tool's trouble with its input."""
    out: Json = {"level": "error", "message": {"text": p.render(lang)}, "descriptor": {"id": p.code}}
    if p.file:
        physical: Json = {"artifactLocation": {"uri": artifact_uri(p.file)}}
        if p.row is not None and not p.sheet:
            physical["region"] = {"startLine": p.row}
        out["locations"] = [{"physicalLocation": physical}]
    return out


def suppressions(s: Suppression) -> list[Json]:
    details = {
        "ecorulesKind": s.kind,
        "approvedBy": s.approved_by,
        "expires": s.expires.isoformat() if s.expires else None,
        "source": s.source,
    }
    return [
        {
            "kind": "external",  # kept in a waivers or baseline file, not in the submission
            "status": "accepted",
            "justification": s.reason,
            "properties": {k: v for k, v in details.items() if v is not None},
        }
    ]


class SarifReporter:
    name = "sarif"
    description = T("SARIF 2.1.0（代码扫描，如 GitHub）", "SARIF 2.1.0 for code scanning (GitHub and others)")

    def render(self, results: list[CheckResult], options: ReportOptions) -> str:
        return "".join(self.stream(results, options))

    def stream(self, results: Iterable[CheckResult], options: ReportOptions) -> Iterator[str]:
        """One document, written when every result is in; of each result only what the report
        prints is kept (its rules, its failing findings, a line for its file)."""
        lang = options.lang
        rules: dict[str, Json] = {}
        translated: dict[str, Json] = {}
        sarif_results: list[Json] = []
        artifacts: dict[str, list[tuple[str, Json]]] = {}  # uri -> (count line, submission) per result
        index: dict[str, int] = {}  # rule ID -> its place in the rules
        for r in results:
            for f in r.findings:
                if f.rule_id not in rules:
                    index[f.rule_id] = len(rules)
                    rules[f.rule_id] = reporting_descriptor(f, r.ruleset.id, lang)
                    translated[f.rule_id] = localized_rule(f, other_lang(lang))
                    if options.rule_help is not None:
                        with_help(rules[f.rule_id], options.rule_help(r.ruleset.id, f.rule_id, lang), uri=True)
                        with_help(translated[f.rule_id], options.rule_help(r.ruleset.id, f.rule_id, other_lang(lang)))
            sarif_results += [
                self._result(r, f, index[f.rule_id], options)
                for f in r.findings
                if f.status.fails or f.status is Status.progress
            ]
            line = T(f"{r.heading.zh}：", f"{r.heading.en}: ").get(lang) + summary_line(r, lang)
            submission = {"district": r.district, "year": r.year, "ruleset": r.ruleset.id}
            artifacts.setdefault(artifact_uri(r.source), []).append((line, submission))
        run = {
            "tool": {
                "driver": {
                    "name": TOOL_NAME,
                    "version": __version__,
                    "informationUri": information_uri(),
                    "guid": TOOL_GUID,
                    "language": LANGUAGE_TAGS[lang],
                    "rules": list(rules.values()),
                }
            },
            "language": LANGUAGE_TAGS[lang],
            "invocations": [self._invocation(options)],
            "artifacts": self._artifacts(artifacts),
            "results": sarif_results,
            "translations": [self._translation(list(translated.values()), other_lang(lang))],
        }
        document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
        yield json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    @staticmethod
    def _invocation(options: ReportOptions) -> Json:
        """Successful only when every input could be read; each problem of an unreadable
        input is a notification with its file (and line, for a CSV row)."""
        problems = [p for error in options.unreadable for p in error.problems]
        invocation: Json = {"executionSuccessful": not problems}
        if problems:
            invocation["toolExecutionNotifications"] = [notification(p, options.lang) for p in problems]
        return invocation

    @staticmethod
    def _artifacts(by_uri: dict[str, list[tuple[str, Json]]]) -> list[Json]:
        """Each checked file once (SARIF wants artifacts unique; a workbook may hold several
        years), described by the official count line of each submission it holds."""
        return [
            {
                "location": {"uri": uri},
                "roles": ["analysisTarget"],
                "description": {"text": "\n".join(line for line, _ in held)},
                "properties": {"submissions": [submission for _, submission in held]},
            }
            for uri, held in by_uri.items()
        ]

    @staticmethod
    def _translation(rules: list[Json], lang: Lang) -> Json:
        return {
            "name": TOOL_NAME,
            "guid": TOOL_GUID,
            "version": __version__,
            "language": LANGUAGE_TAGS[lang],
            "contents": ["localizedData"],
            "translationMetadata": {"name": f"{TOOL_NAME} {LANGUAGE_TAGS[lang]}"},
            "associatedComponent": {"name": TOOL_NAME, "guid": TOOL_GUID},
            "rules": rules,
        }

    def _result(self, r: CheckResult, f: Finding, rule_index: int, options: ReportOptions) -> Json:
        location, place = self._location(r, f, options)
        result: Json = {
            "ruleId": f.rule_id,
            "ruleIndex": rule_index,
            # progress toward a target not yet due is information, never a failure
            "level": "note" if f.status is Status.progress else LEVELS[f.severity],
            "message": {"text": message_text(f, options.lang, place if options.sarif_github else None)},
            "locations": [location],
            "partialFingerprints": {FINGERPRINT_KEY: finding_fingerprint(r, f)},
            "properties": {
                "status": f.status.value,
                "actual": f.actual,
                "district": r.district,
                "year": r.year,
                "ruleset": r.ruleset.id,
                "indicator": f.indicator.number,
            },
        }
        if f.status is Status.progress:
            result["kind"] = "informational"
        if f.suppression is not None and f.suppression.active:
            result["suppressions"] = suppressions(f.suppression)
        return result

    @staticmethod
    def _location(r: CheckResult, f: Finding, options: ReportOptions) -> tuple[Json, str | None]:
        """The SARIF location, and the place in the file as text when it is not a line."""
        loc = f.location
        path = loc.file if loc is not None else r.source
        physical: Json = {"artifactLocation": {"uri": artifact_uri(path)}}
        logical: Json | None = None
        place: str | None = None
        if loc is not None and loc.sheet:
            # a workbook: its rows are not lines of the file, so the cell is a logical location
            place = f"{loc.sheet}!{loc.cell or loc.row or ''}".rstrip("!")
            logical = {"name": place, "fullyQualifiedName": f"{portable_path(path)}/{place}", "kind": "element"}
        elif loc is not None and loc.row is not None:
            physical["region"] = {"startLine": loc.row}
        elif loc is not None and loc.pointer:
            place = loc.pointer
            logical = {"name": place, "fullyQualifiedName": f"{portable_path(path)}#{place}", "kind": "value"}
        else:
            # no value at all: name the indicator whose data is missing
            name = f"{f.citation.indicator_label.get(options.lang)} {f.name.get(options.lang)}"
            logical = {"name": name, "fullyQualifiedName": f"{portable_path(path)}/{f.rule_id}"}
        if options.sarif_github and "region" not in physical:
            physical["region"] = {"startLine": 1}
        location: Json = {"physicalLocation": physical}
        if logical is not None:
            location["logicalLocations"] = [logical]
        return location, place


@hookimpl
def ecorules_register_reporters(registry: ReporterRegistry) -> None:
    registry.add(SarifReporter())
