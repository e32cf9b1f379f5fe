"""``kooperacja serve`` and ``kooperacja secret-key``: no start without a usable key; the key file is made once."""

from __future__ import annotations

from cli.main import main


def test_serve_refuses_to_start_without_a_key(monkeypatch, tmp_path, capsys):
    for name in ("KOOPERACJA_SECRET_KEY", "KOOPERACJA_SECRET_KEY_FILE", "KOOPERACJA_ENV"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KOOPERACJA_DATABASE_URL", f"sqlite:///{tmp_path / 'serve.db'}")
    assert main(["serve", "--port", "0"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("Błąd: Brak klucza sesji (KOOPERACJA_SECRET_KEY)")
    assert "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'" in error


def test_serve_refuses_an_unreadable_key_file(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("KOOPERACJA_SECRET_KEY", raising=False)
    monkeypatch.setenv("KOOPERACJA_SECRET_KEY_FILE", str(tmp_path / "nie-ma"))
    monkeypatch.setenv("KOOPERACJA_DATABASE_URL", f"sqlite:///{tmp_path / 'serve.db'}")
    assert main(["serve", "--port", "0"]) == 1
    assert "Nie można odczytać pliku klucza" in capsys.readouterr().err


def test_secret_key_creates_the_file_once(tmp_path, capsys):
    path = tmp_path / "instance" / "secret_key"
    assert main(["secret-key", str(path)]) == 0
    assert "Utworzono nowy klucz sesji" in capsys.readouterr().out
    key = path.read_text()
    assert main(["secret-key", str(path)]) == 0
    assert "już istnieje" in capsys.readouterr().out and path.read_text() == key
