"""The W3C Web Annotation conformance checks, run on what the export produces.

The schemas are the W3C's (web-platform-tests `annotation-model/`), kept in
`shared/w3c-annotation-schemas/` beside the repository checkout; `W3C_ANNOTATION_SCHEMAS`
names another folder. Without them, the small schemas in `annotation_schemas/` (same
layout) check the model's MUSTs for the keys Corrigenda exports: the check never skips.
"""

import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

BESIDE_THE_CHECKOUT = Path(__file__).parents[2] / ".." / "shared" / "w3c-annotation-schemas"
FALLBACK = Path(__file__).parent / "annotation_schemas"


def schema_folder() -> Path:
    named = os.environ.get("W3C_ANNOTATION_SCHEMAS")
    if named:
        # A folder asked for by name must be there: falling back would hide a typo.
        assert Path(named).is_dir(), f"W3C_ANNOTATION_SCHEMAS={named} is not a folder"
        return Path(named)
    return BESIDE_THE_CHECKOUT if BESIDE_THE_CHECKOUT.is_dir() else FALLBACK


@dataclass(frozen=True)
class Assertion:
    name: str
    validator: Draft4Validator
    expected_valid: bool
    message: str

    def failure(self, annotation: dict) -> str | None:
        if self.validator.is_valid(annotation) == self.expected_valid:
            return None
        errors = "; ".join(e.message[:200] for e in self.validator.iter_errors(annotation))
        return f"{self.name}: {self.message} ({errors or 'valid, but expected invalid'})"


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def must_assertions(folder: Path) -> tuple[Assertion, ...]:
    """The MUST assertions that `annotations/annotationMusts.test` lists, ready to run.

    Every `definitions/*.json` is registered under its bare file name, which is how the
    assertion schemas refer to them ("id.json#/definitions/stringUri")."""
    registry = Registry().with_resources(
        (path.name, Resource.from_contents(_read(path), default_specification=DRAFT4))
        for path in sorted((folder / "definitions").glob("*.json"))
    )
    listed = _read(folder / "annotations" / "annotationMusts.test")["assertions"]
    assertions = []
    for relative in listed:
        schema = _read(folder / relative)
        # The W3C harness reads a missing assertionType as "must", expectedResult as "valid".
        if schema.get("assertionType", "must") != "must":
            continue
        assertions.append(
            Assertion(
                name=relative,
                validator=Draft4Validator(
                    schema, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER
                ),
                expected_valid=schema.get("expectedResult", "valid") == "valid",
                message=schema.get("errorMessage", ""),
            )
        )
    assert assertions, f"{folder} lists no MUST assertions"
    return tuple(assertions)


def must_failures(annotation: dict, folder: Path | None = None) -> list[str]:
    """Every MUST assertion the annotation fails; [] when it conforms."""
    assertions = must_assertions((folder or schema_folder()).resolve())
    return [failure for a in assertions if (failure := a.failure(annotation)) is not None]
