"""A run's evidence is read only from inside its own folder under the data directory."""

from types import SimpleNamespace

from gongkai.monitoring.evidence_files import (
    audit_folder,
    evidence_file,
    evidence_options,
    evidence_root,
    kept_folder,
    new_run_folder,
    run_folder,
)


def test_evidence_file_stays_inside_the_run_folder(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    folder = new_run_folder(7)
    assert folder.startswith("evidence/7/")
    run = SimpleNamespace(evidence_dir=folder)
    pages = run_folder(run) / "pages"
    pages.mkdir(parents=True)
    (pages / "a.png").write_bytes(b"png")
    (tmp_path / "secret_key").write_text("x")
    assert evidence_file(run, "pages/a.png") == (pages / "a.png").resolve()
    assert run_folder(run).is_relative_to(evidence_root())
    # a missing file (deleted by retention), a path that climbs out, an absolute path: nothing
    assert evidence_file(run, "pages/b.png") is None
    assert evidence_file(run, "../../../secret_key") is None
    assert evidence_file(run, str(tmp_path / "secret_key")) is None
    assert evidence_file(SimpleNamespace(evidence_dir=""), "pages/a.png") is None


def test_an_audit_folder_is_kept_only_when_evidence_is_on_and_was_written(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.EVIDENCE = False
    assert audit_folder("evidence/1/x") == "" and evidence_options("") == {}
    settings.EVIDENCE = True
    folder = audit_folder("evidence/1/x")
    assert evidence_options(folder) == {"evidence_dir": str(tmp_path / "evidence/1/x")}
    (tmp_path / folder).mkdir(parents=True)  # the engine made it but found nothing to keep
    assert kept_folder(folder) == ""
    assert not (tmp_path / folder).exists()
    (tmp_path / folder / "pages").mkdir(parents=True)
    assert kept_folder(folder) == folder
    assert kept_folder("") == ""
