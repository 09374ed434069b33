"""A run's evidence is read only from inside its own folder under the data directory."""

from types import SimpleNamespace

from gongkai.monitoring.evidence_files import evidence_file, evidence_root, new_run_folder, run_folder


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
