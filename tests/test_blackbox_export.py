"""`evalrun export tasks` ships what black-box grading needs: tasks/_clients/<service>/ comes back
with the task, so an imported black-box task loads and is graded the same way."""

from harness import paths
from harness.export import export_tasks, folder_entries, materialize_dataset
from harness.tasks import load_task, load_tasks

BLACK_BOX = "accounts-api-key-revoke-other-user"
IN_PROCESS = "accounts-admin-search-apostrophe"


def test_black_box_task_comes_back_with_its_client_files(tmp_path):
    black_box, in_process = (load_task(paths.tasks_dir() / t) for t in (BLACK_BOX, IN_PROCESS))
    assert (black_box.tests_mode, in_process.tests_mode) == ("black-box", "in-process")
    export_tasks([black_box, in_process], tmp_path / "export")

    root = materialize_dataset(tmp_path / "export", tmp_path / "imported")
    task_set = load_tasks(root)
    assert not task_set.errors
    imported = {task.id: task for task in task_set.tasks}
    assert imported[BLACK_BOX].tests_mode == "black-box"
    assert imported[IN_PROCESS].tests_mode == "in-process"
    assert folder_entries(imported[BLACK_BOX].client_dir) == folder_entries(black_box.client_dir)
    assert imported[BLACK_BOX].content_hash() == black_box.content_hash()
