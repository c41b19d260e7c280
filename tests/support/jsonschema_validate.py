"""Validates documents against a JSON Schema with python-jsonschema.

Used by tests/cli/schema.rs: the schema `pto schema` prints, checked by a
validator that is not the Rust crate, as most editors' checks are. Reads
{"schema": ..., "documents": {"name": document, ...}} on stdin and prints
{"validator": ..., "version": ..., "errors": {"name": [message, ...]}}.
The validator is the one the schema's `$schema` declares; formats are
checked too.
"""

import importlib.metadata
import json
import sys

import jsonschema

request = json.load(sys.stdin)
schema = request["schema"]
cls = jsonschema.validators.validator_for(schema, default=None)
if cls is None:
    sys.exit(f"python-jsonschema does not know $schema {schema.get('$schema')!r}")
cls.check_schema(schema)
validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
errors = {
    name: [
        f"{error.message} at /{'/'.join(str(p) for p in error.absolute_path)}"
        for error in validator.iter_errors(document)
    ]
    for name, document in request["documents"].items()
}
json.dump(
    {
        "validator": cls.__name__,
        "version": importlib.metadata.version("jsonschema"),
        "errors": errors,
    },
    sys.stdout,
)
