"""Disk footprint of every task image, each layer that images share counted once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from harness.bench.figures import Figure, Section, rounded

if TYPE_CHECKING:
    from harness.bench.run import Bench


def measure_images(bench: Bench, section: Section) -> None:
    every = bench.task_set()
    tasks = every
    if bench.settings.footprint_images == "built":
        tasks = [task for task in every if bench.has_image(task)] or every[:1]
    tags = [bench.image(task) for task in tasks]
    unique, naive, layers, own = image_footprint(bench.client, tags)
    per_task = own / len(tasks) if tasks else 0
    section.details |= {
        "images": len(tags),
        "of_tasks": len(every),
        "which": bench.settings.footprint_images,
        "unique_layers": layers,
        "bytes_in_one_image_only": own,
    }
    bench.add(
        Figure(
            "images_disk_gb",
            f"disk footprint of the {len(tags)} task images",
            rounded(unique / 1e9, 3),
            "GB",
            {"sum of image sizes (shared layers counted per image)": rounded(naive / 1e9, 2)},
            note=f"{layers} unique non-empty layers; shared base/env layers {(unique - own) / 1e6:.0f} MB, "
            f"then {per_task / 1e6:.1f} MB per task",
        ),
        measured=unique / 1e9,
    )


def image_footprint(client, tags: list[str]) -> tuple[int, int, int, int]:
    """Disk use of a set of images: (bytes of the unique layers, sum of the image sizes, unique
    non-empty layers, bytes in layers that only one of the images uses).

    A layer is identified by the image history up to and including it, so layers that images share
    through a common parent (base, env) are counted once, as `docker system df` does.
    """
    size: dict[tuple, int] = {}
    users: dict[tuple, int] = {}
    naive = 0
    for tag in dict.fromkeys(tags):
        naive += client.images.get(tag).attrs.get("Size", 0)
        prefix: tuple = ()
        for entry in reversed(client.api.history(tag)):  # oldest first
            prefix = (*prefix, (entry.get("Created"), entry.get("CreatedBy"), entry.get("Size")))
            size.setdefault(prefix, entry.get("Size") or 0)
            users[prefix] = users.get(prefix, 0) + 1
    own = sum(bytes_ for key, bytes_ in size.items() if users[key] == 1)
    return sum(size.values()), naive, sum(1 for bytes_ in size.values() if bytes_), own
