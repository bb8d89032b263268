"""Every module that holds logic has its tests beside it: `apps/<app>/[<folder>/]<module>.py` is
tested by a `tests/<app>/**/test_<module>.py`, so whoever changes a module knows where its
tests are and a module without any cannot slip in.

Not held to it: the wiring Django finds by name (`apps.py`, `admin.py`, `urls.py`, migrations,
packages' `__init__.py`) and the few modules below that declare and do nothing, each with the
reason it needs no tests of its own."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIRING = {"__init__.py", "apps.py", "admin.py", "urls.py"}

DECLARATIONS = {
    "accounts/forms.py": "Django's auth forms with the styling mixin (tested in core/test_forms)",
    "twofactor/forms.py": "two field declarations: a label, a length and widget attributes",
    "worklist/models.py": "a docstring only: the worklist keeps no table of its own",
}


def _logic_modules() -> list[str]:
    modules = []
    for path in sorted((ROOT / "apps").rglob("*.py")):
        relative = path.relative_to(ROOT / "apps")
        if path.name in WIRING or "migrations" in relative.parts:
            continue
        modules.append(relative.as_posix())
    return modules


def _mirror_exists(module: str) -> bool:
    app, *_folders, name = module.split("/")
    return any((ROOT / "tests" / app).rglob(f"test_{Path(name).stem}.py"))


def test_every_module_with_logic_has_a_test_module_beside_it():
    missing = [m for m in _logic_modules() if m not in DECLARATIONS and not _mirror_exists(m)]
    assert missing == [], f"no tests/<app>/test_<module>.py for: {missing}"


def test_the_exemptions_name_modules_that_still_exist_and_still_lack_a_mirror():
    modules = set(_logic_modules())
    assert set(DECLARATIONS) <= modules, set(DECLARATIONS) - modules
    mirrored = [m for m in DECLARATIONS if _mirror_exists(m)]
    assert mirrored == [], f"mirrored now, drop the exemption: {mirrored}"
