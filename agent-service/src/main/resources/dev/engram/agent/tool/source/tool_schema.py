"""Static JSON-schema generation for Python tools, following Letta's rules.

Reads one JSON request on stdin and writes one JSON answer on stdout. The tool's code is never executed, imported or
evaluated: only `ast.parse` and `ast.literal_eval` (which accepts literals and nothing else) touch it. Standard library
only, so that it runs under `python3 -I -S`.

Requests:
  {"op": "schema", "source": "...", "args_json_schema": null | {...}}
      -> {"schema": {...}, "takes_agent_state": bool} or {"error": "...", "stage": "docstring" | "args_json_schema"}
  {"op": "signature", "source": "...", "name": "..."}
      -> {"arguments": [...], "is_async": bool} or {"error": "..."}

Anything else that goes wrong is a defect of this script: it ends with a traceback on stderr and a non-zero status.
"""

import ast
import inspect
import json
import re
import sys
import typing

RESERVED_PARAMS = ("self", "agent_state")
MISSING = object()
EMPTY = object()  # an unannotated parameter


class Rejected(Exception):
    """The source cannot become a tool; `text` is what the caller shows."""

    def __init__(self, text):
        super().__init__(text)
        self.text = text


# Letta sorts schema-time failures into three kinds and names the kind in the message.
TYPE_ERROR = "Type error in schema generation: "
VALUE_ERROR = "Value error in schema generation: "
OTHER_ERROR = "Unexpected error in schema generation: "


class GenerationError(Exception):
    def __init__(self, kind, text):
        super().__init__(text)
        self.kind = kind
        self.text = text


# ---------------------------------------------------------------------------------------------------------------------
# Google-style docstrings (and the reST fallback), the way docstring_parser's automatic style picks them apart


class DocParseError(Exception):
    pass


class Doc:
    def __init__(self, short=None, long=None, meta=None):
        self.short = short
        self.long = long
        self.meta = meta or []  # (key, arg_name or None, description)

    def param(self, name):
        for key, arg_name, description in self.meta:
            if key in PARAM_KEYS and arg_name == name:
                return description
        return None


PARAM_KEYS = {"param", "parameter", "arg", "argument", "attribute", "key", "keyword"}
RETURN_KEYS = {"return", "returns", "yield", "yields"}
RAISE_KEYS = {"raises", "raise", "except", "exception"}

MULTIPLE, SINGLE, SINGLE_OR_MULTIPLE = "multiple", "single", "single-or-multiple"
SECTIONS = {
    "Arguments": ("param", MULTIPLE),
    "Args": ("param", MULTIPLE),
    "Parameters": ("param", MULTIPLE),
    "Params": ("param", MULTIPLE),
    "Raises": ("raises", MULTIPLE),
    "Exceptions": ("raises", MULTIPLE),
    "Except": ("raises", MULTIPLE),
    "Attributes": ("attribute", MULTIPLE),
    "Example": ("examples", SINGLE),
    "Examples": ("examples", SINGLE),
    "Returns": ("returns", SINGLE_OR_MULTIPLE),
    "Yields": ("yields", SINGLE_OR_MULTIPLE),
}
SECTION_TITLE = re.compile("^(" + "|".join("(%s)" % t for t in SECTIONS) + "):[ \t\r\f\v]*$", re.M)
TYPED_NAME = re.compile(r"\s*(.+?)\s*\(\s*(.*[^\s]+)\s*\)")
ENTRY_LIKE = re.compile(r"(\s*[^:\s]+:)|([^:]*\]:.*)")


def split_summary(text):
    first, newline, rest = text.partition("\n")
    return first or None, (rest.strip() or None) if newline else None


def entry_description(text):
    """The text after `name (type):`; continuation lines lose their common indent."""
    if text.startswith(" "):
        text = text[1:]
    if "\n" in text:
        first, rest = text.split("\n", 1)
        text = first + "\n" + inspect.cleandoc(rest)
    return text.strip("\n")


def google_entry(key, text):
    if ":" not in text:
        raise DocParseError("Expected a colon in %r." % text)
    head, description = text.split(":", 1)
    description = entry_description(description) if description else description
    if key in PARAM_KEYS:
        typed = TYPED_NAME.match(head)
        return key, typed.group(1) if typed else head, description
    return key, None, description


def parse_google(text):
    if not text:
        return Doc()
    text = inspect.cleandoc(text)
    first_title = SECTION_TITLE.search(text)
    described, sections = (text[: first_title.start()], text[first_title.start():]) if first_title else (text, "")
    doc = Doc(*split_summary(described))

    titles = list(SECTION_TITLE.finditer(sections))
    bodies = {}  # a repeated section keeps its first place and its last text
    for i, title in enumerate(titles):
        end = titles[i + 1].start() if i + 1 < len(titles) else len(sections)
        body = sections[title.end():end]
        unindented = re.search(r"\n\S", body)  # text back at the margin ends the section
        if unindented:
            body = body[: unindented.start()]
        bodies[title.group(1)] = body.strip("\n")

    for title, body in bodies.items():
        key, kind = SECTIONS[title]
        if kind != MULTIPLE:
            part = inspect.cleandoc(body)
            if kind == SINGLE_OR_MULTIPLE and ENTRY_LIKE.match(part):
                doc.meta.append(google_entry(key, part))
            else:
                doc.meta.append((key, None, part))
            continue
        indent = re.match(r"\s*", body).group()
        starts = list(re.finditer("^" + indent + r"(?=\S)", body, re.M))
        if not starts:
            raise DocParseError('No specification for "%s": "%s"' % (title, body))
        for i, start in enumerate(starts):
            end = starts[i + 1].start() if i + 1 < len(starts) else len(body)
            doc.meta.append(google_entry(key, body[start.end():end].strip("\n")))
    return doc


def parse_rest(text):
    if not text:
        return Doc()
    text = inspect.cleandoc(text)
    first_field = re.search("^:", text, re.M)
    described, fields = (text[: first_field.start()], text[first_field.start():]) if first_field else (text, "")
    doc = Doc(*split_summary(described))
    return_types = []
    for field in re.finditer(r"(^:.*?)(?=^:|\Z)", fields, re.S | re.M):
        chunk = field.group(0)
        if not chunk:
            continue
        if ":" not in chunk.lstrip(":"):
            raise DocParseError('Error parsing meta information near "%s".' % chunk)
        head, description = chunk.lstrip(":").split(":", 1)
        words = head.split()
        description = description.strip()
        if "\n" in description:
            first, rest = description.split("\n", 1)
            description = first + "\n" + inspect.cleandoc(rest)
        if not words:
            raise DocParseError("Empty field name near %r." % chunk)
        key = words[0]
        if len(words) == 2 and key == "type":
            continue
        if len(words) in (1, 2) and key == "rtype":
            return_types.append(description)
            continue
        if key in PARAM_KEYS:
            if len(words) not in (2, 3):
                raise DocParseError("Expected one or two arguments for a %s keyword." % key)
            doc.meta.append((key, words[-1], description))
        elif key in RETURN_KEYS | RAISE_KEYS and len(words) > 2:
            raise DocParseError("Expected one or no arguments for a %s keyword." % key)
        else:
            doc.meta.append((key, None, description))
    if return_types and not any(key in RETURN_KEYS for key, _, _ in doc.meta):
        doc.meta.extend(("returns", None, None) for _ in return_types)
    return doc


def parse_docstring(text):
    """The style with the most entries wins, reST first among equals (numpydoc and epydoc count as none)."""
    candidates = []
    for parser in (parse_rest, parse_google):
        try:
            candidates.append(parser(text))
        except DocParseError:
            pass
    if not candidates:
        cleaned = inspect.cleandoc(text) if text else ""
        return Doc(*split_summary(cleaned)) if cleaned else Doc()
    return max(candidates, key=lambda doc: len(doc.meta))  # max keeps the first of equals


def examples_section(raw):
    """The `Examples:` section as written (indentation kept), up to a later unindented `Title:` line."""
    if not raw or "Examples:" not in raw:
        return None
    lines, inside = [], False
    for line in raw.strip().splitlines():
        stripped = line.strip()
        if not inside:
            if stripped.startswith("Examples:"):
                inside = True
                lines.append(line)
            continue
        if stripped and not line.startswith(" ") and stripped.endswith(":"):
            break
        lines.append(line)
    return "\n".join(lines).strip() or None


def describe(raw):
    doc = parse_docstring(raw)
    if doc.short and doc.long:
        description = doc.short + "\n\n" + doc.long
    else:
        description = doc.short or doc.long or "No description available"
    examples = examples_section(raw)
    if examples and "Examples:" not in description:
        description = description + "\n\n" + examples
    return doc, description


# ---------------------------------------------------------------------------------------------------------------------
# Annotations, read from the syntax tree into typing objects without evaluating anything


class Model:
    """A Pydantic model declared in the tool's source (subclasses are made per class; never instantiated)."""

    fields = ()


class ModelField:
    def __init__(self, name, annotation, has_default, default, description):
        self.name = name
        self.annotation = annotation
        self.has_default = has_default
        self.default = default
        self.description = description


TYPING_NAMES = {
    "Optional": typing.Optional,
    "List": typing.List,
    "Dict": typing.Dict,
    "Literal": typing.Literal,
    "Tuple": typing.Tuple,
    "Union": typing.Union,
}
BUILTIN_NAMES = {"str": str, "int": int, "float": float, "bool": bool, "list": list, "dict": dict, "tuple": tuple}


def literal_value(node):
    try:
        return ast.literal_eval(node)
    except Exception:
        return ast.unparse(node)


def resolve(node, names):
    """A typing object, a builtin type, a model class, or (for anything unknown) the annotation's text."""
    if node is None:
        return EMPTY
    if isinstance(node, ast.Name):
        return names.get(node.id, node.id)
    if isinstance(node, ast.Attribute):
        if isinstance(node.value, ast.Name) and node.value.id == "typing" and node.attr in TYPING_NAMES:
            return TYPING_NAMES[node.attr]
        return ast.unparse(node)
    if isinstance(node, ast.Constant):
        if node.value is None or node.value is Ellipsis or isinstance(node.value, str):
            return node.value  # a string is a forward reference: it stays a name, as at run time
        return ast.unparse(node)
    if isinstance(node, ast.Subscript):
        origin = resolve(node.value, names)
        elements = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if origin is typing.Literal:
            args = [literal_value(e) for e in elements]
        else:
            args = [resolve(e, names) for e in elements]
        if not isinstance(origin, str) and hasattr(origin, "__getitem__"):
            try:
                return origin[tuple(args) if len(args) > 1 else args[0]]
            except (TypeError, AttributeError):
                pass
        return ast.unparse(node)
    return ast.unparse(node)


def pydantic_imports(tree):
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "pydantic":
            imported.update(alias.name for alias in node.names)
    return imported


def declared_models(tree, names):
    """Classes deriving from `BaseModel` (imported from pydantic), with their annotated fields."""
    imported = pydantic_imports(tree)
    if "BaseModel" not in imported:
        return {}
    nodes = [node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
             and any(isinstance(base, ast.Name) and base.id == "BaseModel" for base in node.bases)]
    models = {node.name: type(node.name, (Model,), {"__module__": "builtins"}) for node in nodes}
    scope = {**names, **models}  # fields may name any model of the source, declared before or after
    for node in nodes:
        fields = []
        for statement in node.body:
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                fields.append(model_field(statement, scope, "Field" in imported))
        models[node.name].fields = tuple(fields)
    return models


def model_field(statement, scope, field_imported):
    annotation = resolve(statement.annotation, scope)
    value = statement.value
    has_default, default, description = False, None, MISSING
    is_field_call = isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "Field"
    if field_imported and is_field_call:
        for keyword in value.keywords:
            if keyword.arg == "description" and isinstance(keyword.value, ast.Constant):
                description = keyword.value.value
            elif keyword.arg in ("default", "default_factory"):
                has_default, default = True, literal_value(keyword.value) if keyword.arg == "default" else None
        if value.args:
            try:
                first = ast.literal_eval(value.args[0])
                if first is not Ellipsis:
                    has_default, default = True, first
            except Exception:
                pass
    # A plain default (`count: int = 3`) is not read, as in Letta: such a field has no description and is refused.
    return ModelField(statement.target.id, annotation, has_default, default, description)


def is_model(t):
    return isinstance(t, type) and issubclass(t, Model)


def is_optional(t):
    return typing.get_origin(t) is typing.Union and type(None) in typing.get_args(t)


# ---------------------------------------------------------------------------------------------------------------------
# Types to JSON schema

PRIMITIVES = {int: "integer", str: "string", bool: "boolean", float: "number", None: "null"}


def type_schema(t, seen=()):
    if is_optional(t):
        args = typing.get_args(t)
        if len(args) != 2:
            raise GenerationError(OTHER_ERROR, "Optional type must have exactly one type argument, but got %s" % t)
        return type_schema(args[0], seen)
    origin = typing.get_origin(t)
    if origin is typing.Union:
        raise GenerationError(OTHER_ERROR, "General Union types are not yet supported")
    if t is list or origin is list:
        args = typing.get_args(t)
        if not args:
            return {"type": "array", "items": {"type": "string"}}  # Letta's choice for an untyped list
        return {"type": "array", "items": type_schema(args[0], seen)}
    if origin is typing.Literal:
        return {"type": "string", "enum": list(typing.get_args(t))}
    if origin is tuple:
        args = typing.get_args(t)
        if not args:
            raise GenerationError(VALUE_ERROR, "Tuple type must have at least one element")
        if len(args) == 2 and args[1] is Ellipsis:
            raise GenerationError(OTHER_ERROR, "Variable-length tuples (e.g., Tuple[int, ...]) are not supported")
        return {"type": "array", "prefixItems": [type_schema(a, seen) for a in args],
                "minItems": len(args), "maxItems": len(args)}
    if t is dict or origin is dict:
        if not typing.get_args(t):
            return {"type": "object"}
        raise GenerationError(VALUE_ERROR, "Dictionary types %s with nested type arguments are not supported "
                                           "(consider using a Pydantic model instead)" % (t,))
    if is_model(t):
        return model_schema(t, seen)
    return {"type": primitive(t)}


def primitive(t):
    try:
        return PRIMITIVES[t]
    except (KeyError, TypeError):
        raise GenerationError(VALUE_ERROR, "Python type %s has no corresponding JSON schema type - full map: %s"
                              % (t, PRIMITIVES))


def model_schema(model, seen=()):
    """An object with every field described; Pydantic's defaults, titles and enums do not survive (as in Letta)."""
    if model in seen:
        raise GenerationError(VALUE_ERROR, "Model %s refers to itself, which is not supported" % model.__name__)
    seen = seen + (model,)
    properties = {}
    for field in model.fields:
        if field.description is MISSING:
            raise GenerationError(VALUE_ERROR, "Property %s lacks a 'description' key" % pydantic_field_repr(field))
        properties[field.name] = dict(field_schema(field.annotation, field, seen), description=field.description)
    return {"type": "object", "properties": properties,
            "required": [field.name for field in model.fields if not field.has_default]}


def field_schema(t, field, seen):
    if typing.get_origin(t) is typing.Union:
        others = [a for a in typing.get_args(t) if a is not type(None)]
        if len(others) != 1 or len(others) == len(typing.get_args(t)):
            raise GenerationError(VALUE_ERROR, "Complex anyOf patterns are not supported: %s"
                                  % pydantic_field_repr(field))
        return field_schema(others[0], field, seen)
    if is_model(t):
        return model_schema(t, seen)
    if t is list or typing.get_origin(t) is list:
        args = typing.get_args(t)
        return {"type": "array", "items": item_schema(args[0] if args else MISSING, seen)}
    if t is dict or typing.get_origin(t) is dict:
        return {"type": "object"}
    if typing.get_origin(t) is typing.Literal:
        return {"type": literal_type(typing.get_args(t)) or "string"}
    if t is tuple or typing.get_origin(t) is tuple:
        return {"type": "array"}
    return {"type": primitive(t)}


def item_schema(t, seen):
    """The items of a list field: models and nested lists keep their structure, scalars their type."""
    if t is MISSING:
        raise GenerationError(VALUE_ERROR, "Schema part lacks a 'type' key: {}")
    if is_model(t):
        return model_schema(t, seen)
    origin = typing.get_origin(t)
    if t is list or origin is list:
        args = typing.get_args(t)
        return {"type": "array", "items": item_schema(args[0] if args else MISSING, seen), "description": ""}
    if t is dict or origin is dict:
        raise GenerationError(VALUE_ERROR, "Object schema lacks 'properties' key: %s" % sorted_schema(pydantic_schema(t)))
    if origin is typing.Union:
        raise GenerationError(VALUE_ERROR, "Schema part lacks a 'type' key: %s" % sorted_schema(pydantic_schema(t)))
    if origin is typing.Literal:
        return {"type": literal_type(typing.get_args(t)) or "string"}
    if t is tuple or origin is tuple:
        return {"type": "array"}
    return {"type": primitive(t)}


def literal_type(values):
    for kind, name in ((bool, "boolean"), (int, "integer"), (str, "string")):
        if all(type(v) is kind for v in values):
            return name
    return None


def pydantic_schema(t):
    """Pydantic's JSON schema of a type, for messages that quote it."""
    if is_model(t):
        return {"$ref": "#/$defs/%s" % t.__name__}
    origin, args = typing.get_origin(t), typing.get_args(t)
    if t is list or origin is list:
        return {"type": "array", "items": pydantic_schema(args[0]) if args else {}}
    if t is dict or origin is dict:
        return {"type": "object", "additionalProperties": pydantic_schema(args[1]) if len(args) == 2 else True}
    if origin is typing.Union:
        return {"anyOf": [pydantic_schema(None if a is type(None) else a) for a in args]}
    if origin is typing.Literal:
        schema = {"const": args[0]} if len(args) == 1 else {"enum": list(args)}
        if literal_type(args):
            schema["type"] = literal_type(args)
        return schema
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": pydantic_schema(args[0])}
        return {"type": "array", "prefixItems": [pydantic_schema(a) for a in args],
                "minItems": len(args), "maxItems": len(args)}
    try:
        return {"type": PRIMITIVES[t]}
    except (KeyError, TypeError):
        return {}


def pydantic_field_repr(field):
    schema = pydantic_schema(field.annotation)
    if "$ref" not in schema:
        schema["title"] = field.name.title().replace("_", " ")
    if field.has_default:
        schema["default"] = field.default
    if field.description is not MISSING:
        schema["description"] = field.description
    return sorted_schema(schema)


def sorted_schema(value, parent=None):
    """Keys in alphabetical order at every level, as Pydantic emits them (property order and defaults kept)."""
    if isinstance(value, dict):
        keys = value if parent in ("properties", "default") else sorted(value)
        return {k: sorted_schema(value[k], k) for k in keys}
    if isinstance(value, list):
        return [sorted_schema(v, parent) for v in value]
    return value


# ---------------------------------------------------------------------------------------------------------------------
# The tool function


def parse_source(source, prefix):
    try:
        return ast.parse(source)
    except SyntaxError as e:
        raise Rejected(prefix + str(e))


def tool_function(tree):
    """The last function of the module's top level; failing that, the last `def` anywhere (where Letta looks)."""
    top = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    if top:
        return top[-1]
    nested = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]
    return nested[-1] if nested else None


def positional_params(function, names):
    """(name, annotation, has_default) for the plain positional-or-keyword parameters, as Letta reads them."""
    params = function.args.args
    first_default = len(params) - len(function.args.defaults)
    result = []
    for index, arg in enumerate(params):
        has_default = False
        if index >= first_default:
            try:
                ast.literal_eval(function.args.defaults[index - first_default])
                has_default = True
            except Exception:
                pass  # a default that is not a literal counts as none
        result.append((arg.arg, resolve(arg.annotation, names), has_default))
    return result


def takes_agent_state(function):
    return any(arg.arg == "agent_state" for arg in function.args.args)


def schema_from_docstring(source):
    tree = parse_source(source, "Failed to parse source code: ")
    names = dict(TYPING_NAMES, **BUILTIN_NAMES)
    names.update(declared_models(tree, names))
    function = tool_function(tree)
    if function is None:
        raise Rejected("No functions found in source code")
    body = function.body
    raw = body[0].value.value if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
        and isinstance(body[0].value.value, str) else None
    if not raw:
        raise Rejected("Function %s missing docstring" % function.name)
    params = positional_params(function, names)
    defaults = [has_default for _, _, has_default in params]
    if any(defaults[i] and not defaults[i + 1] for i in range(len(defaults) - 1)):
        # a default that is not a literal counts as none, which can leave the signature out of order (Python 3.11 text)
        raise Rejected("non-default argument follows default argument")
    try:
        doc, description = describe(raw)
        properties, required = {}, []
        for name, annotation, has_default in params:
            if name in RESERVED_PARAMS:
                continue
            if annotation is EMPTY:
                raise GenerationError(TYPE_ERROR, "Parameter '%s' in function '%s' lacks a type annotation"
                                      % (name, function.name))
            text = doc.param(name)
            if not text:
                raise GenerationError(VALUE_ERROR, "Parameter '%s' in function '%s' lacks a description in the "
                                                   "docstring" % (name, function.name))
            properties[name] = dict(type_schema(annotation), description=text)
            if not has_default and not is_optional(annotation):
                required.append(name)
    except GenerationError as e:
        raise Rejected(e.kind + e.text)
    schema = {"name": function.name, "description": description,
              "parameters": {"type": "object", "properties": properties, "required": required}}
    return schema, takes_agent_state(function)


def schema_from_args(source, args_schema):
    """Name and description from the source (no docstring needed); the parameters from the given JSON schema."""
    prefix = "Failed to parse function name and docstring: "
    tree = parse_source(source, prefix)
    function = tool_function(tree)
    if function is None:
        raise Rejected(prefix + "No function definition found in source code")
    description = ast.get_docstring(function) or "The %s tool" % function.name
    try:
        nested = {}
        definitions = args_schema.get("$defs") or {}
        for name in reversed(list(definitions)):
            nested[name] = json_model(name, definitions[name], nested)
        fields = json_model(args_schema.get("title", "DynamicModel"), args_schema, nested).fields
        properties = {f.name: dict(type_schema(f.annotation), description=f.description) for f in fields}
    except GenerationError as e:
        raise Rejected(e.text)
    schema = {"name": function.name, "description": description,
              "parameters": {"type": "object", "properties": properties,
                             "required": [f.name for f in fields if not f.has_default]}}
    return schema, takes_agent_state(function)


def json_model(name, schema, nested):
    properties = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(properties, dict):
        raise GenerationError(VALUE_ERROR, "Schema %s has no 'properties' object" % name)
    required = schema.get("required") or []
    fields = []
    for field_name, field in properties.items():
        if not isinstance(field, dict):
            raise GenerationError(VALUE_ERROR, "Property %s of %s is not an object" % (field_name, name))
        fields.append(ModelField(field_name, json_type(field, nested), field_name not in required, None,
                                 field.get("description", "")))
    model = type(name, (Model,), {"__module__": "builtins"})
    model.fields = tuple(fields)
    return model


def json_type(field, nested):
    """A property of an args_json_schema as the Python type Letta turns it into."""
    kind = field.get("type")
    simple = {"string": str, "integer": int, "number": float, "boolean": bool}
    if isinstance(kind, str) and kind in simple:
        return simple[kind]
    if kind == "array":
        items = field.get("items")
        if not isinstance(items, dict):
            raise GenerationError(VALUE_ERROR, "Array property has no 'items' object: %s" % (field,))
        referenced = items.get("$ref", "").split("/")[-1]
        if referenced and referenced in nested:
            return typing.List[nested[referenced]]
        return typing.List[json_type(items, nested)]
    if kind == "object":
        if "$ref" in field:
            referenced = field["$ref"].split("/")[-1]
            if referenced in nested:
                return nested[referenced]
        elif "additionalProperties" in field:
            extra = field["additionalProperties"]
            if extra is True:
                return dict
            if extra is False:
                raise GenerationError(VALUE_ERROR, "additionalProperties=false is not supported.")
            return typing.Dict[str, json_type(extra, nested)]
        return dict
    if field.get("$ref") is not None:
        referenced = field["$ref"].split("/")[-1]
        if referenced in nested:
            return nested[referenced]
        raise GenerationError(VALUE_ERROR, "Reference %s not found in nested models" % referenced)
    if field.get("anyOf") is not None:
        options = [o for o in field["anyOf"] if not (isinstance(o, dict) and o.get("type") == "null")]
        types = [json_type(o, nested) for o in options]
        if not types:
            raise GenerationError(VALUE_ERROR, "anyOf has no type besides null: %s" % (field,))
        if len(types) == 1:
            return typing.Optional[types[0]] if len(options) < len(field["anyOf"]) else types[0]
        return typing.Union[tuple(types)]
    raise GenerationError(VALUE_ERROR, "Unable to convert pydantic field schema to type: %s" % (field,))


def signature(source, name):
    """The positional parameters of every function (sync or async) called `name`, as Letta's sandbox reads them."""
    tree = parse_source(source, "Failed to parse source code: ")
    arguments, is_async = [], False
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            arguments.extend(arg.arg for arg in node.args.args)
            is_async = is_async or isinstance(node, ast.AsyncFunctionDef)
    return {"arguments": arguments, "is_async": is_async}


def answer(request):
    op = request.get("op")
    source = request.get("source") or ""
    if op == "signature":
        try:
            return signature(source, request.get("name"))
        except Rejected as e:
            return {"error": e.text}
    args_schema = request.get("args_json_schema")
    try:
        if args_schema is not None:
            schema, agent_state = schema_from_args(source, args_schema)
        else:
            schema, agent_state = schema_from_docstring(source)
        return {"schema": schema, "takes_agent_state": agent_state}
    except Rejected as e:
        if args_schema is None:  # Letta wraps every failure of the docstring route once more
            return {"error": "Schema generation failed: " + e.text, "stage": "docstring"}
        return {"error": e.text, "stage": "args_json_schema"}


def main():
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    sys.stdout.buffer.write(json.dumps(answer(request), default=str).encode("utf-8"))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
