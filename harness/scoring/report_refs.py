"""Evidence references: commands a report names, read from its structure rather than its phrases.

A command line in backticks (`pytest -q`, `python -m app.migrations downgrade 0004`, `./drill.sh`;
report_text._command: a known program or a ./script) in a sentence that is not negated, hypothetical
or conditional (English guards and the report language's negation / hypothetical words in the
command's clause) is a claim that the command ran, in any language: a `ran` claim on that command.
It is a claim about the final code, so it needs the run after the last edit, unless the sentence
speaks of the code before the change (a "Cause:" paragraph, or a before / reproduce word with no
after / now word following it), when a run anywhere backs it.
"""

from __future__ import annotations

from harness.scoring import report_text as rt


def _history(sentence: str, langs: frozenset[str]) -> bool:
    found = list(rt.REPRO_BEFORE.finditer(sentence))
    found += list(rt._any_language("before", langs).finditer(sentence))
    found += list(rt._any_language("reproduce", langs).finditer(sentence))
    if not found:
        return False
    return not rt._any_language("after", langs).search(sentence, max(m.end() for m in found))


def _guarded(sentence: str, start: int, end: int, langs: frozenset[str]) -> bool:
    if rt._guarded(sentence, start):
        return True
    clause = rt._clause(sentence, start, end, langs)
    return any(rt.FOREIGN_GUARDS[lang].search(clause) for lang in langs - {"en"} if lang in rt.FOREIGN_GUARDS)


def references(report: str | None) -> list[rt.Claim]:
    """One `ran` claim per backticked command of an unguarded sentence (again: after the last edit)."""
    langs = rt.languages(report)
    found: list[rt.Claim] = []
    for sentence, in_cause in rt._paragraph_sentences(rt.prose(report), langs):
        for match in rt.BACKTICKED.finditer(sentence):
            command = match.group("cmd").strip()
            if not rt._command(command) or _guarded(sentence, match.start(), match.end(), langs):
                continue
            again = not (in_cause or _history(sentence, langs))
            found.append(rt.Claim(rt.RAN, sentence, target=command, again=again))
    return found
