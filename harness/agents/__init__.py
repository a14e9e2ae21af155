"""Agents, chosen with `--agent NAME` (REGISTRY):

    bash    the built-in agent (the default): the model (--model) asks for one bash command per turn
    oracle  reference: applies the gold patch and reports honestly (no model)
    null    reference: changes nothing (no model)
    claude-code  the real Claude Code CLI in the container (--model anthropic/<name>), its model
            calls through evalrun's bridge (harness/agents/claude_code.py)
    mini-swe-agent  the real mini-swe-agent CLI in the container (--model openai/<name>), its model
            calls through evalrun's Chat Completions bridge (harness/agents/miniswe.py)
    aider   the real aider CLI in the container (--model openai/<name>), likewise (harness/agents/aider.py)
    codex   the real OpenAI Codex CLI in the container (--model openai/<name>), its Responses API calls
            through evalrun's bridge (harness/agents/codex.py, harness/agents/responses.py)

`--model oracle` and `--model null`, the spelling before --agent, still select the reference
agents (and name the run's model "oracle" / "null", as before).

The interface is harness.agents.base.Agent: run(task, box, budget, trajectory, save) -> Trajectory.
To add an agent (an external CLI, say): implement it in a module of this package and add an
AgentEntry to REGISTRY; needs_model says whether --model is required and passed to it,
providers which --model providers it can speak to (empty: any), prepare what runs once before
the run (an install). An agent with a `mounts()` method gets those host folders bind-mounted
read-only into its container (the runner asks before starting it) and a `close()` after the trial.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from harness.agents import aider, claude_code, codex, miniswe
from harness.agents.base import Agent, Budget, EpisodeEnd
from harness.agents.bash import BashAgent, FormatError
from harness.agents.reference import NullAgent, OracleAgent
from harness.conditions import Delivery, InstalledSkill
from harness.models import FORMS, Model, get_model
from harness.prompts import Prompts

__all__ = [
    "DEFAULT_AGENT",
    "REGISTRY",
    "Agent",
    "AgentEntry",
    "AgentError",
    "AgentSetup",
    "BashAgent",
    "Budget",
    "EpisodeEnd",
    "FormatError",
    "NullAgent",
    "OracleAgent",
    "agent_factories",
    "agent_factory",
    "agent_for",
    "check_delivery",
    "resolve",
]


class AgentError(ValueError):
    """An --agent / --model combination that names no agent, or misses what the agent needs."""


@dataclass(frozen=True)
class AgentSetup:
    """What an agent is built from, once per run and condition."""

    model: Model | None  # None for agents that need no model
    prompts: Prompts
    guidance: str  # the condition's inline guidance text ("" for the baseline and installed skills)
    installed: InstalledSkill | None = None  # --skill-mode installed: the skill folder to install


@dataclass(frozen=True)
class AgentEntry:
    name: str
    summary: str
    needs_model: bool
    build: Callable[[AgentSetup], Agent]  # called once per trial
    installs_skills: bool = False  # can take --skill-mode installed (puts setup.installed where it looks)
    providers: tuple[str, ...] = ()  # the --model providers it speaks to (empty: any)
    prepare: Callable[[AgentSetup], None] | None = None  # once per run, before any trial (an install)


REGISTRY: dict[str, AgentEntry] = {
    entry.name: entry
    for entry in (
        AgentEntry(
            "bash",
            "the built-in agent: one bash command per turn",
            True,
            lambda setup: BashAgent(setup.model, setup.prompts, setup.guidance, setup.installed),
            installs_skills=True,
        ),
        AgentEntry("oracle", "reference: applies the gold patch", False, lambda setup: OracleAgent()),
        AgentEntry("null", "reference: changes nothing", False, lambda setup: NullAgent()),
        AgentEntry(
            "claude-code",
            f"Claude Code {claude_code.SDK_DIST}=={claude_code.SDK_VERSION} in the container, via the bridge",
            True,
            lambda setup: claude_code.ClaudeCodeAgent(
                setup.model,
                setup.prompts,
                setup.installed.files["SKILL.md"].decode() if setup.installed else setup.guidance,
                claude_code.INSTALLED if setup.installed else claude_code.INLINE,
            ),
            providers=("anthropic",),
            installs_skills=True,
            prepare=lambda setup: claude_code.install(),
        ),
        AgentEntry(
            "codex",
            f"OpenAI Codex CLI {codex.VERSION} ({codex.DIST}) in the container, via the bridge (Responses API)",
            True,
            lambda setup: codex.CodexAgent(
                setup.model,
                setup.prompts,
                setup.installed.files["SKILL.md"].decode() if setup.installed else setup.guidance,
                codex.INSTALLED if setup.installed else codex.INLINE,
                skill_files=setup.installed.files if setup.installed else None,
                skill_dir=setup.installed.name if setup.installed else None,
            ),
            providers=("openai",),
            installs_skills=True,
            prepare=lambda setup: codex.install(),
        ),
        AgentEntry(
            "mini-swe-agent",
            f"mini-swe-agent {miniswe.VERSION} (its `mini` CLI) in the container, via the bridge",
            True,
            lambda setup: miniswe.MiniSweAgent(setup.model, setup.prompts, setup.guidance, setup.installed),
            providers=("openai",),
            installs_skills=True,
            prepare=lambda setup: miniswe.install(),
        ),
        AgentEntry(
            "aider",
            f"aider {aider.VERSION} in the container, via the bridge",
            True,
            lambda setup: aider.AiderAgent(setup.model, setup.prompts, setup.guidance, setup.installed),
            providers=("openai",),
            installs_skills=True,
            prepare=lambda setup: aider.install(),
        ),
    )
}
DEFAULT_AGENT = "bash"
MODEL_ALIASES = ("oracle", "null")  # `--model NAME` selects the agent NAME (the spelling before --agent)


def agent_for(model: str | None) -> str:
    """The agent a run without --agent uses: the reference agent `--model oracle|null` names, else bash."""
    return model if model in MODEL_ALIASES else DEFAULT_AGENT


def resolve(agent: str | None, model: str | None) -> tuple[str, str]:
    """(agent name, the run's model label) from --agent and --model. Raises AgentError."""
    agent = agent or agent_for(model)
    entry = REGISTRY.get(agent)
    if entry is None:
        raise AgentError(f"unknown agent {agent!r}; available: {', '.join(REGISTRY)}")
    if not entry.needs_model:
        if model and model != agent:
            raise AgentError(f"--agent {agent} uses no model; leave out --model {model}")
        return agent, agent
    if not model:
        raise AgentError(f"--agent {agent} needs --model ({FORMS})")
    if model in MODEL_ALIASES:
        raise AgentError(f"{model} is an agent, not a model: use --agent {model} (without --agent {agent})")
    provider = model.partition("/")[0]
    if entry.providers and provider not in entry.providers:
        wanted = " or ".join(f"{p}/<name>" for p in entry.providers)
        raise AgentError(f"--agent {agent} cannot speak to the {provider!r} provider: use --model {wanted}")
    return agent, model


def agent_factory(name: str, model: str, prompts: Prompts, guidance: str) -> Callable[[], Agent]:
    """A per-trial constructor of agent `name`; the model is set up now (ModelConfigError surfaces here)."""
    return agent_factories(name, model, prompts, {"": Delivery(guidance=guidance)})[""]


def agent_factories(
    name: str, model: str, prompts: Prompts, deliveries: dict[str, Delivery]
) -> dict[str, Callable[[], Agent]]:
    """Per-trial constructors of agent `name`, one per condition (key -> how it is delivered), all with
    one model set up now (ModelConfigError surfaces here; AgentError for a delivery it cannot take)."""
    entry = REGISTRY[name]
    check_delivery(name, any(d.installed for d in deliveries.values()))
    shared = get_model(model) if entry.needs_model else None

    def factory(setup: AgentSetup) -> Callable[[], Agent]:
        return lambda: entry.build(setup)

    setups = {
        key: AgentSetup(shared, prompts, delivery.guidance, delivery.installed) for key, delivery in deliveries.items()
    }
    if entry.prepare is not None and setups:
        entry.prepare(next(iter(setups.values())))  # the install is the same for every condition
    return {key: factory(setup) for key, setup in setups.items()}


def check_delivery(name: str, installed: bool) -> None:
    """Raises AgentError when agent `name` cannot take installed skills and is asked to."""
    entry = REGISTRY.get(name)
    if installed and entry is not None and not entry.installs_skills:
        able = ", ".join(n for n, e in REGISTRY.items() if e.installs_skills)
        raise AgentError(
            f"--agent {name} cannot install a skill (it reads no skill folder); use --skill-mode inline, "
            f"or an agent that can: {able}"
        )
