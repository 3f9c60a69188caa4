"""Who may reach the app: loopback detection, the refusal to listen openly, the explicit opt-in
with its warning, and the settings that control them."""
from __future__ import annotations

import dataclasses
import logging

import pytest

from rag.config import ConfigError, load_config
from rag.ui.access import check_exposure, is_loopback


@pytest.mark.parametrize("host", ["127.0.0.1", "127.5.6.7", "::1", "[::1]", "localhost",
                                  "LOCALHOST"])
def test_loopback_addresses(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "10.0.0.5", "192.168.1.20",
                                  "no-such-host.invalid"])
def test_addresses_others_can_reach(host: str) -> None:
    assert not is_loopback(host)


def test_an_open_app_on_a_shared_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RAG_APP_ALLOW_OPEN", raising=False)
    config = load_config()
    with pytest.raises(ConfigError) as error:
        check_exposure("0.0.0.0", 7860, config, login=False, read_only=False)
    message = str(error.value)
    assert "0.0.0.0:7860" in message and "RAG_APP_AUTH" in message
    assert "RAG_APP_ALLOW_OPEN=1" in message and "\n" not in message
    check_exposure("127.0.0.1", 7860, config, login=False, read_only=False)   # loopback: fine
    check_exposure("0.0.0.0", 7860, config, login=True, read_only=False)      # login: fine


def test_allow_open_is_explicit_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    config = dataclasses.replace(load_config(), app_allow_open=True)
    with caplog.at_level(logging.WARNING, logger="rag.ui.access"):
        check_exposure("0.0.0.0", 7860, config, login=False, read_only=False)
    assert any("WITHOUT a login" in r.getMessage() and "add or replace articles" in r.getMessage()
               for r in caplog.records)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="rag.ui.access"):
        check_exposure("0.0.0.0", 7860, config, login=False, read_only=True)
    assert caplog.records and "add or replace" not in caplog.records[0].getMessage()


@pytest.mark.parametrize("value,expected", [("1", True), ("true", True), ("ON", True),
                                            ("0", False), ("no", False), ("", False)])
def test_switches_read_the_usual_spellings(monkeypatch: pytest.MonkeyPatch, value: str,
                                           expected: bool) -> None:
    monkeypatch.setenv("RAG_APP_READONLY", value)
    assert load_config().app_readonly is expected


def test_a_mistyped_switch_is_an_error_not_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAG_APP_ALLOW_OPEN", "yes please")
    with pytest.raises(ConfigError, match="RAG_APP_ALLOW_OPEN must be 1/true/yes/on"):
        load_config()
