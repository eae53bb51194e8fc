"""Write the JSON Schema of each record file, for editors' autocompletion and checks: made
from the models, with each ``kind`` field listing the site's own kinds (its vocabulary)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from sourced_timeline.model import REGISTRY_MODELS, Eras, Event, Summary
from sourced_timeline.vocabulary import DEFAULT, Vocabulary

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "event": Event,
    **REGISTRY_MODELS,
    "summary": Summary,
    "vocabulary": Vocabulary,
    "eras": Eras,
}
KIND_LISTS = {"Event": "kinds", "Series": "kinds", "Actor": "actor_kinds", "Place": "place_kinds"}
"""Which of the vocabulary's lists each model's ``kind`` takes its values from."""


def _listing_kinds(schema: dict[str, Any], root: str, vocabulary: Vocabulary) -> None:
    """Give every ``kind`` property of the models in KIND_LISTS the vocabulary's values."""
    for name, node in [(root, schema), *schema.get("$defs", {}).items()]:
        kind = node.get("properties", {}).get("kind")
        if name in KIND_LISTS and kind is not None:
            kind["enum"] = list(getattr(vocabulary, KIND_LISTS[name]))


def schema_documents(vocabulary: Vocabulary = DEFAULT) -> dict[str, str]:
    """File name -> JSON text of each schema, deterministic."""
    documents = {}
    for name, model in SCHEMA_FILES.items():
        schema = model.model_json_schema()
        _listing_kinds(schema, model.__name__, vocabulary)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"timeline {name} record" if name == "event" else f"timeline {name}"
        documents[f"{name}.schema.json"] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return documents


def write_schemas(out_dir: Path, vocabulary: Vocabulary = DEFAULT) -> list[Path]:
    """Write every schema file into ``out_dir``; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_documents(vocabulary).items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
