"""Deterministic OpenAI-compatible mock LLM for the Todo AI Chatbot.

Serves Chat Completions and the Responses API (plain and streaming), and
turns task requests ("add buy milk", "complete task 3") into calls of the
offered task tools, so the chatbot can be exercised without a real model.

Standard library only; runs on Python 3.9 and later. Environment:
  PORT                  listening port (default 8080; 0 picks a free one)
  MOCK_MODEL            the model name it lists (default mock-llm)
  MOCK_STREAM_DELAY_MS  pause between streamed events (default 0)
"""

import hashlib
import json
import os
import re
import signal
import socket
import socketserver
import sys
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODEL = os.environ.get("MOCK_MODEL") or "mock-llm"
MAX_BODY = 1024 * 1024
# Ends idle keep-alive connections and clients that stall mid-request.
SOCKET_TIMEOUT = 30
MODEL_CREATED = 1700000000


def _delay_seconds():
    try:
        return max(0.0, float(os.environ.get("MOCK_STREAM_DELAY_MS") or 0) / 1000)
    except ValueError:
        return 0.0


STREAM_DELAY = _delay_seconds()


class ApiError(Exception):
    """A request the server answers with an OpenAI-shaped error."""

    def __init__(self, status, message, param=None, code=None, close=False, allow=None):
        Exception.__init__(self, message)
        self.status = status
        self.message = message
        self.param = param
        self.code = code
        self.close = close
        self.allow = allow


def error_body(message, kind="invalid_request_error", param=None, code=None):
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


# --- reading the conversation ---------------------------------------------


def content_text(content):
    """The text of a message's content: a string or a list of text parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for part in content:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict) and isinstance(part.get("text"), str):
                parts.append(part["text"])
        return "\n".join(parts)
    if content is None:
        return ""
    return json.dumps(content)


def count_words(*texts):
    """The mock's token count: words."""
    return sum(len(t.split()) for t in texts if isinstance(t, str))


def input_words(items):
    """Words of the messages' contents and the tool outputs of a conversation."""
    if isinstance(items, str):
        return count_words(items)
    return sum(count_words(content_text(i.get("content")), content_text(i.get("output"))) for i in items)


def short_hash(*parts):
    text = "\x00".join(json.dumps(p, sort_keys=True) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


# --- deciding what to answer ----------------------------------------------

# The first of these words in the message picks the task operation.
VERB_RE = re.compile(
    r"\b(add|create|list|show|complete|done|finish|finished|delete|remove|update|rename|change)\b",
    re.I,
)
INTENT_OF_VERB = {
    "add": "add", "create": "add",
    "list": "list", "show": "list",
    "complete": "complete", "done": "complete", "finish": "complete", "finished": "complete",
    "delete": "delete", "remove": "delete",
    "update": "update", "rename": "update", "change": "update",
}
# Words in a tool's name that mark it as the tool for an operation, best first.
TOOL_WORDS = {
    "add": ("add", "create"),
    "list": ("list",),
    "complete": ("complete", "done", "finish"),
    "delete": ("delete", "remove"),
    "update": ("update", "edit", "rename"),
}
ID_KEYS = ("task_id", "taskId", "id")
TITLE_KEYS = ("title", "name", "text", "content", "description")
DESCRIPTION_KEYS = ("description", "details", "notes")
USER_ID_KEYS = ("user_id", "userId")
# Apps that make the model pass the user's id name it in their instructions.
USER_ID_RE = re.compile(r"\buser[ _-]?id\b[\"']?\s*(?:is\b|[:=])\s*[\"'`]?([\w@\-]+(?:\.[\w@\-]+)*)", re.I)

TASK_ID_RE = re.compile(r"(?:\btask|\bid|\bnumber|\bno\.?|#)\s*#?\s*(\d+)\b", re.I)
NUMBER_RE = re.compile(r"\b(\d+)\b")
QUOTED_RE = re.compile(r"\"([^\"]+)\"|\u201c([^\u201d]+)\u201d|(?:^|\s)'([^']+)'(?=$|[\s.,!?])")
# "a new task called", "task:", "to": words before the title, not part of it.
LEADING_FILLER_RE = re.compile(
    r"^\s*(?:(?:(?:a|an|the|another|my)\s+)?(?:new\s+)?(?:task|todo|to-do|item)\b)?"
    r"\s*(?:(?:called|named|titled|saying|to)\b|[:\-])?\s*",
    re.I,
)
TRAILING_LIST_RE = re.compile(
    r"\s+(?:to|on|in)\s+(?:my|the)\s+(?:(?:task|todo|to-do)\s+)?(?:list|tasks|todos?)\s*$", re.I
)
UPDATE_REST_RE = re.compile(
    r"^\s*(?:'s\s+)?(?:(title|name|description)\s*)?(?:\bto\b|\binto\b|\bas\b|:|=|->)?\s*(.*)$",
    re.I | re.S,
)


def clean_title(text):
    text = TRAILING_LIST_RE.sub("", text.strip())
    text = text.strip().rstrip(".!?").strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1].strip()
    return text


def quoted(text):
    m = QUOTED_RE.search(text)
    if not m:
        return None
    return next(g for g in m.groups() if g is not None).strip()


def task_id(text):
    m = TASK_ID_RE.search(text) or NUMBER_RE.search(text)
    return (int(m.group(1)), m.end()) if m else (None, None)


def parse_request(message):
    """The operation a user message asks for, with its values, or None."""
    verb = VERB_RE.search(message)
    if not verb:
        return None
    intent = INTENT_OF_VERB[verb.group(1).lower()]
    after = message[verb.end():]
    values = {}
    if intent == "add":
        title = quoted(after) or clean_title(LEADING_FILLER_RE.sub("", after, count=1))
        if not title:
            return None
        values["title"] = title
    elif intent == "list":
        lower = message.lower()
        if re.search(r"\b(completed|done|finished)\b", lower):
            values["status"] = "completed"
        elif re.search(r"\b(pending|open|incomplete|unfinished|remaining)\b", lower):
            values["status"] = "pending"
        else:
            values["status"] = "all"
    else:
        number, end = task_id(message)
        if number is None:
            return None
        values["task_id"] = number
        if intent == "update":
            m = UPDATE_REST_RE.match(message[end:])
            title = quoted(m.group(2)) or clean_title(m.group(2))
            if not title:
                return None
            field = (m.group(1) or "title").lower()
            values["description" if field == "description" else "title"] = title
    return intent, values


def find_tool(intent, tools):
    for word in TOOL_WORDS[intent]:
        for tool in tools:
            if word in tool["name"].lower():
                return tool
    return None


def schema_key(properties, keys):
    """The first of keys the schema has; without a schema, the first key."""
    if properties is None:
        return keys[0]
    for key in keys:
        if key in properties:
            return key
    return None


def typed(value, schema):
    """An id as the schema's type wants it (some tools take ids as strings)."""
    kind = schema.get("type") if isinstance(schema, dict) else None
    kinds = kind if isinstance(kind, list) else [kind]
    if "string" in kinds and "integer" not in kinds and "number" not in kinds:
        return str(value)
    return value


def tool_arguments(values, parameters):
    """Arguments for the tool, limited to the property names its schema has."""
    properties = None
    if isinstance(parameters, dict):
        properties = parameters.get("properties")
        properties = properties if isinstance(properties, dict) else {}
    args = {}
    if "task_id" in values:
        key = schema_key(properties, ID_KEYS)
        if key:
            args[key] = typed(values["task_id"], (properties or {}).get(key))
    if "title" in values:
        key = schema_key(properties, TITLE_KEYS)
        if key:
            args[key] = values["title"]
    if "description" in values:
        key = schema_key(properties, DESCRIPTION_KEYS)
        if key:
            args[key] = values["description"]
    if "user_id" in values and properties:
        key = schema_key(properties, USER_ID_KEYS)
        if key:
            args[key] = values["user_id"]
    # A status filter is only sent to tools that declare one.
    if "status" in values and properties and isinstance(properties.get("status"), dict):
        allowed = properties["status"].get("enum")
        if not isinstance(allowed, list) or values["status"] in allowed:
            args["status"] = values["status"]
    return args


def decide(user_text, tool_results, tools, allow_tools, turn, context=""):
    """The reply: ("text", words) or ("call", name, arguments_json, call_id).

    context: the system instructions, where a user id may be found.
    """
    if tool_results:
        result = "; ".join(r for r in tool_results if r) or "(no output)"
        return ("text", "Done: " + result)
    if tools and allow_tools:
        asked = parse_request(user_text)
        tool = find_tool(asked[0], tools) if asked else None
        if tool:
            user = USER_ID_RE.search(context)
            if user:
                asked[1]["user_id"] = user.group(1)
            args = json.dumps(tool_arguments(asked[1], tool.get("parameters")))
            return ("call", tool["name"], args, "call_" + short_hash(turn, user_text, tool["name"]))
    excerpt = " ".join(user_text.split())[:80]
    return ("text", "Mock reply: " + (excerpt or "(empty message)"))


def pieces(text):
    """Streaming chunks: one word with its trailing space each."""
    return re.findall(r"\S+\s*|\s+", text)


# --- request validation ----------------------------------------------------


def require(body, field, kind, kind_name, required=True):
    value = body.get(field)
    if value is None:
        if required:
            raise ApiError(400, "Missing required parameter: '%s'." % field, field, "missing_required_parameter")
        return None
    # bool is an int in Python: never accept it as a number.
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ApiError(400, "Invalid type for '%s': expected %s." % (field, kind_name), field, "invalid_type")
    return value


def check_items(items, field):
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            name = "%s[%d]" % (field, i)
            raise ApiError(400, "Invalid type for '%s': expected an object." % name, name, "invalid_type")


def chat_tools(tools):
    """Offered function tools of a chat request as {name, parameters}."""
    out = []
    for i, tool in enumerate(tools or []):
        if tool.get("type", "function") != "function":
            continue
        fn = tool.get("function")
        if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
            name = "tools[%d].function.name" % i
            raise ApiError(400, "Missing required parameter: '%s'." % name, name, "missing_required_parameter")
        out.append({"name": fn["name"], "parameters": fn.get("parameters")})
    return out


def responses_tools(tools):
    out = []
    for i, tool in enumerate(tools or []):
        if tool.get("type") != "function":
            continue
        if not isinstance(tool.get("name"), str):
            name = "tools[%d].name" % i
            raise ApiError(400, "Missing required parameter: '%s'." % name, name, "missing_required_parameter")
        out.append({"name": tool["name"], "parameters": tool.get("parameters")})
    return out


# --- Chat Completions ------------------------------------------------------


def chat_completion(body):
    require(body, "model", str, "a string")
    messages = require(body, "messages", list, "an array")
    if not messages:
        raise ApiError(400, "Invalid value for 'messages': expected a non-empty array.", "messages", "invalid_value")
    check_items(messages, "messages")
    for i, message in enumerate(messages):
        if not isinstance(message.get("role"), str):
            name = "messages[%d].role" % i
            raise ApiError(400, "Missing required parameter: '%s'." % name, name, "missing_required_parameter")
    tools_value = require(body, "tools", list, "an array", required=False)
    check_items(tools_value or [], "tools")
    tools = chat_tools(tools_value)
    stream = require(body, "stream", bool, "a boolean", required=False)
    options = require(body, "stream_options", dict, "an object", required=False) or {}

    last_user = max((i for i, m in enumerate(messages) if m["role"] == "user"), default=-1)
    user_text = content_text(messages[last_user].get("content")) if last_user >= 0 else ""
    results = [content_text(m.get("content")) for m in messages[last_user + 1:] if m["role"] == "tool"]
    context = "\n".join(content_text(m.get("content")) for m in messages if m["role"] in ("system", "developer"))
    reply = decide(user_text, results, tools, body.get("tool_choice") != "none", len(messages), context)

    completion_id = "chatcmpl-" + short_hash("chat", messages)
    model = body["model"]
    created = int(time.time())
    prompt_tokens, completion_tokens = input_words(messages), count_words(*reply[1:3])
    usage = {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
        "prompt_tokens_details": {"cached_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0},
    }
    if reply[0] == "call":
        call = {"id": reply[3], "type": "function", "function": {"name": reply[1], "arguments": reply[2]}}
        message = {"role": "assistant", "content": None, "refusal": None, "tool_calls": [call], "annotations": []}
        finish = "tool_calls"
    else:
        message = {"role": "assistant", "content": reply[1], "refusal": None, "annotations": []}
        finish = "stop"
    if not stream:
        return {
            "id": completion_id,
            "object": "chat.completion",
            "created": created,
            "model": model,
            "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": finish}],
            "usage": usage,
            "system_fingerprint": None,
        }, None

    with_usage = options.get("include_usage") is True

    def chunk(delta, finish_reason=None):
        out = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "system_fingerprint": None,
            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}],
        }
        if with_usage:
            out["usage"] = None
        return out

    events = []
    if reply[0] == "call":
        head = dict(call, index=0, function={"name": reply[1], "arguments": ""})
        events.append(chunk({"role": "assistant", "content": None, "tool_calls": [head]}))
        for piece in pieces(reply[2]):
            events.append(chunk({"tool_calls": [{"index": 0, "function": {"arguments": piece}}]}))
    else:
        events.append(chunk({"role": "assistant", "content": "", "refusal": None}))
        for piece in pieces(reply[1]):
            events.append(chunk({"content": piece}))
    events.append(chunk({}, finish))
    if with_usage:
        last = chunk({})
        last["choices"] = []
        last["usage"] = usage
        events.append(last)
    return None, [(None, e) for e in events] + [(None, "[DONE]")]


# --- Responses API ---------------------------------------------------------


def response_input(body):
    """(latest user text, tool outputs after it, item count) of the input."""
    value = body.get("input")
    if value is None:
        raise ApiError(400, "Missing required parameter: 'input'.", "input", "missing_required_parameter")
    if isinstance(value, str):
        return value, [], 1
    if not isinstance(value, list):
        raise ApiError(400, "Invalid type for 'input': expected a string or an array.", "input", "invalid_type")
    check_items(value, "input")
    last_user = max(
        (i for i, item in enumerate(value) if item.get("role") == "user" and item.get("type", "message") == "message"),
        default=-1,
    )
    user_text = content_text(value[last_user].get("content")) if last_user >= 0 else ""
    results = [
        content_text(item.get("output"))
        for item in value[last_user + 1:]
        if item.get("type") == "function_call_output"
    ]
    return user_text, results, len(value)


def responses_response(body):
    if body.get("prompt") is None:
        require(body, "model", str, "a string")
    user_text, results, turn = response_input(body)
    tools_value = require(body, "tools", list, "an array", required=False)
    check_items(tools_value or [], "tools")
    tools = responses_tools(tools_value)
    stream = require(body, "stream", bool, "a boolean", required=False)
    instructions = require(body, "instructions", str, "a string", required=False)
    context = [instructions or ""]
    if isinstance(body["input"], list):
        context += [content_text(i.get("content")) for i in body["input"] if i.get("role") in ("system", "developer")]
    reply = decide(user_text, results, tools, body.get("tool_choice") != "none", turn, "\n".join(context))

    key = short_hash("responses", body.get("input"), instructions)
    if reply[0] == "call":
        item = {
            "id": "fc_" + key,
            "type": "function_call",
            "status": "completed",
            "call_id": reply[3],
            "name": reply[1],
            "arguments": reply[2],
        }
    else:
        item = {
            "id": "msg_" + key,
            "type": "message",
            "status": "completed",
            "role": "assistant",
            "content": [{"type": "output_text", "text": reply[1], "annotations": [], "logprobs": []}],
        }
    input_tokens = input_words(body["input"]) + count_words(instructions)
    output_tokens = count_words(*reply[1:3])
    response = {
        "id": "resp_" + key,
        "object": "response",
        "created_at": int(time.time()),
        "status": "completed",
        "error": None,
        "incomplete_details": None,
        "instructions": instructions,
        "max_output_tokens": body.get("max_output_tokens"),
        "model": body.get("model") or MODEL,
        "output": [item],
        "parallel_tool_calls": body.get("parallel_tool_calls") is not False,
        "previous_response_id": body.get("previous_response_id"),
        "reasoning": {"effort": None, "summary": None},
        "store": body.get("store") is True,
        "temperature": body.get("temperature", 1),
        "text": body.get("text") or {"format": {"type": "text"}},
        "tool_choice": body.get("tool_choice") or "auto",
        "tools": tools_value or [],
        "top_p": body.get("top_p", 1),
        "truncation": body.get("truncation") or "disabled",
        "usage": {
            "input_tokens": input_tokens,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens": output_tokens,
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": input_tokens + output_tokens,
        },
        "user": None,
        "metadata": body.get("metadata") or {},
    }
    if not stream:
        return response, None
    return None, response_events(response)


def response_events(response):
    """The Responses streaming events that build up the finished response."""
    events = []

    def emit(kind, **fields):
        event = {"type": kind, "sequence_number": len(events)}
        event.update(fields)
        events.append((kind, event))

    start = dict(response, status="in_progress", output=[], usage=None)
    emit("response.created", response=start)
    emit("response.in_progress", response=start)
    for index, item in enumerate(response["output"]):
        where = {"item_id": item["id"], "output_index": index}
        if item["type"] == "message":
            part = item["content"][0]
            text = part["text"]
            emit("response.output_item.added", output_index=index, item=dict(item, status="in_progress", content=[]))
            emit("response.content_part.added", content_index=0, part=dict(part, text=""), **where)
            for piece in pieces(text):
                emit("response.output_text.delta", content_index=0, delta=piece, logprobs=[], **where)
            emit("response.output_text.done", content_index=0, text=text, logprobs=[], **where)
            emit("response.content_part.done", content_index=0, part=part, **where)
        else:
            emit("response.output_item.added", output_index=index, item=dict(item, status="in_progress", arguments=""))
            for piece in pieces(item["arguments"]):
                emit("response.function_call_arguments.delta", delta=piece, **where)
            emit("response.function_call_arguments.done", name=item["name"], arguments=item["arguments"], **where)
        emit("response.output_item.done", output_index=index, item=item)
    emit("response.completed", response=response)
    return events


# --- HTTP ------------------------------------------------------------------


def models_list():
    return {"object": "list", "data": [model_object()]}


def model_object():
    return {"id": MODEL, "object": "model", "created": MODEL_CREATED, "owned_by": "mock-llm"}


POST_ROUTES = {"/chat/completions": chat_completion, "/responses": responses_response}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = SOCKET_TIMEOUT
    # Headers and body go out as separate writes: without this, Nagle's
    # algorithm and delayed ACKs hold keep-alive replies back for ~40 ms.
    disable_nagle_algorithm = True

    def do_GET(self):
        self._dispatch()

    do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET

    def _dispatch(self):
        try:
            self._route()
        except ApiError as e:
            self._safe_json(e.status, error_body(e.message, param=e.param, code=e.code), e.close, e.allow)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, socket.timeout):
            # The client went away: nothing left to answer.
            self.close_connection = True
        except Exception as e:  # never let one request take the server down
            sys.stderr.write("error %s %s: %s\n" % (self.command, self._log_path(), type(e).__name__))
            self._safe_json(500, error_body("Internal mock error.", "server_error"), close=True)

    def _route(self):
        path = self.path.split("?", 1)[0].rstrip("/") or "/"
        # Clients may be pointed at the server with or without /v1.
        api = path[3:] if path.startswith("/v1/") else path
        method = "GET" if self.command == "HEAD" else self.command
        if path == "/health":
            self._only(method, "GET")
            return self._send_json(200, {"status": "ok"})
        if api == "/models":
            self._only(method, "GET")
            return self._send_json(200, models_list())
        if api.startswith("/models/"):
            self._only(method, "GET")
            if api[len("/models/"):] != MODEL:
                raise ApiError(404, "The model '%s' does not exist." % api[len("/models/"):], "model", "model_not_found")
            return self._send_json(200, model_object())
        handler = POST_ROUTES.get(api)
        if handler is None:
            raise ApiError(404, "Unknown request URL: %s %s." % (self.command, path), None, "unknown_url", close=True)
        self._only(method, "POST")
        body = self._read_json()
        result, events = handler(body)
        if events is None:
            return self._send_json(200, result)
        return self._send_events(events)

    def _only(self, method, allowed):
        if method != allowed:
            raise ApiError(405, "Method %s is not allowed here; use %s." % (self.command, allowed),
                           None, "method_not_allowed", close=True, allow=allowed)

    def _content_length(self):
        """The declared body size; errors for chunked, missing or bad lengths."""
        if self.headers.get("Transfer-Encoding"):
            raise ApiError(411, "Chunked request bodies are not supported; send Content-Length.",
                           None, "length_required", close=True)
        values = self.headers.get_all("Content-Length") or []
        if not values:
            raise ApiError(411, "A Content-Length header is required.", None, "length_required", close=True)
        if len(set(v.strip() for v in values)) != 1 or not values[0].strip().isdigit():
            raise ApiError(400, "Invalid Content-Length header.", None, "invalid_content_length", close=True)
        length = int(values[0])
        if length > MAX_BODY:
            raise ApiError(413, "Request body too large: %d bytes, the limit is %d." % (length, MAX_BODY),
                           None, "request_too_large", close=True)
        return length

    def _read_json(self):
        length = self._content_length()
        raw = self.rfile.read(length) if length else b""
        if len(raw) < length:
            raise ApiError(400, "Request body ended early.", None, "incomplete_body", close=True)
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as e:
            raise ApiError(400, "Invalid JSON body: %s." % e, None, "invalid_json")
        if not isinstance(body, dict):
            raise ApiError(400, "The request body must be a JSON object.", None, "invalid_type")
        return body

    def handle_expect_100(self):
        # Refuse an oversized body before the client sends it.
        length = self.headers.get("Content-Length", "").strip()
        if length.isdigit() and int(length) > MAX_BODY:
            self._safe_json(413, error_body("Request body too large: %s bytes, the limit is %d." % (length, MAX_BODY),
                                            code="request_too_large"), close=True)
            return False
        return BaseHTTPRequestHandler.handle_expect_100(self)

    def _send_json(self, status, obj, close=False, allow=None):
        data = json.dumps(obj, separators=(",", ":")).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if allow:
            self.send_header("Allow", allow)
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _safe_json(self, status, obj, close=False, allow=None):
        try:
            self._send_json(status, obj, close, allow)
        except OSError:
            self.close_connection = True

    def _send_events(self, events):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        # No length is known up front: the end of the stream is the end of the connection.
        self.send_header("Connection", "close")
        self.close_connection = True
        self.end_headers()
        for i, (name, payload) in enumerate(events):
            if i and STREAM_DELAY:
                time.sleep(STREAM_DELAY)
            data = payload if isinstance(payload, str) else json.dumps(payload, separators=(",", ":"))
            frame = ("event: %s\n" % name if name else "") + "data: %s\n\n" % data
            self.wfile.write(frame.encode("utf-8"))
            self.wfile.flush()

    def version_string(self):
        return "mock-llm"

    def send_error(self, code, message=None, explain=None):
        # Errors found while parsing the request line or headers, in OpenAI's shape.
        text = message or HTTPStatus(code).phrase
        self._safe_json(code, error_body(text, code="http_%d" % code), close=True)

    def _log_path(self):
        return (getattr(self, "path", "") or "-").split("?", 1)[0]

    def log_request(self, code="-", size="-"):
        status = code.value if isinstance(code, HTTPStatus) else code
        sys.stderr.write("%s %s %s\n" % (self.command or "-", self._log_path(), status))
        sys.stderr.flush()

    def log_error(self, format, *args):
        pass  # log_request already wrote the line for this request


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def server_bind(self):
        # HTTPServer.server_bind looks up the host name, which can stall without DNS.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]


def main():
    try:
        port = int(os.environ.get("PORT") or 8080)
        if not 0 <= port <= 65535:
            raise ValueError
    except ValueError:
        sys.stderr.write("PORT must be a number from 0 to 65535\n")
        return 2
    server = Server(("0.0.0.0", port), Handler)

    def stop(_signum, _frame):
        raise SystemExit(0)

    # As PID 1 in a container, SIGTERM is ignored unless handled.
    signal.signal(signal.SIGTERM, stop)
    sys.stderr.write("mock-llm serving model %s on 0.0.0.0:%d\n" % (MODEL, server.server_address[1]))
    sys.stderr.flush()
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
