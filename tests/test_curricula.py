"""The course in ``curricula/``: lessons load, refer only to things that exist, cover the engine, and can be quizzed.

The quiz test builds every question of every lesson for class code 0 with the app's case source (which wires the
generators in), so a lesson whose scenarios cannot yield its question kinds fails here rather than in the app.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from cobsim.errors import InvalidInput
from cobsim.rules.base import RuleKind
from cobsim.rules.registry import ALL_RULES
from cobsim.services.curriculum import Curriculum, QuestionKind, load_curriculum
from cobsim.services.misconceptions import BY_ID
from generators.scenarios import CATALOGUE

FOLDER = Path(__file__).resolve().parent.parent / "curricula"


@pytest.fixture(scope="module")
def course() -> Curriculum:
    return load_curriculum(FOLDER)


def test_default_folder_loads_at_least_eight_lessons() -> None:
    assert len(load_curriculum().lessons) >= 8
    assert len(load_curriculum(FOLDER).lessons) >= 8


def test_file_names_follow_sequence_and_id(course: Curriculum) -> None:
    files = sorted(FOLDER.glob("*.yaml"))
    by_id = {lesson.id: lesson for lesson in course.lessons}
    for path in files:
        m = re.fullmatch(r"(\d{2})-([a-z0-9-]+)\.yaml", path.name)
        assert m, f"{path.name}: name files <NN>-<id>.yaml"
        lesson = by_id[m.group(2)]
        assert int(m.group(1)) == lesson.sequence, path.name
    sequences = [lesson.sequence for lesson in course.lessons]
    assert len(set(sequences)) == len(sequences), "two lessons share a sequence number"


def test_scenarios_and_variants_exist(course: Curriculum) -> None:
    for lesson in course.lessons:
        for ref in lesson.scenarios:
            assert ref.name in CATALOGUE, f"{lesson.id}: no scenario {ref.name!r}"
            missing = set(ref.variants) - set(CATALOGUE[ref.name].variants)
            assert not missing, f"{lesson.id}: scenario {ref.name} has no variant(s) {sorted(missing)}"


def test_misconceptions_exist(course: Curriculum) -> None:
    for lesson in course.lessons:
        unknown = [m for m in lesson.misconceptions if m not in BY_ID]
        assert not unknown, f"{lesson.id}: unknown misconception id(s) {unknown}"


def test_every_documented_misconception_is_confronted(course: Curriculum) -> None:
    used = {m for lesson in course.lessons for m in lesson.misconceptions}
    assert set(BY_ID) - used == set()


def test_lessons_cover_every_rule_family(course: Curriculum) -> None:
    families = {rule.id.split(".", maxsplit=1)[0] for rule in ALL_RULES}
    taught = {rule_id.split(".", maxsplit=1)[0] for rule_id in course.rules}
    assert families - taught == set()


def test_every_participation_and_order_rule_is_taught(course: Curriculum) -> None:
    needed = {rule.id for rule in ALL_RULES if rule.kind in (RuleKind.PARTICIPATION, RuleKind.ORDER)}
    assert needed - course.rules == set()


# ------------------------------------------------------------------------------------ broken lesson files


def _valid_lesson() -> dict[str, object]:
    path = next(iter(sorted(FOLDER.glob("*.yaml"))))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _unknown_rule(tmp: Path) -> Path:
    data = _valid_lesson()
    rules = data["rules"]
    assert isinstance(rules, list)
    data["rules"] = [*rules, "naic.no_such_rule"]
    path = tmp / "07-unknown-rule.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _missing_field(tmp: Path) -> Path:
    data = _valid_lesson()
    del data["title"]
    path = tmp / "08-missing-title.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _bad_yaml(tmp: Path) -> Path:
    path = tmp / "09-bad-yaml.yaml"
    path.write_text("id: broken\ntitle: [unclosed\n  rules: {\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("make", "expect"),
    [(_unknown_rule, "naic.no_such_rule"), (_missing_field, "title"), (_bad_yaml, "YAML")],
    ids=["unknown-rule", "missing-field", "bad-yaml"],
)
def test_broken_lesson_names_the_file(tmp_path: Path, make: Callable[[Path], Path], expect: str) -> None:
    path = make(tmp_path)
    with pytest.raises(InvalidInput) as info:
        load_curriculum(tmp_path)
    message = str(info.value)
    assert path.name in message
    assert expect in message


def test_a_broken_lesson_among_good_ones_is_still_found(tmp_path: Path) -> None:
    for good in FOLDER.glob("*.yaml"):
        (tmp_path / good.name).write_text(good.read_text(encoding="utf-8"), encoding="utf-8")
    broken = _unknown_rule(tmp_path)
    broken.rename(tmp_path / "99-zz-broken.yaml")
    with pytest.raises(InvalidInput, match=re.escape("99-zz-broken.yaml")):
        load_curriculum(tmp_path)


# -------------------------------------------------------------------------------------------------- quiz


def test_quiz_builds_every_question_of_every_lesson(course: Curriculum) -> None:
    pytest.importorskip("streamlit")
    from cobsim.services.quiz import Quiz
    from ui.state import case_source

    quiz = Quiz(course, case_source)
    kinds: dict[str, set[QuestionKind]] = defaultdict(set)
    for lesson in course.lessons:
        for index in range(lesson.questions):
            question = quiz.question(lesson.id, 0, index)
            assert question.lesson == lesson.id
            assert question.kind in lesson.question_kinds
            kinds[lesson.id].add(question.kind)
            if question.kind is QuestionKind.PAYMENT:
                assert question.expected_amounts is not None
            else:
                assert sum(c.correct for c in question.choices) == 1, question.id
    for lesson in course.lessons:
        # every kind a lesson lists must actually come out of its scenarios
        assert kinds[lesson.id] == set(lesson.question_kinds), lesson.id
