"""`/docs`: an API reference rendered on the server from the OpenAPI schema.

Swagger UI and ReDoc load their scripts from a CDN, and Shopweave's pages load nothing from the
internet, so the reference is plain HTML built from `/openapi.json` (which is served as well).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from shopweave.dashboard.templating import templates

router = APIRouter(include_in_schema=False)

_METHODS = ("get", "post", "put", "patch", "delete")


class Parameter(BaseModel):
    name: str
    location: str
    type: str
    required: bool
    description: str


class Operation(BaseModel):
    method: str
    path: str
    summary: str
    description: str
    tag: str
    parameters: list[Parameter]
    responses: list[tuple[str, str, str]]  # status, description, schema name

    @property
    def anchor(self) -> str:
        return f"{self.method}-{self.path}".replace("/", "-").replace("{", "").replace("}", "").strip("-")


class SchemaField(BaseModel):
    name: str
    type: str
    required: bool
    description: str


class SchemaDoc(BaseModel):
    name: str
    description: str
    fields: list[SchemaField]


def type_name(schema: dict[str, Any] | bool) -> str:
    """A short human name for a JSON Schema: `string`, `integer`, `Money`, `list[Variant]`, …"""
    if not isinstance(schema, dict):
        return "any"
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        names = [type_name(s) for s in schema["anyOf"]]
        return " | ".join(n for n in names if n != "null") + (" | null" if "null" in names else "")
    if schema.get("type") == "array":
        return f"list[{type_name(schema.get('items', {}))}]"
    if "enum" in schema:
        return " | ".join(repr(v) for v in schema["enum"])
    if schema.get("type") == "object" and "additionalProperties" in schema:
        return f"dict[string, {type_name(schema['additionalProperties'])}]"
    kind = str(schema.get("type", "any"))
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def operations(spec: dict[str, Any]) -> list[Operation]:
    """Every operation of the schema, in path order."""
    found = []
    for path, item in spec.get("paths", {}).items():
        for method in _METHODS:
            if method not in item:
                continue
            op = item[method]
            parameters = [
                Parameter(
                    name=p["name"], location=p["in"], type=type_name(p.get("schema", {})),
                    required=bool(p.get("required")), description=p.get("description", ""),
                )
                for p in op.get("parameters", [])
            ]  # fmt: skip
            responses = []
            for status, response in op.get("responses", {}).items():
                content: dict[str, Any] = response.get("content", {})
                first: dict[str, Any] = next(iter(content.values()), {})
                schema: dict[str, Any] = first.get("schema", {})
                responses.append(
                    (status, response.get("description", ""), type_name(schema) if schema else "")
                )
            found.append(
                Operation(
                    method=method.upper(), path=path, summary=op.get("summary", ""),
                    description=op.get("description", ""), tag=(op.get("tags") or ["other"])[0],
                    parameters=parameters, responses=responses,
                )
            )  # fmt: skip
    return found


def schemas(spec: dict[str, Any]) -> list[SchemaDoc]:
    """Every component schema with its fields."""
    docs = []
    for name, schema in sorted(spec.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        fields = [
            SchemaField(
                name=f, type=type_name(s), required=f in required, description=s.get("description", "")
            )
            for f, s in schema.get("properties", {}).items()
        ]
        docs.append(SchemaDoc(name=name, description=schema.get("description", ""), fields=fields))
    return docs


@router.get("/docs", response_class=HTMLResponse)
def api_reference(request: Request) -> HTMLResponse:
    """The API reference page."""
    spec = request.app.openapi()
    return templates.TemplateResponse(
        request,
        "api_reference.html",
        {"title": "API reference", "spec": spec, "operations": operations(spec), "schemas": schemas(spec)},
    )
