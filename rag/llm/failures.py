"""Turn whatever a backend raises into one LLMError with a one-line message for the user.

The backends raise different types (openai's APIConnectionError, httpx's ConnectError, ollama's
ResponseError, pydantic's ValidationError, ...), often wrapped; we classify by the exception chain
rather than import every client library.
"""
from __future__ import annotations

from rag.config import Config
from rag.errors import LLMError

_TIMEOUT = {"APITimeoutError", "TimeoutException", "ReadTimeout", "ConnectTimeout", "WriteTimeout",
            "PoolTimeout", "TimeoutError", "timeout"}
_CONNECTION = {"APIConnectionError", "ConnectError", "ConnectionRefusedError", "ConnectionError",
               "RemoteProtocolError", "ReadError", "NetworkError"}
_MALFORMED = {"JSONDecodeError", "ValidationError", "KeyError", "TypeError", "AttributeError",
              "IndexError", "ValueError", "UnicodeDecodeError", "MalformedResponse"}
MAX_MESSAGE = 240


class MalformedResponse(Exception):
    """The server answered, but not with a usable chat completion."""


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo and len(seen) < 10:
        current = todo.pop(0)
        if current is None or current in seen:
            continue
        seen.append(current)
        last_attempt = getattr(current, "last_attempt", None)      # tenacity.RetryError
        if last_attempt is not None and hasattr(last_attempt, "exception"):
            todo.append(last_attempt.exception())
        todo.extend([current.__cause__, current.__context__])
    return seen


def _status(chain: list[BaseException]) -> int | None:
    for exc in chain:
        code = getattr(exc, "status_code", None)
        if code is None:
            code = getattr(getattr(exc, "response", None), "status_code", None)
        if isinstance(code, int) and code >= 400:
            return code
    return None


def _server_message(chain: list[BaseException]) -> str:
    """The server's own error text when it sent an OpenAI-style error body, else the exception."""
    for exc in chain:
        body = getattr(exc, "body", None)
        if isinstance(body, dict):
            inner = body.get("error", body)
            message = inner.get("message") if isinstance(inner, dict) else inner
            if message:
                return str(message)
    return str(chain[0])


def _one_line(text: str) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= MAX_MESSAGE else line[: MAX_MESSAGE - 3] + "..."


def describe_server(config: Config) -> str:
    if config.llm == "llamacpp":
        return f"the local model {config.llm_model}"
    url = config.llm_base_url or ("http://127.0.0.1:11434" if config.llm == "ollama" else "?")
    return f"the LLM server at {url} (RAG_LLM={config.llm})"


def to_llm_error(exc: BaseException, config: Config) -> LLMError:
    if isinstance(exc, LLMError):
        return exc
    chain = _chain(exc)
    names = {cls.__name__ for e in chain for cls in type(e).__mro__}
    where = describe_server(config)
    if names & _TIMEOUT:
        message = (f"No answer from {where} within {config.llm_timeout_s:g} s; "
                   "raise RAG_LLM_TIMEOUT_S or use a smaller model.")
    elif (code := _status(chain)) is not None:
        message = f"{where[0].upper()}{where[1:]} answered HTTP {code}: {_server_message(chain)}"
    elif names & _CONNECTION:
        message = (f"Cannot connect to {where}: connection refused or dropped; "
                   "is the server running and RAG_LLM_BASE_URL right?")
    elif names & _MALFORMED:
        message = (f"Malformed response from {where}: not an OpenAI-style chat completion "
                   f"({type(exc).__name__}: {_one_line(str(exc))})")
    else:
        message = (f"The LLM call to {where} failed: {type(exc).__name__}: "
                   f"{_one_line(str(exc))}")
    error = LLMError(_one_line(message))
    error.__cause__ = exc
    return error
