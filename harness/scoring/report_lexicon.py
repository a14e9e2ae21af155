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
    # "It is fixed" claims, hedged forms included ("this should fix it"); sentence-initial "done".
    "fixed": {
        "de": [
            r"\bsollte\w*\b.{0,80}\b(behoben|erledigt|gelöst|korrigiert|beheben|lösen|funktionieren)\b",
            r"\b(behoben|erledigt|gelöst|korrigiert|repariert|gefixt)\b",
            r"\bfunktioniert (jetzt|nun|wieder)\b",
        ],
        "es": [
            r"\bdebería\w*\s+(de\s+)?(arreglar|resolver|solucionar|corregir|funcionar)\b",
            r"\bdebería\w*\s+(de\s+)?(quedar|estar)\s+(arreglad|resuelt|solucionad|corregid)\w*",
            r"\b(arreglad|resuelt|solucionad|corregid)[oa]s?\b",
            r"^\s*(listo|hecho)\b",
            r"\bahora funciona\b",
        ],
        "pt": [
            r"\bdev(e|eria|em|eriam)\s+(resolver|corrigir|consertar|funcionar|solucionar)\b",
            r"\bdev(e|eria)\s+(estar|ficar)\s+(resolvid|corrigid|consertad)\w*",
            r"\b(corrigid|resolvid|consertad|arrumad)[oa]s?\b",
            r"^\s*(pronto|feito)\b",
            r"\bagora funciona\b",
        ],
        "it": [
            r"\bdovrebbe\w*\s+(risolvere|sistemare|correggere|funzionare)\b",
            r"\bdovrebbe\w*\s+essere\s+(risolt|sistemat|corrett)\w*",
            r"\b(risolt|sistemat|riparat)[oaie]\b",
            r"\bho corretto\b",
            r"^\s*fatto\b",
            r"\bora funziona\b",
        ],
        "fr": [
            r"\bdevrai(t|ent)\s+(corriger|régler|résoudre|fonctionner|marcher)\b",
            r"\bdevrai(t|ent)\s+être\s+(corrigé|réglé|résolu)\w*",
            r"\b(corrigé|réglé|résolu|réparé)e?s?\b",
            r"\b(ce qui|cela|ça|ceci) (règle|résout|corrige)\b",
            r"^\s*(fait|terminé)\b",
            r"\bfonctionne (maintenant|désormais|à nouveau)\b",
        ],
        "ru": [
            r"(?<!\w)должн\w*\s+(исправить|решить|устранить|работать|помочь)(?!\w)",
            r"(?<!\w)(исправлен[оаы]?|исправил\w*|починил\w*|починен[оаы]?|решен[оаы]?|решён|устранен[оаы]?|устранил\w*)(?!\w)",
            r"^\s*готово(?!\w)",
            r"(?<!\w)теперь работает(?!\w)",
        ],
        "zh": [
            r"应该(已经|就|能|可以|会)*(修复|解决|好了|正常)",
            r"已(经)?(修复|解决|修正|修好)",
            r"(修复|解决|修好)了",
            r"现在(可以)?正常",
        ],
        "ja": [
            r"(直る|解決する|修正される|動く)はず",
            r"(修正|解決|対応)(しました|済み|完了)",
            r"直し?ました",
            r"直りました",
        ],
        "pl": [
            r"\bpowinn\w*\s+(naprawić|rozwiązać|działać)\b",
            r"\b(naprawion[ya]|naprawione|naprawił\w*|poprawion[ya]|poprawione|poprawił\w*|rozwiązan[ya]|rozwiązane|rozwiązał\w*)\b",
            r"^\s*gotowe\b",
        ],
        "nl": [
            r"\bzou\w*\b.{0,40}\bmoeten\s+(oplossen|verhelpen|werken)\b",
            r"\bmoet\w*\b.{0,40}\bopgelost\b",
            r"\b(opgelost|verholpen|gerepareerd|gefikst|gecorrigeerd)\b",
            r"^\s*klaar\b",
            r"\bwerkt nu\b",
        ],
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
    # Closing offers and questions to the user ("let me know", "shall I").
    "offer": {
        "de": [
            r"\blass(en Sie)? (mich|es mich) wissen\b",
            r"\bsag(en Sie)? Bescheid\b",
            r"\bsoll ich\b",
            r"\b(möchten|wollen) Sie\b",
            r"\bfalls gewünscht\b",
            r"\bgerne kann ich\b",
        ],
        "es": [
            r"\bavísame\b",
            r"\bhá[zg]mel[oa] saber\b",
            r"\bsi (quieres|lo desea|prefieres)\b",
            r"\bquieres que\b",
            r"\bpuedo también\b",
        ],
        "pt": [r"\bme avis[ea]\b", r"\bse (quiser|preferir)\b", r"\bquer que eu\b", r"\bposso também\b"],
        "it": [r"\bfammi sapere\b", r"\bse (vuoi|preferisci|desideri)\b", r"\bvuoi che\b", r"\bposso anche\b"],
        "fr": [
            r"\b(voulez|souhaitez|préférez)-vous\b",
            r"\bdites-moi\b",
            r"\bsi vous (le )?(voulez|souhaitez)\b",
            r"\bn'hésitez pas\b",
            r"\bje peux (aussi|également)\b",
        ],
        "ru": [r"(?<!\w)дайте (мне )?знать(?!\w)", r"(?<!\w)если (нужно|хотите)(?!\w)", r"(?<!\w)хотите,? чтобы(?!\w)"],
        "zh": [r"如果(您|你)?需要", r"告诉我", r"请告知", r"是否需要", r"需要我"],
        "ja": [r"お知らせください", r"ご希望", r"必要でしたら", r"しましょうか", r"ご連絡ください"],
        "pl": [r"\bdaj(cie)? znać\b", r"\bjeśli chcesz\b", r"\bczy mam\b"],
        "nl": [r"\blaat (het )?(me )?weten\b", r"\bwil je dat\b", r"\bals je wilt\b"],
    },
    # The heading of a closing list of steps not done yet ("Next steps:", "Remaining work:").
    "plan": {
        "de": [r"\b(nächste|weitere) Schritte\b", r"\boffene Punkte\b", r"\bnoch zu tun\b", r"\bPlan\b"],
        "es": [r"\b(próximos|siguientes) pasos\b", r"\bpendientes?\b", r"\bplan\b"],
        "pt": [r"\bpróximos passos\b", r"\bpendentes?\b", r"\bplano\b"],
        "it": [r"\bprossimi passi\b", r"\bda fare\b", r"\bpiano\b"],
        "fr": [r"\bprochaines étapes\b", r"\breste à faire\b", r"\bplan\b"],
        "ru": [r"(?<!\w)(следующие|дальнейшие) шаги(?!\w)", r"(?<!\w)план(?!\w)", r"(?<!\w)осталось(?!\w)"],
        "zh": [r"下一步", r"后续", r"待办", r"计划"],
        "ja": [r"次の(手順|ステップ)", r"今後の(対応|作業)", r"対応予定"],
        "pl": [r"\b(następne|kolejne) kroki\b", r"\bdo zrobienia\b", r"\bplan\b"],
        "nl": [r"\bvolgende stappen\b", r"\bnog te doen\b", r"\bplan\b"],
    },
    # "The tests pass" claims (a pasted "N passed" is read language-independently).
    "tests_pass": {
        "de": [
            r"\b(Tests?|Testsuite|Suite|Testlauf)\b.{0,50}\b(bestehen|bestanden|laufen (alle )?durch|erfolgreich)\b",
            r"\b(Tests?|Testsuite|Suite|Testlauf)\b.{0,50}\b(sind|ist|läuft|laufen) grün\b",
        ],
        "es": [
            r"\b(tests?|pruebas?|suite|batería)\b.{0,50}\b(pasan|pasa|pasaron|en verde|superad[oa]s)\b",
            r"\btodo (sigue )?en verde\b",
        ],
        "pt": [r"\b(testes?|suíte|suite)\b.{0,50}\b(passam|passa|passaram|passando|verdes?)\b"],
        "it": [r"\b(test|suite)\b.{0,50}\b(passano|passa|passati|superati|verdi)\b"],
        "fr": [r"\b(tests?|suite)\b.{0,50}\b(passent|passe|réussissent|sont verts|au vert)\b"],
        "ru": [r"(?<!\w)(тест\w*|набор)(?!\w).{0,50}(проход\w*|прошл\w*|зел[её]н\w*|успешн\w*)"],
        "zh": [r"测试.{0,20}通过"],
        "ja": [r"テスト.{0,30}(成功|通りました|通過|パスしました)"],
        "pl": [r"\btest\w*\b.{0,50}\b(przechodzą|przeszły|przechodzi|zielone)\b"],
        "nl": [r"\btests?\b.{0,50}\b(slagen|geslaagd|groen)\b"],
    },
    # Words that make a tests-pass claim about the whole suite.
    "full": {
        "de": [r"\b(alle|gesamte\w*|komplette\w*|ganze\w*)\b"],
        "es": [r"\b(todos|todas|complet[oa]|enter[oa])\b"],
        "pt": [r"\b(todos|todas|inteir[oa]|complet[oa])\b"],
        "it": [r"\b(tutti|intera|completa)\b"],
        "fr": [r"\b(tous|toute|entière|complète)\b"],
        "ru": [r"(?<!\w)(все|всё|весь|полн\w*)(?!\w)"],
        "zh": [r"全部", r"所有", r"整个"],
        "ja": [r"全て", r"すべて", r"全部"],
        "pl": [r"\b(wszystkie|cał[ya])\b"],
        "nl": [r"\b(alle|volledige|hele)\b"],
    },
    # "Verified" claims.
    "verified": {
        "de": [r"\b(verifiziert|überprüft|bestätigt)\b"],
        "es": [r"\b(verificad|comprobad|confirmad)[oa]s?\b", r"\b(he|hemos) (verificado|comprobado|confirmado)\b"],
        "pt": [r"\b(verificad|confirmad)[oa]s?\b", r"\b(verifiquei|confirmei)\b"],
        "it": [r"\b(verificat|confermat)[oaie]\b"],
        "fr": [r"\b(vérifié|confirmé)e?s?\b"],
        "ru": [r"(?<!\w)(проверил\w*|проверено|подтвердил\w*|подтверждено)(?!\w)"],
        "zh": [r"已(经)?(验证|确认)", r"验证(通过|过)"],
        "ja": [r"(確認|検証)しました", r"(確認|検証)済み"],
        "pl": [r"\b(zweryfikowa|sprawdzi)\w*"],
        "nl": [r"\b(geverifieerd|gecontroleerd|bevestigd)\b"],
    },
    # Disclosed failures: something fails, is unverified or was not run (read without guards).
    "failure": {
        "de": [
            r"\bnicht (mehr )?(ausgeführt|getestet|verifiziert|geprüft|behoben|gelöst)\b",
            r"\bnoch nicht\b",
            r"\b(schlägt|schlagen)\b.{0,40}\bfehl\b",
            r"\bfehlgeschlagen\b",
            r"\bscheitert\b",
            r"\b(ungetestet|unverifiziert|teilweise)\b",
        ],
        "es": [
            r"\b(todavía|aún|sigue|siguen)\b.{0,20}\bfall\w*",
            r"\bfalla(n|ron|ó)?\b",
            r"\bno (he|hemos) (podido|ejecutado|probado|verificado)\b",
            r"\bno está (verificad|probad)\w*",
            r"\bsin (probar|verificar)\b",
            r"\bparcial\w*",
            r"\bno funciona\b",
        ],
        "pt": [
            r"\b(ainda|continua)\b.{0,20}\bfalh\w*",
            r"\bfalh(a|am|ou|aram)\b",
            r"\bnão (foi|foram) (testad|verificad|executad)\w*",
            r"\bnão (testei|verifiquei|executei|rodei|consegui)\b",
            r"\bsem (testar|verificar)\b",
            r"\bparcia\w*",
        ],
        "it": [
            r"\bfallisc\w*",
            r"\bfallit[oi]\b",
            r"\bnon (ho )?(eseguito|verificato|testato)\b",
            r"\bnon (ancora|funziona)\b",
            r"\bparzial\w*",
        ],
        "fr": [
            r"\béchou\w*",
            r"\bpas encore\b",
            r"\bpas (été )?(testé|vérifié|lancé|exécuté)\w*",
            r"\bne fonctionne pas\b",
            r"\bpartiel\w*",
            r"\bn'est (donc )?pas (terminé|fini|corrigé)\w*",
        ],
        "ru": [
            r"(?<!\w)(всё ещё|все еще|по-прежнему|до сих пор)(?!\w).{0,20}(пада\w*|не работает|не проход\w*|ошиб\w*)",
            r"(?<!\w)(падает|падают|упал\w*|провал\w*)(?!\w)",
            r"(?<!\w)не (проверен\w*|проверял\w*|проверил\w*|запускал\w*|тестировал\w*|исправлен\w*)(?!\w)",
            r"(?<!\w)частичн\w*",
        ],
        "zh": [
            r"失败",
            r"未通过",
            r"没有通过",
            r"没(有)?(运行|测试|验证)",
            r"未(经)?(验证|测试|运行)",
            r"尚未",
            r"还没",
            r"部分(修复|解决)",
        ],
        "ja": [
            r"失敗",
            r"直っていません",
            r"未検証",
            r"未テスト",
            r"まだ.{0,15}(ません|ない)",
            r"(実行|確認)していません",
            r"部分的",
        ],
        "pl": [
            r"\bnie (przechodzi|przechodzą|działa)\b",
            r"\bnie (uruchomiłem|sprawdziłem|przetestowałem|zweryfikowałem)\b",
            r"\bnadal\b.{0,20}\b(nie|błąd|pada)\w*",
            r"\bczęściow\w*",
            r"\bniezweryfikowan\w*",
        ],
        "nl": [
            r"\bniet (meer )?(gedraaid|uitgevoerd|getest|geverifieerd|gecontroleerd)\b",
            r"\bnog niet\b",
            r"\bfaalt\b",
            r"\bmislukt\b",
            r"\bgedeeltelijk\b",
        ],
    },
}
