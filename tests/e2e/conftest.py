"""End-to-end suites reuse the fixtures of the LLM replay server and of the running app."""
from tests.llm.conftest import make_config, passages, server  # noqa: F401
from tests.ui.conftest import app, browser, client, page, seed_index  # noqa: F401
