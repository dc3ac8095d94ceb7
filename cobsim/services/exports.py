"""A lesson's question bank for course platforms, and a printable handout.

- **QTI 2.1** (IMS Question and Test Interoperability): a content package ZIP with ``imsmanifest.xml``, one
  ``assessmentItem`` per question and an ``assessmentTest``. Choice questions carry one ``modalFeedback`` per
  option (shown for the option chosen); payment questions are two numeric text entries (tolerance half a cent).
- **Moodle XML**: ``multichoice`` questions with feedback on every answer; payment questions as ``cloze`` with
  two NUMERICAL blanks.
- **GIFT** (Moodle's text format): the same, with ``#`` feedback after every option; payment questions become two
  numerical questions.
- **Handout**: one print-ready HTML page per lesson (A4/Letter, no scripts): the payer ladder (the lesson's rules
  in the order the engine applies them, with citations), the decision steps of a worked example, and for the ESRD
  lesson a month-by-month worksheet computed by the engine.

Every file says the people in it are synthetic. The same lesson, class code and number of variants give the
same bytes.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.etree import ElementTree as ET

from cobsim.errors import InvalidInput
from cobsim.medicare import add_months
from cobsim.model.case import Case
from cobsim.rules.registry import ALL_RULES, RULES_BY_ID
from cobsim.services.curriculum import QuestionKind
from cobsim.services.practice import worked_example
from cobsim.services.quiz import Question, Quiz, biller_view
from cobsim.timeline import timeline
from cobsim.trace import Determination

SYNTHETIC = "Synthetic training data: every person, plan and identifier here is made up (cobsim)."
QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
MAX_VARIANTS = 5


@dataclass(frozen=True)
class Option:
    key: str
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class BankItem:
    question: Question
    stem: str  #: the prompt
    facts: tuple[tuple[str, tuple[str, ...]], ...]  #: headed groups of fact lines (the biller's view)
    options: tuple[Option, ...]  #: choice questions
    amounts: tuple[str, str] | None  #: payment questions: (secondary pays, patient owes)
    feedback: str  #: the general feedback: rule, citation, why

    @property
    def ident(self) -> str:
        return "item-" + re.sub(r"[^A-Za-z0-9_.-]", "-", self.question.id)


def _facts(case: Case, det: Determination, *, payment: bool) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The biller's view of a case as headed groups of lines."""
    view = biller_view(case, det, show_primary_eob=payment)
    groups: list[tuple[str, tuple[str, ...]]] = [
        ("Patient", (f"{view['patient']}, service date {view['service date']}",)),
        (
            "People",
            tuple(
                f"{p['name']} ({p['relationship']}), born {p['born']}, sex {p['sex']}"
                for p in view["people"]  # type: ignore[attr-defined]
            ),
        ),
    ]
    if "parents" in view:
        groups.append(("Parents", (str(view["parents"]),)))
    if "accident" in view:
        groups.append(("Accident", (str(view["accident"]),)))
    cards = []
    for card in view["cards"]:  # type: ignore[attr-defined]
        details = "; ".join(f"{k}: {v}" for k, v in card.items() if k not in ("payer", "coverage") and v)
        cards.append(f"{card['payer']} - {details}")
    groups.append(("Insurance cards", tuple(cards)))
    if "primary EOB" in view:
        groups.append(
            (
                "Primary's EOB",
                tuple("; ".join(f"{k}: {v}" for k, v in line.items() if v) for line in view["primary EOB"]),  # type: ignore[attr-defined]
            )
        )
        groups.append(
            (
                "Secondary benefits",
                tuple("; ".join(f"{k}: {v}" for k, v in row.items() if v) for row in view["secondary benefits"]),  # type: ignore[attr-defined]
            )
        )
    return tuple(groups)


def bank(quiz: Quiz, lesson_id: str, class_code: int = 0, *, variants: int = 1) -> list[BankItem]:
    """Every question slot of a lesson, ``variants`` cases each (attempt 0, 1, ...), with feedback per option."""
    if not 1 <= variants <= MAX_VARIANTS:
        raise InvalidInput(f"a bank has 1 to {MAX_VARIANTS} variants per question, not {variants}")
    lesson = quiz.curriculum.lesson(lesson_id)
    items = []
    for attempt in range(variants):
        for index in range(lesson.questions):
            q = quiz.question(lesson_id, class_code, index, attempt=attempt)
            options: list[Option] = []
            amounts = None
            if q.kind is QuestionKind.PAYMENT:
                assert q.expected_amounts is not None
                amounts = (f"{q.expected_amounts[0]:.2f}", f"{q.expected_amounts[1]:.2f}")
                grade = quiz.grade(q, amounts)
            else:
                grade = quiz.grade(q, q.choices[0].key)
                for c in q.choices:
                    g = quiz.grade(q, c.key)
                    text = "Right. " if g.correct else "Not this one. "
                    if g.misconception is not None:
                        text += f'A common mistake: "{g.misconception.belief}" {g.misconception.correction} '
                    options.append(Option(c.key, c.text, c.correct, (text + g.explanation).strip()))
            general = f"Rule: {grade.rule_title} ({grade.rule}) - {grade.citation}. Why: {grade.explanation}"
            items.append(
                BankItem(
                    q,
                    q.prompt,
                    _facts(q.case, q.determination, payment=amounts is not None),
                    tuple(options),
                    amounts,
                    general,
                )
            )
    return items


def _xml(root: ET.Element) -> bytes:
    text: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return text + b"\n"


def _facts_html(item: BankItem) -> str:
    parts = []
    for heading, lines in item.facts:
        parts.append(f"<p><strong>{html.escape(heading)}</strong></p><ul>")
        parts += [f"<li>{html.escape(line)}</li>" for line in lines]
        parts.append("</ul>")
    return "".join(parts)


# --------------------------------------------------------------------------------------------------- QTI 2.1


def _qti_item(item: BankItem) -> bytes:
    ET.register_namespace("", QTI_NS)
    q = f"{{{QTI_NS}}}"
    root = ET.Element(
        q + "assessmentItem",
        {
            "identifier": item.ident,
            "title": f"{item.question.lesson} {item.question.index + 1}",
            "adaptive": "false",
            "timeDependent": "false",
        },
    )
    responses = ["RESPONSE"] if item.amounts is None else ["PAID", "OWES"]
    for rid in responses:
        decl = ET.SubElement(
            root,
            q + "responseDeclaration",
            {
                "identifier": rid,
                "cardinality": "single",
                "baseType": "identifier" if item.amounts is None else "float",
            },
        )
        correct = ET.SubElement(ET.SubElement(decl, q + "correctResponse"), q + "value")
        if item.amounts is None:
            correct.text = next(o.key for o in item.options if o.correct)
        else:
            correct.text = item.amounts[responses.index(rid)]
    score = ET.SubElement(
        root, q + "outcomeDeclaration", {"identifier": "SCORE", "cardinality": "single", "baseType": "float"}
    )
    ET.SubElement(ET.SubElement(score, q + "defaultValue"), q + "value").text = "0"
    ET.SubElement(
        root, q + "outcomeDeclaration", {"identifier": "FEEDBACK", "cardinality": "single", "baseType": "identifier"}
    )
    body = ET.SubElement(root, q + "itemBody")
    note = ET.SubElement(body, q + "p")
    note.text = SYNTHETIC
    facts = ET.SubElement(body, q + "div")
    for heading, lines in item.facts:
        ET.SubElement(ET.SubElement(facts, q + "p"), q + "strong").text = heading
        ul = ET.SubElement(facts, q + "ul")
        for line in lines:
            ET.SubElement(ul, q + "li").text = line
    if item.amounts is None:
        interaction = ET.SubElement(
            body, q + "choiceInteraction", {"responseIdentifier": "RESPONSE", "shuffle": "false", "maxChoices": "1"}
        )
        ET.SubElement(interaction, q + "prompt").text = item.stem
        for o in item.options:
            ET.SubElement(interaction, q + "simpleChoice", {"identifier": o.key}).text = o.text
    else:
        ET.SubElement(body, q + "p").text = item.stem
        for rid, label in zip(responses, ("The secondary pays ($)", "The patient still owes ($)"), strict=True):
            p = ET.SubElement(body, q + "p")
            p.text = label + " "
            ET.SubElement(p, q + "textEntryInteraction", {"responseIdentifier": rid, "expectedLength": "10"})
    rp = ET.SubElement(root, q + "responseProcessing")
    cond = ET.SubElement(rp, q + "responseCondition")
    rif = ET.SubElement(cond, q + "responseIf")
    if item.amounts is None:
        match = ET.SubElement(rif, q + "match")
        ET.SubElement(match, q + "variable", {"identifier": "RESPONSE"})
        ET.SubElement(match, q + "correct", {"identifier": "RESPONSE"})
    else:
        both = ET.SubElement(rif, q + "and")
        for rid in responses:
            eq = ET.SubElement(both, q + "equal", {"toleranceMode": "absolute", "tolerance": "0.005 0.005"})
            ET.SubElement(eq, q + "variable", {"identifier": rid})
            ET.SubElement(eq, q + "correct", {"identifier": rid})
    ET.SubElement(
        ET.SubElement(rif, q + "setOutcomeValue", {"identifier": "SCORE"}), q + "baseValue", {"baseType": "float"}
    ).text = "1"
    rel = ET.SubElement(cond, q + "responseElse")
    ET.SubElement(
        ET.SubElement(rel, q + "setOutcomeValue", {"identifier": "SCORE"}), q + "baseValue", {"baseType": "float"}
    ).text = "0"
    fb = ET.SubElement(rp, q + "setOutcomeValue", {"identifier": "FEEDBACK"})
    if item.amounts is None:
        ET.SubElement(fb, q + "variable", {"identifier": "RESPONSE"})
        for o in item.options:
            modal = ET.SubElement(
                root,
                q + "modalFeedback",
                {"outcomeIdentifier": "FEEDBACK", "identifier": o.key, "showHide": "show"},
            )
            modal.text = f"{o.feedback} {item.feedback}"
    else:
        ET.SubElement(fb, q + "baseValue", {"baseType": "identifier"}).text = "general"
        modal = ET.SubElement(
            root, q + "modalFeedback", {"outcomeIdentifier": "FEEDBACK", "identifier": "general", "showHide": "show"}
        )
        modal.text = (
            f"The secondary pays ${item.amounts[0]}; the patient still owes ${item.amounts[1]}. {item.feedback}"
        )
    ET.indent(root)
    return _xml(root)


def qti_package(quiz: Quiz, lesson_id: str, class_code: int = 0, *, variants: int = 1) -> bytes:
    """A QTI 2.1 content package (ZIP) of the lesson's bank."""
    items = bank(quiz, lesson_id, class_code, variants=variants)
    lesson = quiz.curriculum.lesson(lesson_id)
    ET.register_namespace("", CP_NS)
    cp = f"{{{CP_NS}}}"
    manifest = ET.Element(cp + "manifest", {"identifier": f"cobsim-{lesson_id}-{class_code}"})
    meta = ET.SubElement(manifest, cp + "metadata")
    ET.SubElement(meta, cp + "schema").text = "QTIv2.1 Package"
    ET.SubElement(meta, cp + "schemaversion").text = "1.0.0"
    ET.SubElement(manifest, cp + "organizations")
    resources = ET.SubElement(manifest, cp + "resources")
    files: dict[str, bytes] = {}
    for item in items:
        path = f"items/{item.ident}.xml"
        files[path] = _qti_item(item)
        res = ET.SubElement(
            resources, cp + "resource", {"identifier": f"res-{item.ident}", "type": "imsqti_item_xmlv2p1", "href": path}
        )
        ET.SubElement(res, cp + "file", {"href": path})
    test_path = "tests/test.xml"
    files[test_path] = _qti_test(lesson.title, lesson_id, items)
    res = ET.SubElement(
        resources, cp + "resource", {"identifier": "res-test", "type": "imsqti_test_xmlv2p1", "href": test_path}
    )
    ET.SubElement(res, cp + "file", {"href": test_path})
    for item in items:
        ET.SubElement(res, cp + "dependency", {"identifierref": f"res-{item.ident}"})
    ET.indent(manifest)
    files["imsmanifest.xml"] = _xml(manifest)
    files["README.txt"] = f"{SYNTHETIC}\nQTI 2.1 package of lesson '{lesson.title}' ({len(items)} items).\n".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))  # fixed: same input, same bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, files[name])
    return out.getvalue()


def _qti_test(title: str, lesson_id: str, items: Sequence[BankItem]) -> bytes:
    ET.register_namespace("", QTI_NS)
    q = f"{{{QTI_NS}}}"
    test = ET.Element(q + "assessmentTest", {"identifier": f"test-{lesson_id}", "title": title})
    part = ET.SubElement(
        test, q + "testPart", {"identifier": "part1", "navigationMode": "linear", "submissionMode": "individual"}
    )
    section = ET.SubElement(
        part, q + "assessmentSection", {"identifier": "section1", "title": title, "visible": "true"}
    )
    for item in items:
        ET.SubElement(
            section, q + "assessmentItemRef", {"identifier": item.ident, "href": f"../items/{item.ident}.xml"}
        )
    ET.indent(test)
    return _xml(test)


# ------------------------------------------------------------------------------------------------ Moodle XML


def _cdata_text(parent: ET.Element, text: str) -> None:
    ET.SubElement(parent, "text").text = text


def _cloze(text: str) -> str:
    """Escape the characters Moodle's cloze syntax reserves inside a blank's feedback."""
    return re.sub(r"([}#~/\"\\])", r"\\\1", text)


def moodle_xml(quiz: Quiz, lesson_id: str, class_code: int = 0, *, variants: int = 1) -> bytes:
    """Moodle XML of the lesson's bank (feedback on every answer)."""
    items = bank(quiz, lesson_id, class_code, variants=variants)
    root = ET.Element("quiz")
    root.append(ET.Comment(f" {SYNTHETIC} "))
    cat = ET.SubElement(root, "question", {"type": "category"})
    _cdata_text(ET.SubElement(cat, "category"), f"$course$/cobsim/{lesson_id}")
    for item in items:
        kind = "cloze" if item.amounts is not None else "multichoice"
        q = ET.SubElement(root, "question", {"type": kind})
        _cdata_text(ET.SubElement(q, "name"), f"{item.question.id}")
        stem = f"<p><em>{html.escape(SYNTHETIC)}</em></p>{_facts_html(item)}<p>{html.escape(item.stem)}</p>"
        if item.amounts is not None:
            fb = _cloze(item.feedback)
            stem += (
                f"<p>The secondary pays ($): {{1:NUMERICAL:={item.amounts[0]}:0.005#{fb}}}</p>"
                f"<p>The patient still owes ($): {{1:NUMERICAL:={item.amounts[1]}:0.005#{fb}}}</p>"
            )
        _cdata_text(ET.SubElement(q, "questiontext", {"format": "html"}), stem)
        _cdata_text(ET.SubElement(q, "generalfeedback", {"format": "html"}), html.escape(item.feedback))
        ET.SubElement(q, "defaultgrade").text = "1"
        ET.SubElement(q, "penalty").text = "0"
        if item.amounts is None:
            ET.SubElement(q, "single").text = "true"
            ET.SubElement(q, "shuffleanswers").text = "0"
            ET.SubElement(q, "answernumbering").text = "abc"
            for o in item.options:
                a = ET.SubElement(q, "answer", {"fraction": "100" if o.correct else "0", "format": "html"})
                _cdata_text(a, html.escape(o.text))
                _cdata_text(ET.SubElement(a, "feedback", {"format": "html"}), html.escape(o.feedback))
    ET.indent(root)
    return _xml(root)


# ------------------------------------------------------------------------------------------------------ GIFT


def _gift(text: str) -> str:
    """Escape GIFT's special characters (~ = # { } :) and keep one line.

    Examples:
        >>> _gift("1. A → 2. B {x} = y: z")
        '1. A → 2. B \\\\{x\\\\} \\\\= y\\\\: z'
    """
    return re.sub(r"([~=#{}:\\])", r"\\\1", " ".join(text.split()))


def gift(quiz: Quiz, lesson_id: str, class_code: int = 0, *, variants: int = 1) -> bytes:
    """GIFT text of the lesson's bank (``#`` feedback after every option)."""
    items = bank(quiz, lesson_id, class_code, variants=variants)
    lines = [
        f"// {SYNTHETIC}",
        f"// cobsim lesson {lesson_id}, class {class_code}",
        "",
        f"$CATEGORY: cobsim/{lesson_id}",
        "",
    ]
    for item in items:
        facts = " ".join(f"{heading}: {'; '.join(rows)}." for heading, rows in item.facts)
        stem = _gift(f"{facts} {item.stem}")
        title = _gift(item.question.id)
        if item.amounts is None:
            lines.append(f"::{title}::{stem} {{")
            for o in item.options:
                lines.append(f"  {'=' if o.correct else '~'}{_gift(o.text)}#{_gift(o.feedback)}")
            lines.append(f"  ####{_gift(item.feedback)}")
            lines.append("}")
        else:
            for label, amount in zip(("secondary pays", "patient owes"), item.amounts, strict=True):
                lines.append(f"::{title} ({label})::{stem} ({_gift(label)}, in dollars) {{#")
                lines.append(f"  ={amount}:0.005#{_gift(item.feedback)}")
                lines.append("}")
        lines.append("")
    return "\n".join(lines).encode("utf-8")


# --------------------------------------------------------------------------------------------------- handout

_CSS = """
@page { size: auto; margin: 16mm; }
body { font: 11pt/1.45 Georgia, 'Times New Roman', serif; color: #111; max-width: 48em; margin: 0 auto; }
h1 { font-size: 18pt; margin-bottom: 0; } h2 { font-size: 14pt; border-bottom: 1px solid #999; margin-top: 1.4em; }
.note { font-size: 9pt; color: #555; } table { border-collapse: collapse; width: 100%; font-size: 10pt; }
th, td { border: 1px solid #999; padding: 3px 6px; text-align: left; vertical-align: top; }
ol.ladder li { margin-bottom: .4em; } td.blank { width: 9em; }
h2, table, ol { break-inside: avoid-page; }
@media print { a { color: inherit; text-decoration: none; } }
"""


def _esrd_worksheet(quiz: Quiz, lesson_id: str, class_code: int) -> str:
    example = worked_example(quiz, lesson_id, class_code, 0)
    case = example.case
    start = next(
        (
            course.dialysis_start or course.transplant_date
            for p in case.people
            if p.medicare is not None
            for course in p.medicare.esrd
            if course.dialysis_start or course.transplant_date
        ),
        None,
    )
    if start is None:
        return ""
    first = date(start.year, start.month, 1)
    months = timeline(case, first, add_months(first, 35))
    labels = {c.id: c.label for c in case.coverages}
    rows = []
    for n, m in enumerate(months, start=1):
        primary = labels.get(m.order[0], m.order[0]) if m.order else "nobody"
        rows.append(
            f"<tr><td>{n}</td><td>{m.month:%Y-%m}</td><td>{html.escape(primary)}</td>"
            f"<td>{html.escape(m.deciding_rule or '')}</td><td class='blank'></td></tr>"
        )
    return (
        "<h2>ESRD month worksheet</h2>"
        f"<p>{html.escape(example.title)}: the patient's regular dialysis (or transplant) begins {start.isoformat()}. "
        "Count the months yourself and write who pays first in the last column; the middle columns, computed by "
        "the engine, are the key (fold them under before handing out).</p>"
        "<table><tr><th>Month of dialysis</th><th>Month</th><th>Pays first</th><th>Deciding rule</th>"
        "<th>Your answer</th></tr>" + "".join(rows) + "</table>"
    )


def handout_html(quiz: Quiz, lesson_id: str, class_code: int = 0) -> str:
    """A print-ready HTML handout for a lesson (no scripts, no external files)."""
    lesson = quiz.curriculum.lesson(lesson_id)
    order = {r.id: i for i, r in enumerate(ALL_RULES)}
    ladder = sorted((RULES_BY_ID[r] for r in lesson.rules), key=lambda r: order[r.id])
    example = worked_example(quiz, lesson_id, class_code, 0)
    steps = "".join(
        f"<li><strong>{html.escape(s.title)}</strong> <code>{html.escape(s.rule)}</code>: {html.escape(s.explanation)}"
        f" <span class='note'>{html.escape(s.citation)}</span></li>"
        for s in example.steps
    )
    facts = "".join(
        f"<p><strong>{html.escape(h)}</strong>: {html.escape('; '.join(lines))}</p>"
        for h, lines in _facts(example.case, example.determination, payment=False)
    )
    esrd = _esrd_worksheet(quiz, lesson_id, class_code) if any(r.startswith("msp.esrd") for r in lesson.rules) else ""
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(lesson.title)} - cobsim handout</title><style>{_CSS}</style></head><body>"
        f"<p class='note'>{html.escape(SYNTHETIC)} Lesson {lesson.sequence}, level {lesson.level}.</p>"
        f"<h1>{html.escape(lesson.title)}</h1><p>{html.escape(lesson.summary)}</p>"
        "<h2>You will be able to</h2><ul>" + "".join(f"<li>{html.escape(o)}</li>" for o in lesson.objectives) + "</ul>"
        "<h2>The payer ladder</h2><p>Ask these rules in this order; the first that decides a pair of payers "
        "settles it.</p><ol class='ladder'>"
        + "".join(
            f"<li><strong>{html.escape(r.title)}</strong> <code>{html.escape(r.id)}</code> - "
            f"{html.escape(r.summary)} <span class='note'>{html.escape(str(r.citation))}</span></li>"
            for r in ladder
        )
        + "</ol>"
        f"<h2>Decision steps: a worked example</h2><p><strong>{html.escape(example.title)}</strong></p>{facts}"
        f"<ol>{steps}</ol><p><strong>So the order is:</strong> {html.escape(example.answer)}</p>"
        f"{esrd}</body></html>\n"
    )
