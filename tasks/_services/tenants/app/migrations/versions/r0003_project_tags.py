"""Move project tags out of the comma-separated `projects.tags` column into `project_tags`.

One row per tag; `position` keeps the order the user gave. Tags never contain commas (the API
rejects them), so the old column can be rebuilt exactly on downgrade.
"""

from sqlalchemy import Connection, text

revision = "0003"
down_revision = "0002"


def upgrade(conn: Connection) -> None:
    conn.exec_driver_sql(
        """
        CREATE TABLE project_tags (
            id INTEGER PRIMARY KEY,
            project_id INTEGER NOT NULL REFERENCES projects (id),
            tag TEXT NOT NULL,
            position INTEGER NOT NULL,
            CONSTRAINT uq_project_tags_project_tag UNIQUE (project_id, tag)
        )
        """
    )
    for project_id, tags in conn.execute(text("SELECT id, tags FROM projects ORDER BY id")).all():
        names = [tag.strip() for tag in tags.split(",") if tag.strip()]
        for position, tag in enumerate(dict.fromkeys(names)):
            conn.execute(
                text(
                    "INSERT INTO project_tags (project_id, tag, position) "
                    "VALUES (:project_id, :tag, :position)"
                ),
                {"project_id": project_id, "tag": tag, "position": position},
            )
    conn.exec_driver_sql("ALTER TABLE projects DROP COLUMN tags")


def downgrade(conn: Connection) -> None:
    conn.exec_driver_sql("ALTER TABLE projects ADD COLUMN tags TEXT NOT NULL DEFAULT ''")
    rows = conn.execute(
        text("SELECT project_id, tag FROM project_tags ORDER BY project_id, position")
    ).all()
    tags_by_project: dict[int, list[str]] = {}
    for project_id, tag in rows:
        tags_by_project.setdefault(project_id, []).append(tag)
    for project_id, tags in tags_by_project.items():
        conn.execute(
            text("UPDATE projects SET tags = :tags WHERE id = :id"),
            {"tags": ",".join(tags), "id": project_id},
        )
    conn.exec_driver_sql("DROP TABLE project_tags")
