"""Write the JSON Schema of each record file, for editors' autocompletion and checks."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from sourced_timeline.model import REGISTRY_MODELS, Event, Summary

SCHEMA_FILES: dict[str, type[BaseModel]] = {"event": Event, **REGISTRY_MODELS, "summary": Summary}


def schema_documents() -> dict[str, str]:
    """File name -> JSON text of each schema, deterministic."""
    documents = {}
    for name, model in SCHEMA_FILES.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"timeline {name} record" if name == "event" else f"timeline {name}"
        documents[f"{name}.schema.json"] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return documents


def write_schemas(out_dir: Path) -> list[Path]:
    """Write every schema file into ``out_dir``; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_documents().items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
