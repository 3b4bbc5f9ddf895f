"""The sample deployment files in deploy/ and docs/deploy.md: they parse, agree with the app, and hold no secret."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from drafting.bind import ACCOUNTS_ENV, BIND_ENV
from drafting.io.store import DATA_DIR_ENV, DATABASE_URL_ENV
from drafting.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
GUIDE = ROOT / "docs" / "deploy.md"
KNOWN_ENV = {f"DRAFTING_{name.upper()}" for name in Settings.model_fields} | {
    ACCOUNTS_ENV,
    BIND_ENV,
    DATA_DIR_ENV,
    DATABASE_URL_ENV,
}


def _compose() -> dict[str, Any]:
    loaded = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_compose_services() -> None:
    compose = _compose()
    assert set(compose["services"]) == {"app", "db"}
    assert set(compose["volumes"]) == {"pgdata", "appdata"}
    db, app = compose["services"]["db"], compose["services"]["app"]
    assert db["image"] == "postgres:16"
    assert "pgdata:/var/lib/postgresql/data" in db["volumes"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert "ports" not in db, "the database is reached over the compose network only"
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    assert "/_stcore/health" in " ".join(app["healthcheck"]["test"])
    assert app["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}
    assert all(str(port).startswith("127.0.0.1:") for port in app["ports"]), "HTTPS comes from nginx in front"


def test_compose_environment() -> None:
    env = _compose()["services"]["app"]["environment"]
    assert env[ACCOUNTS_ENV] == "1", "listening on 0.0.0.0 in the container needs multi-user mode"
    assert env[BIND_ENV] == "0.0.0.0"
    assert env[DATABASE_URL_ENV] == "postgresql://nianbao@db:5432/nianbao", "no password in the URL"
    assert env["PGPASSWORD"].startswith("${NIANBAO_DB_PASSWORD:?")
    db = _compose()["services"]["db"]["environment"]
    assert db["POSTGRES_PASSWORD"].startswith("${NIANBAO_DB_PASSWORD:?")
    assert set(env) - {"TZ", "PGPASSWORD"} <= KNOWN_ENV


def test_compose_holds_no_secret() -> None:
    """Passwords and keys come from the environment or deploy/.env (git-ignored), never from the file."""
    compose = _compose()
    for service in compose["services"].values():
        for name, value in service.get("environment", {}).items():
            if any(word in name for word in ("PASSWORD", "KEY")):
                assert str(value).startswith("${"), name
    assert (ROOT / ".gitignore").read_text(encoding="utf-8").count("deploy/.env") == 1


def test_env_example_placeholders_only() -> None:
    text = (DEPLOY / "env.example").read_text(encoding="utf-8")
    values = dict(line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#"))
    assert values == {"NIANBAO_DB_PASSWORD": values["NIANBAO_DB_PASSWORD"]}
    assert values["NIANBAO_DB_PASSWORD"].startswith("请改为")
    names = set(re.findall(r"^#?\s*([A-Z_]+)=", text, flags=re.MULTILINE)) - {"NIANBAO_DB_PASSWORD"}
    assert names <= KNOWN_ENV


def _dockerfile() -> list[str]:
    """The Dockerfile's instructions, continuation lines joined, comments dropped."""
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_dockerfile() -> None:
    lines = _dockerfile()
    assert lines[0] == "FROM python:3.11-slim"
    assert any(line.startswith("RUN pip install -e .") for line in lines)
    assert "USER 10001" in lines, "not root (the uid useradd gave nianbao)"
    assert any(line.startswith("HEALTHCHECK") and "/_stcore/health" in line for line in lines)
    cmd = next(line for line in lines if line.startswith("CMD"))
    assert "python -m drafting.bind &&" in cmd
    assert "streamlit run app.py" in cmd


def test_dockerfile_copies_what_exists() -> None:
    for line in _dockerfile():
        if line.startswith("COPY"):
            for source in line.split()[1:-1]:
                assert (ROOT / source).exists(), source


def test_docker_context_leaves_data_out() -> None:
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
    assert ignore[ignore.index("**") - 0] == "**", "everything excluded first"
    kept = [line[1:] for line in ignore if line.startswith("!")]
    assert not any(k.startswith(("data", ".venv", ".streamlit/secrets")) for k in kept)


def _unit() -> dict[str, list[str]]:
    """The unit file as key -> values (keys repeat: Environment=)."""
    entries: dict[str, list[str]] = {}
    for line in (DEPLOY / "drafting.service").read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            entries.setdefault(key, []).append(value)
    return entries


def test_systemd_unit() -> None:
    unit = _unit()
    assert f"{ACCOUNTS_ENV}=1" in unit["Environment"]
    assert f"{BIND_ENV}=127.0.0.1" in unit["Environment"]
    assert unit["ExecStartPre"] == ["/opt/nianbao/.venv/bin/python -m drafting.bind"]
    assert "--server.address ${DRAFTING_BIND}" in unit["ExecStart"][0]
    assert unit["User"] == ["nianbao"]
    assert unit["ProtectSystem"] == ["strict"]
    assert "Environment" in unit and not any("PASSWORD" in v or "KEY" in v for v in unit["Environment"])


def test_systemd_unit_verifies(tmp_path: Path) -> None:
    """systemd-analyze verify on a copy whose paths point at this checkout (the real ones are on the server)."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze not installed")
    env_file = tmp_path / "nianbao.env"
    env_file.write_text("DRAFTING_MODEL=test\n", encoding="utf-8")
    text = (DEPLOY / "drafting.service").read_text(encoding="utf-8")
    text = text.replace("/opt/nianbao", str(ROOT)).replace("/etc/nianbao/nianbao.env", str(env_file))
    text = text.replace("User=nianbao", "User=root").replace("Group=nianbao", "Group=root")
    unit = tmp_path / "nianbao.service"
    unit.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [analyze, "verify", "--man=no", str(unit)], capture_output=True, text=True, timeout=60, check=False
    )
    problems = [line for line in result.stderr.splitlines() if "nianbao.service" in line]
    assert not problems, result.stderr


def _upload_limit_mb() -> int:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    return int(config["server"]["maxUploadSize"])


def test_nginx_proxies_websocket_and_uploads() -> None:
    text = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    stream = text[text.index("location /_stcore/stream") :]
    assert "proxy_set_header Upgrade $http_upgrade;" in stream
    assert "proxy_set_header Connection $connection_upgrade;" in stream
    assert "proxy_http_version 1.1;" in stream
    limit = re.search(r"client_max_body_size (\d+)m;", text)
    assert limit is not None
    assert int(limit.group(1)) >= _upload_limit_mb()
    assert "server 127.0.0.1:8501;" in text
    assert "ssl_certificate_key" in text


def test_nginx_syntax(tmp_path: Path) -> None:
    """nginx -t on the sample, inside a minimal main config, with a throw-away self-signed certificate."""
    nginx, openssl = shutil.which("nginx") or "/usr/sbin/nginx", shutil.which("openssl")
    if not Path(nginx).exists() or openssl is None:
        pytest.skip("nginx or openssl not installed (apt-get install nginx-light)")
    crt, key = tmp_path / "t.crt", tmp_path / "t.key"
    outputs = ["-keyout", str(key), "-out", str(crt)]
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=test", *outputs],
        capture_output=True,
        check=True,
        timeout=60,
    )
    site = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    site = site.replace("/etc/nginx/ssl/nianbao.crt", str(crt)).replace("/etc/nginx/ssl/nianbao.key", str(key))
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    main = f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
    main += f"http {{\n access_log off;\n include {tmp_path}/site.conf;\n}}\n"
    (tmp_path / "nginx.conf").write_text(main, encoding="utf-8")
    command = [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "e.log")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr


def test_guide_names_real_settings_and_files() -> None:
    """Every DRAFTING_* the guide names is one the tool reads, and every deploy/ file it cites exists."""
    text = GUIDE.read_text(encoding="utf-8")
    assert set(re.findall(r"DRAFTING_[A-Z_]+", text)) <= KNOWN_ENV
    for cited in set(re.findall(r"deploy/[\w.\-]+", text)):
        assert (ROOT / cited).exists() or cited in ("deploy/.env", "deploy/backup"), cited
    for needed in ("pg_dump", "pg_restore", ".backup", "/_stcore/stream", "client_max_body_size", "vLLM", "Ollama"):
        assert needed in text, needed
