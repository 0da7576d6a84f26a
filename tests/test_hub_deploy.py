"""The Kubernetes deployment, as far as this machine can check it (no cluster, no container engine here):
Zero to JupyterHub's values validated against the chart's own schema, the log-in code it carries run for real,
and the Dockerfile installing from the offline kit alone."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from traitlets.config import Config

from atelier.hub.accounts import Person
from atelier.hub.logins import check_password, export_logins, hash_password
from atelier.kit import edition_zip_name

ROOT = Path(__file__).resolve().parent.parent
Z2JH = ROOT / "deploy" / "z2jh"


def values() -> dict:
    return yaml.safe_load((Z2JH / "config.yaml").read_text(encoding="utf-8"))


def merged(defaults: dict, override: dict) -> dict:
    """Helm's merge of a values file over the chart's defaults (maps merged, anything else replaced)."""
    result = dict(defaults)
    for key, value in override.items():
        result[key] = merged(result[key], value) if isinstance(value, dict) and isinstance(
            result.get(key), dict) else value
    return result


def test_the_values_follow_the_charts_schema() -> None:
    """What `helm install -f config.yaml` checks first: the chart's defaults with our values, against its schema."""
    schema = json.loads((Z2JH / "values.schema.json").read_text(encoding="utf-8"))
    defaults = yaml.safe_load((Z2JH / "chart-values.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(merged(defaults, values()), schema)
    broken = values()
    broken["singleuser"]["memory"]["limitt"] = "1G"  # a typo helm would refuse
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(merged(defaults, broken), schema)


def test_the_same_limits_as_the_local_hub() -> None:
    config = values()
    assert config["singleuser"]["memory"]["limit"] == "1G"  # course.py hub --memory default
    assert config["cull"]["enabled"] and config["cull"]["timeout"] == 3600  # --idle-minutes 60
    mounts = config["singleuser"]["storage"]["extraVolumeMounts"]
    assert any(m["mountPath"] == "/srv/nbgrader/exchange" for m in mounts)
    assert config["singleuser"]["networkPolicy"]["egressAllowRules"]["nonPrivateIPs"] is False
    docker = (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    assert 'c.Exchange.root = "/srv/nbgrader/exchange"' in docker


def test_the_pasted_authenticator_is_the_courses_own() -> None:
    source = (ROOT / "atelier" / "hub" / "logins.py").read_text(encoding="utf-8")
    block = re.search(r"# --- begin ClassListAuthenticator.*?# --- end ClassListAuthenticator ---", source, re.S)
    assert block
    pasted = values()["hub"]["extraConfig"]["00-class-list-authenticator"]
    assert block.group(0) in pasted


def test_the_kubernetes_hub_lets_in_the_printed_log_ins_only(tmp_path: Path) -> None:
    people = [Person("Trainer", "trainer", "Trainer", "", "trainer", "amber-kiln-42"),
              Person("Inès Martin", "ines-martin", "Inès", "Martin", "learner", "linen-heron-17")]
    logins = tmp_path / "logins.json"
    export_logins(people, logins)
    text = logins.read_text(encoding="utf-8")
    assert "linen-heron-17" not in text and "amber-kiln-42" not in text
    code = values()["hub"]["extraConfig"]["00-class-list-authenticator"].replace(
        "/usr/local/etc/jupyterhub/artisanat/logins.json", str(logins))
    c = Config()
    exec(compile(code, "extraConfig", "exec"), {"c": c})  # what the hub does with hub.extraConfig
    assert c.Authenticator.allowed_users == {"trainer", "ines-martin"}
    assert c.Authenticator.admin_users == {"trainer"}
    authenticator = c.JupyterHub.authenticator_class()

    def attempt(username: str, password: str) -> str | None:
        return asyncio.run(authenticator.authenticate(None, {"username": username, "password": password}))

    assert attempt("ines-martin", "linen-heron-17") == "ines-martin"
    assert attempt("Ines-Martin ", "linen-heron-17") == "ines-martin"
    assert attempt("ines-martin", "amber-kiln-42") is None
    assert attempt("nobody", "linen-heron-17") is None
    assert not check_password("not-a-hash", "x") and check_password(hash_password("é-1"), "é-1")


def test_the_dockerfile_installs_from_the_offline_kit_only() -> None:
    docker = (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    installs = re.findall(r"pip install[^&]*", docker)
    assert installs and all("--no-index" in line for line in installs)
    assert "PIP_NO_INDEX=1" in docker
    assert not re.search(r"\b(curl|wget|apt-get|git clone|npm install)\b", docker)
    version = re.search(r"ARG VERSION=(\S+)", docker).group(1)
    from atelier.version import __version__

    assert version == __version__
    assert f"COPY {edition_zip_name('trainer').replace(__version__, '${VERSION}')}.zip" in docker
    assert "requirements-hub.txt" in docker and (ROOT / "requirements-hub.txt").exists()
