"""Non-English phrases of the report detectors, as data: concept -> language -> regex fragments.

report_text.py holds the English patterns (they carry most of the nuance) and reads this table for
every other language; adding a language or a phrasing is an edit here only. Fragments are joined
per concept and language and matched case-insensitively inside one sentence. A claim phrase is
dropped when its clause holds a `negation` or `hypothetical` word of the same language (German
"als" is not Dutch "als"); a hedged phrase is a claim like any other ("damit sollte es behoben
sein" claims a fix that needs evidence).
Written for the languages an agent is likely to report in: de es pt it fr ru zh ja pl nl.
"""

from __future__ import annotations

PHRASES: dict[str, dict[str, list[str]]] = {
    # Words that cancel a claim phrase in the same clause.
    "negation": {
        "de": [r"\bnicht\b", r"\bkein\w*", r"\bnie\b", r"\bohne\b"],
        "es": [r"\bno\b", r"\bnunca\b", r"\bsin\b", r"\bni\b"],
        "pt": [r"\bnão\b", r"\bnunca\b", r"\bsem\b", r"\bnem\b"],
        "it": [r"\bnon\b", r"\bmai\b", r"\bsenza\b", r"\bné\b"],
        "fr": [r"\bne\b", r"\bn'", r"\bpas\b", r"\bjamais\b", r"\bsans\b"],
        "ru": [r"(?<!\w)не(?!\w)", r"(?<!\w)нет(?!\w)", r"(?<!\w)без(?!\w)", r"(?<!\w)ни(?!\w)"],
        "zh": [r"不", r"没", r"未", r"无法"],
        "ja": [r"ません", r"ない", r"なかった"],
        "pl": [r"\bnie\b", r"\bbez\b"],
        "nl": [r"\bniet\b", r"\bgeen\b", r"\bnooit\b", r"\bzonder\b"],
    },
    # Conditional / counterfactual words: "if", "would", "could", "once", "as soon as".
    "hypothetical": {
        "de": [r"\bwenn\b", r"\bfalls\b", r"\bwürde\w*", r"\bkönnte\w*", r"\bsobald\b"],
        "es": [r"\bsi\b", r"\bsería\w*", r"\bpodría\w*", r"\bcuando\b"],
        "pt": [r"\bse\b", r"\bseria\w*", r"\bpoderia\w*", r"\bquando\b"],
        "it": [r"\bse\b", r"\bsarebbe\w*", r"\bpotrebbe\w*", r"\bquando\b"],
        "fr": [r"\bsi\b", r"\bserait\b", r"\bpourrait\b", r"\bquand\b", r"\blorsque\b"],
        "ru": [r"(?<!\w)если(?!\w)", r"(?<!\w)бы(?!\w)", r"(?<!\w)когда(?!\w)"],
        "zh": [r"如果", r"假如", r"一旦"],
        "ja": [r"たら", r"れば", r"なら"],
        "pl": [r"\bjeśli\b", r"\bjeżeli\b", r"\bgdyby\b"],
        "nl": [r"\bals\b", r"\bindien\b", r"\bzodra\b"],
    },
    # Clause breaks inside a sentence besides , ; : ("but").
    "but": {
        "de": [r"\baber\b", r"\bjedoch\b"],
        "es": [r"\bpero\b", r"\bsino\b"],
        "pt": [r"\bmas\b", r"\bporém\b"],
        "it": [r"\bma\b", r"\bperò\b"],
        "fr": [r"\bmais\b"],
        "ru": [r"(?<!\w)но(?!\w)", r"(?<!\w)однако(?!\w)"],
        "zh": [r"但", r"不过", r"可是"],
        "ja": [r"が、", r"しかし", r"けど"],
        "pl": [r"\bale\b"],
        "nl": [r"\bmaar\b"],
    },
    # "It is fixed" claims, hedged forms included ("this should fix it").
    "fixed": {
        "de": [r"\bsollte\w*\b.{0,80}\b(behoben|erledigt|gelöst|korrigiert|beheben|lösen|funktionieren)\b"],
        "es": [
            r"\bdebería\w*\s+(de\s+)?(arreglar|resolver|solucionar|corregir|funcionar)\b",
            r"\bdebería\w*\s+(de\s+)?(quedar|estar)\s+(arreglad|resuelt|solucionad|corregid)\w*",
        ],
        "pt": [
            r"\bdev(e|eria|em|eriam)\s+(resolver|corrigir|consertar|funcionar|solucionar)\b",
            r"\bdev(e|eria)\s+(estar|ficar)\s+(resolvid|corrigid|consertad)\w*",
        ],
        "it": [
            r"\bdovrebbe\w*\s+(risolvere|sistemare|correggere|funzionare)\b",
            r"\bdovrebbe\w*\s+essere\s+(risolt|sistemat|corrett)\w*",
        ],
        "fr": [
            r"\bdevrai(t|ent)\s+(corriger|régler|résoudre|fonctionner|marcher)\b",
            r"\bdevrai(t|ent)\s+être\s+(corrigé|réglé|résolu)\w*",
        ],
        "ru": [r"(?<!\w)должн\w*\s+(исправить|решить|устранить|работать|помочь)(?!\w)"],
        "zh": [r"应该(已经|就|能|可以|会)*(修复|解决|好了|正常)"],
        "ja": [r"(直る|解決する|修正される|動く)はず"],
        "pl": [r"\bpowinn\w*\s+(naprawić|rozwiązać|działać)\b"],
        "nl": [r"\bzou\w*\b.{0,40}\bmoeten\s+(oplossen|verhelpen|werken)\b", r"\bmoet\w*\b.{0,40}\bopgelost\b"],
    },
    # Words for "the type check" (-> target "types"); tool names (ruff, mypy, ...) are the same everywhere.
    "type_check": {
        "de": [r"\bTyp(en)?prüfung\b", r"\bTyp-?Check\w*"],
        "es": [r"\b(verificación|comprobación|chequeo) de tipos\b"],
        "pt": [r"\b(verificação|checagem) de tipos\b"],
        "it": [r"\bcontrollo dei tipi\b"],
        "fr": [r"\bvérification des types\b", r"\bcontrôle des types\b"],
        "ru": [r"(?<!\w)проверка типов(?!\w)"],
        "zh": [r"类型检查"],
        "ja": [r"型チェック"],
        "pl": [r"\bsprawdzanie typów\b"],
        "nl": [r"\btypecontrole\b"],
    },
    # What a clean lint / type check "reports" after the tool's name; negation inside is the point
    # ("keine Fehler"), so only a negation between the tool and the phrase, or before the tool,
    # cancels it.
    "lint_clean": {
        "de": [
            r"\bsauber\b",
            r"\bkeine (Fehler|Befunde|Meldungen|Probleme|Warnungen)\b",
            r"\b(meldet|findet) nichts\b",
            r"\bist grün\b",
            r"\bfehlerfrei\b",
            r"\bbesteht\b",
        ],
        "es": [
            r"\blimpio\b",
            r"\bsin (errores|avisos|problemas)\b",
            r"\bno (reporta|marca|encuentra|muestra) (nada|errores)\b",
            r"\bpasa\b",
            r"\ben verde\b",
        ],
        "pt": [
            r"\blimpo\b",
            r"\bsem (erros|avisos|problemas)\b",
            r"\bnão (reporta|aponta|encontra|mostra) (nada|erros)\b",
            r"\bpassa\b",
        ],
        "it": [
            r"\bpulit[oa]\b",
            r"\bnon (segnala|trova|riporta) (nulla|niente|errori|problemi)\b",
            r"\bnessun (errore|problema|avviso)\b",
            r"\bpassa\b",
        ],
        "fr": [
            r"\bpropre\b",
            r"\baucune? (erreur|problème|avertissement)\b",
            r"\bne (signale|trouve|remonte) rien\b",
            r"\bpasse\b",
        ],
        "ru": [
            r"(?<!\w)чист\w*",
            r"(?<!\w)без (ошибок|замечаний|предупреждений)(?!\w)",
            r"(?<!\w)не (находит|выдаёт|выдает|показывает) (ошибок|ничего|замечаний)(?!\w)",
            r"(?<!\w)(нет|ноль) (ошибок|замечаний)(?!\w)",
            r"(?<!\w)проходит(?!\w)",
            r"(?<!\w)ошибок нет(?!\w)",
        ],
        "zh": [r"没有问题", r"没问题", r"(?<!没有)(?<!未)通过", r"无错误", r"没有(报错|错误|警告)", r"零错误"],
        "ja": [r"問題(なし|ありません)", r"エラー(なし|はありません|はない)", r"通りました", r"パスしました"],
        "pl": [r"\bczyst\w*", r"\bbez (błędów|ostrzeżeń|uwag)\b", r"\bprzechodzi\b", r"\bnie zgłasza (nic|błędów)\b"],
        "nl": [
            r"\bschoon\b",
            r"\bgeen (fouten|meldingen|problemen|waarschuwingen)\b",
            r"\bslaagt\b",
            r"\bmeldt niets\b",
        ],
    },
}
