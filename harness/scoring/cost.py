"""Cost: steps, tokens, dollars, time (from the trajectory)."""

from __future__ import annotations

from harness.scoring.registry import family_names
from harness.trajectory import SUBMITTED, Trajectory

NAMES = family_names("cost")


def metrics(trajectory: Trajectory | None) -> dict[str, int | float | bool | None]:
    if trajectory is None:
        return dict.fromkeys(NAMES)
    usage = trajectory.usage
    wall = trajectory.ended_at - trajectory.started_at if trajectory.ended_at and trajectory.started_at else None
    return {
        "steps": len(trajectory.steps),
        "input_tokens": usage.input_tokens,
        "output_tokens": usage.output_tokens,
        "tokens": usage.input_tokens + usage.output_tokens,
        "cost_usd": usage.cost_usd,
        "wall_sec": round(wall, 3) if wall is not None else None,
        "model_sec": round(sum(s.model_sec for s in trajectory.steps), 3),
        "command_sec": round(sum(s.command_sec for s in trajectory.steps), 3),
        "format_errors": sum(1 for s in trajectory.steps if s.format_error),
        "command_timeouts": sum(1 for s in trajectory.steps if s.timed_out),
        "submitted": trajectory.exit_status == SUBMITTED,
    }
