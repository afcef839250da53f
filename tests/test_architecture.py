"""The architecture rules in pyproject.toml ([tool.importlinter]) hold for the code as it is.

`sources` never imports `claims`, `newstext` imports no Django, and `factbase` reaches the domain
apps only through its URL configuration. A broken contract fails here and prints the import chain.
"""

from pathlib import Path

from importlinter.application.use_cases import lint_imports
from importlinter.configuration import configure

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept(monkeypatch, capsys):
    configure()
    monkeypatch.chdir(ROOT)
    passed = lint_imports(
        config_filename=str(ROOT / "pyproject.toml"), cache_dir=None, no_logo=True
    )
    output = capsys.readouterr().out
    assert passed, output
    assert "3 kept, 0 broken" in output
