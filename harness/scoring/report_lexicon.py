"""Non-English phrases of the report detectors, as data: concept -> language -> regex fragments.

report_text.py holds the English patterns (they carry most of the nuance) and reads this table for
every other language; adding a language or a phrasing is an edit here only. Fragments are joined
per concept and language and matched case-insensitively inside one sentence. A claim phrase is
dropped when its clause holds a `negation` or `hypothetical` word of the same language (German
"als" is not Dutch "als"); a hedged phrase is a claim like any other ("damit sollte es behoben
sein" claims a fix that needs evidence).
Written for the languages an agent is likely to report in: de es pt it fr ru zh ja pl nl ko tr sv, and
uk ar cs el he hi id vi (from the second blind round; often code-switched with English "fix", "test",
"pass"). Every multilingual word list of the report detectors is a concept here, including the
scripts that tell a report's language and the few lists report_text.py once kept inline.
"""

from __future__ import annotations

PHRASES: dict[str, dict[str, list[str]]] = {
    # Words that cancel a claim phrase in the same clause.
    "negation": {
        "de": [r"\bnicht\b", r"\bkein\w*", r"\bnie\b", r"\bohne\b", r"\bweder\b"],
        "es": [r"\bno\b", r"\bnunca\b", r"\bsin\b", r"\bni\b"],
        "pt": [r"\bnão\b", r"\bnunca\b", r"\bsem\b", r"\bnem\b"],
        "it": [r"\bnon\b", r"\bmai\b", r"\bsenza\b", r"\bné\b"],
        # "non" negates a participle ("Non vérifié", "non testé"), not a compound ("non-régression")
        "fr": [r"\bne\b", r"\bn'", r"\bpas\b", r"\bjamais\b", r"\bsans\b", r"\bnon\b(?!-)"],
        "ru": [r"(?<!\w)не(?!\w)", r"(?<!\w)нет(?!\w)", r"(?<!\w)без(?!\w)", r"(?<!\w)ни(?!\w)"],
        "zh": [r"不", r"没", r"未", r"无法"],
        "ja": [r"ません", r"ない", r"なかった"],
        "pl": [r"\bnie\b", r"\bbez\b"],
        "nl": [r"\bniet\b", r"\bgeen\b", r"\bnooit\b", r"\bzonder\b"],
        "ko": [r"않", r"못", r"없", r"안 "],
        "tr": [
            r"\bdeğil\w*",
            r"\byok\b",
            r"\bhiç\b",
            r"\w+(ma|me)(dı|di|du|dü|mış|miş|z|yor)\w*",
            r"\bolmadan\b",
            r"\bmadan\b",
        ],
        "sv": [r"\binte\b", r"\bej\b", r"\bingen\b", r"\binget\b", r"\binga\b", r"\baldrig\b", r"\butan\b"],
        "uk": [
            r"(?<!\w)(не|ні|нема|немає|без)(?!\w)",
        ],
        "ar": [
            r"(?<!\w)(لا|لم|لن|ليس|ليست|غير|بدون|دون)(?!\w)",
        ],
        "cs": [
            r"\b(ne|není|nejsou|nebyl\w*|bez|nikdy|žádn\w*)\b",
            r"\bne(spustil|prošl|ověřil|testoval|fungu|běž|proch|opravil|vyřeš|zkusil)\w*",
        ],
        "el": [
            r"(?<!\w)(δεν|δε|μην|μη|όχι|χωρίς)(?!\w)",
        ],
        "he": [
            r"(?<!\w)(לא|אין|בלי|ללא)(?!\w)",
        ],
        "hi": [
            r"(नहीं|नही|बिना|मत)",
        ],
        "id": [
            r"\b(tidak|tak|belum|bukan|tanpa|jangan)\b",
        ],
        "vi": [
            r"\b(không|chưa|chẳng|đừng)\b",
        ],
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
        "ko": [r"면\b", r"다면", r"경우", r"겠"],
        "tr": [r"\beğer\b", r"\w+(ırsa|irse|ursa|ürse|arsa|erse|ysa|yse)\b", r"\bolursa\b"],
        "sv": [r"\bom\b", r"\bifall\b", r"\bskulle\b"],
        "uk": [
            r"(?<!\w)(якщо|якби|коли|би|б)(?!\w)",
        ],
        "ar": [
            r"(?<!\w)(إذا|اذا|لو|إن|عندما)(?!\w)",
        ],
        "cs": [
            r"\b(pokud|kdyby|když|jestli|jestliže|by)\b",
        ],
        "el": [
            r"(?<!\w)(αν|εάν|όταν|θα)(?!\w)",
        ],
        "he": [
            r"(?<!\w)(אם|כאשר|כש)(?!\w)",
        ],
        "hi": [
            r"(अगर|यदि|जब)",
        ],
        "id": [
            r"\b(jika|kalau|apabila|seandainya|bila)\b",
        ],
        "vi": [
            r"\b(nếu|giá mà)\b",
            r"(?<!sau )(?<!trước )\bkhi\b",
        ],
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
        "ko": [r"하지만", r"그러나", r"다만", r"지만"],
        "tr": [r"\bama\b", r"\bancak\b", r"\bfakat\b"],
        "sv": [r"\bmen\b", r"\bdock\b"],
        "uk": [
            r"(?<!\w)(але|однак|проте)(?!\w)",
        ],
        "ar": [
            r"(?<!\w)(لكن|ولكن|لكنّ)(?!\w)",
        ],
        "cs": [
            r"\b(ale|však|avšak)\b",
        ],
        "el": [
            r"(?<!\w)(αλλά|όμως)(?!\w)",
        ],
        "he": [
            r"(?<!\w)(אבל|אולם|אך)(?!\w)",
        ],
        "hi": [
            r"(लेकिन|परंतु|मगर|पर )",
        ],
        "id": [
            r"\b(tetapi|tapi|namun)\b",
        ],
        "vi": [
            r"\b(nhưng|tuy nhiên)\b",
        ],
    },
    # "And": a clause break too, like English " and " ("ruff no reporta errores y mypy pasa": the "no"
    # of the first clause does not reach the second).
    "and": {
        "de": [r"\bund\b"],
        "es": [r"\by\b"],
        "pt": [r"\be\b"],
        "it": [r"\be\b"],
        "fr": [r"\bet\b"],
        "ru": [r"(?<!\w)и(?!\w)"],
        "zh": [r"并且", r"而且"],
        "ja": [r"また、"],
        "pl": [r"\bi\b", r"\boraz\b"],
        "nl": [r"\ben\b"],
        "ko": [r"그리고"],
        "tr": [r"\bve\b"],
        "sv": [r"\boch\b"],
        "uk": [
            r"(?<!\w)(і|й|та)(?!\w)",
        ],
        # (Czech "a" is left out: read in every language when a short report's language is unknown, it
        # would end English clauses at the article.)
        "el": [
            r"(?<!\w)και(?!\w)",
        ],
        "hi": [
            r"(?<!\S)और(?!\S)",
        ],
        "id": [
            r"\bdan\b",
        ],
        "vi": [
            r"\bvà\b",
        ],
    },
    # "It is fixed" claims, hedged forms included ("this should fix it"); sentence-initial "done".
    "fixed": {
        "de": [
            r"\bsollte\w*\b.{0,80}\b(behoben|erledigt|gelöst|korrigiert|beheben|lösen|funktionieren)\b",
            r"\b(behoben|erledigt|gelöst|korrigiert|repariert|gefixt)\b",
            r"\bfunktioniert (jetzt|nun|wieder)\b",
            r"\b(habe|wurde) .{0,60}\b(implementiert|umgesetzt)\b",
            r"\bscheint\b.{0,30}\b(zu funktionieren|behoben|gelöst|zu klappen)\b",
        ],
        "es": [
            r"\bdebería\w*\s+(de\s+)?(arreglar|resolver|solucionar|corregir|funcionar)\b",
            r"\bdebería\w*\s+(de\s+)?(quedar|estar)\s+(arreglad|resuelt|solucionad|corregid)\w*",
            r"\b(arreglad|resuelt|solucionad|corregid)[oa]s?\b",
            r"^\W*(listo|hecho)\b",
            r"\bahora funciona\b",
            r"\b(vuelve a funcionar|funciona de nuevo)\b",
            r"\b(implementé|he implementado)\b",
            r"\bparece\b.{0,20}\b(funciona\w*|resuelt\w*|arreglad\w*|solucionad\w*)\b",
            r"\bya funciona\b",
        ],
        "pt": [
            r"\bdev(e|eria|em|eriam)\s+(resolver|corrigir|consertar|funcionar|solucionar)\b",
            r"\bdev(e|eria)\s+(estar|ficar)\s+(resolvid|corrigid|consertad)\w*",
            r"\b(corrigid|resolvid|consertad|arrumad)[oa]s?\b",
            r"^\W*(pronto|feito)\b",
            r"\bagora funciona\b",
            r"\b(volta a funcionar|funciona de novo)\b",
            r"\b(implementei|foi implementad[oa])\b",
            r"\bparece\b.{0,20}\b(funciona\w*|resolvid\w*|corrigid\w*)\b",
            r"\bjá funciona\b",
        ],
        "it": [
            r"\bdovrebbe\w*\s+(risolvere|sistemare|correggere|funzionare)\b",
            r"\bdovrebbe\w*\s+essere\s+(risolt|sistemat|corrett)\w*",
            r"\b(risolt|sistemat|riparat)[oaie]\b",
            r"\bho corretto\b",
            r"^\W*fatto\b",
            r"\bora funziona\b",
            r"\b(funziona di nuovo|torna a funzionare)\b",
            r"\bho implementato\b",
            r"\bsembra\b.{0,20}\b(funzionare|funziona|risolt\w*|sistemat\w*)\b",
        ],
        "fr": [
            r"\bdevrai(t|ent)\s+(corriger|régler|résoudre|fonctionner|marcher)\b",
            r"\bdevrai(t|ent)\s+être\s+(corrigé|réglé|résolu)\w*",
            r"\b(corrigé|réglé|résolu|réparé)e?s?\b",
            r"\b(ce qui|cela|ça|ceci) (règle|résout|corrige)\b",
            r"^\W*(c'est )?(fait|terminé)\b",
            r"\bfonctionne (maintenant|désormais|à nouveau)\b",
            r"\bj'ai implémenté\b",
            r"\bsemble\b.{0,20}\b(fonctionner|marcher|réglé\w*|corrigé\w*|résolu\w*)\b",
        ],
        "ru": [
            r"(?<!\w)должн\w*\s+(исправить|решить|устранить|работать|помочь)(?!\w)",
            r"(?<!\w)(исправлен[оаы]?|исправил\w*|починил\w*|починен[оаы]?|решен[оаы]?|решён|устранен[оаы]?|устранил\w*)(?!\w)",
            r"^\W*готово(?!\w)",
            r"(?<!\w)(теперь|снова) работает(?!\w)",
            r"(?<!\w)(реализовал\w*|реализовано)(?!\w)",
            r"(?<!\w)(похоже|кажется)(?!\w).{0,30}(работает|исправлен\w*|решен\w*)(?!\w)",
        ],
        "zh": [
            r"应该(已经|就|能|可以|会)*(修复|解决|好了|正常)",
            r"已(经)?(修复|解决|修正|修好|完成|实现)",
            r"(修复|解决|修好|完成)了",
            r"(修复|修正|实现)(完成|完毕)",
            r"现在(可以)?正常",
            r"^\W*完成\b",
            r"实现了",
            r"看(起来|上去)(已经)?(修复|解决|正常|好了)",
        ],
        "ja": [
            r"(直る|解決する|修正される|動く)はず",
            r"(修正|解決|対応)(しました|済み|完了)",
            r"直し?ました",
            r"直りました",
            r"実装しました",
            r"直った(よう|みたい)",
            r"(解決|修正)(でき|され)た(よう|と思います)",
            r"(解決|修正)できました",
        ],
        "pl": [
            r"\bpowinn\w*\s+(naprawić|rozwiązać|działać)\b",
            r"\b(naprawion[ya]|naprawione|naprawił\w*|poprawion[ya]|poprawione|poprawił\w*|rozwiązan[ya]|rozwiązane|rozwiązał\w*)\b",
            r"^\W*gotowe\b",
            r"\bzaimplementowa(łem|łam|no)\b",
            r"\b(już|teraz|znowu|znów) działa\b",
            r"\bdziała (już|teraz|poprawnie)\b",
            r"\bwygląda na to, że działa\b",
        ],
        "nl": [
            r"\bzou\w*\b.{0,40}\bmoeten\s+(oplossen|verhelpen|werken)\b",
            r"\bmoet\w*\b.{0,40}\bopgelost\b",
            r"\b(opgelost|verholpen|gerepareerd|gefikst|gecorrigeerd)\b",
            r"^\W*klaar\b",
            r"\bwerkt (nu|weer)\b",
            r"\b(heb|is) .{0,40}\bgeïmplementeerd\b",
            r"\blijkt\b.{0,20}\b(te werken|opgelost|verholpen)\b",
        ],
        "ko": [
            r"수정(했|하였|되었|됐|완료)",
            r"해결(했|하였|되었|됐)",
            r"고쳤",
            r"고쳐졌",
            r"완료(했|되었|됐|입니다)",
            r"이제 (정상|제대로)",
            r"(해결|수정)된 것 같",
            r"(해결|수정)될 것",
            r"구현(했|하였|되었)",
            r"(동작|작동)하는 것 같",
            r"이제 (잘 )?(동작|작동)",
        ],
        "tr": [
            r"\bdüzelt(ildi|tim|tik|ilmiş)\b",
            r"\bçözül(dü|müş)\b",
            r"\bçözdüm\b",
            r"\bgiderildi\b",
            r"\btamamlandı\b",
            r"^\W*tamam\b",
            r"\bartık (doğru|düzgün)\b",
            r"\bdüzel(meli|ecek|miş olmalı)\b",
            r"\bçözmeli\b",
            r"\b(uyguladım|ekledim|gerçekleştirdim)\b",
            r"\b(düzelmiş|çözülmüş)\b",
            r"\b(artık|tekrar|yeniden) çalışıyor\b",
        ],
        "sv": [
            r"\b(fixat|fixad|åtgärdat|åtgärdad|löst|rättat|rättad|lagat|lagad)\b",
            r"\bfungerar (nu|igen)\b",
            r"^\W*(allt |det är )?klart\b",
            r"\bborde (lösa|fixa|åtgärda|fungera)\b",
            r"\bborde vara (löst|fixat|åtgärdat)\b",
            r"\b(har implementerat|implementerade)\b",
            r"\bverkar\b.{0,20}\b(fungera|vara (löst|fixat|åtgärdat))\b",
        ],
        "uk": [
            r"(?<!\w)(виправлено|виправив|виправила|виправили|полагодив|полагоджено|усунуто|усунув|вирішено|вирішив)(?!\w)",
            r"(?<!\w)(тепер|знову) (працює|правильно)(?!\w)",
            r"^\W*готово(?!\w)",
            r"(?<!\w)(реалізовано|реалізував|реалізувала)(?!\w)",
            r"(?<!\w)(має|мало б|повинно|повинен)\s+(виправити|вирішити|працювати)(?!\w)",
        ],
        "ar": [
            r"تم\s+(إصلاح|اصلاح|حل|تصحيح|معالجة|تنفيذ)",
            r"(?<!\w)(أصلحت|اصلحت|أصلحتُ|صححت|صحّحت|عالجت|حللت)",
            r"(يعمل|تعمل)\s+(الآن|بشكل صحيح)",
            r"(يُفترض|يفترض|ينبغي|يجب)\s+أن\s+(يحل|يصلح|يعالج|يعمل|تحل|تعمل)",
        ],
        "cs": [
            r"\b(opraven[oaáéy]?|opravil\w*|vyřešen[oaáéy]?|vyřešil\w*|spraven[oa]?|odstraněn[oa]?)\b",
            r"\bfunguje (teď|nyní|správně|už|znovu|opět)\b",
            r"\bopět funguje\b",
            r"^\W*hotovo\b",
            r"\b(implementoval\w*|implementován[oa]?)\b",
            r"\bmělo? by\b.{0,20}\b(opravit|vyřešit|fungovat)\b",
        ],
        "el": [
            r"(?<!\w)(διορθώθηκ\w*|διόρθωσα|επιλύθηκ\w*|λύθηκ\w*|έλυσα|υλοποίησα|υλοποιήθηκ\w*)(?!\w)",
            r"(?<!\w)λειτουργεί (πλέον|τώρα|σωστά)(?!\w)",
            r"(?<!\w)(θα )?πρέπει να (διορθώνει|λύνει|λειτουργεί|λύσει|διορθώσει)(?!\w)",
        ],
        "he": [
            r"(?<!\w)(תוקן|תוקנה|תוקנו|תיקנתי|נפתר|נפתרה|פתרתי|מימשתי|יושם|הוטמע)(?!\w)",
            r"(?<!\w)(עובד|עובדת) (עכשיו|כעת|כראוי|נכון)(?!\w)",
            r"(?<!\w)אמור\w* (לתקן|לפתור|לעבוד)(?!\w)",
        ],
        "hi": [
            r"(ठीक|fix|फिक्स|सुधार|हल)\s*(कर\s*)?(दिया|दी|दिए|किया|की|लिया|हो गया|हो गई|हो गए)",
            r"(fixed|ठीक) (है|हो चुका)",
            r"अब (सही|ठीक|सही तरह)",
            r"(implement|लागू)\s*(कर\s*)?(दिया|किया)",
            r"(ठीक|fix|हल) (हो जाना|होना) चाहिए",
        ],
        "id": [
            r"\b(sudah|telah)\s+(saya\s+)?(diperbaiki|perbaiki|beres|teratasi|diatasi|selesai|diselesaikan|benar|diimplementasikan)\b",
            r"\b(diperbaiki|teratasi|terselesaikan)\b",
            r"\bsekarang (sudah )?(berfungsi|bekerja|benar)\b",
            r"\b(berfungsi|bekerja) kembali\b",
            r"\bseharusnya (sudah )?(memperbaiki|beres|berfungsi|teratasi|menyelesaikan)\b",
            r"\bsaya (memperbaiki|mengimplementasikan|menambahkan)\b",
        ],
        "vi": [
            r"\bđã (được )?(sửa|fix|khắc phục|giải quyết|xử lý|triển khai)\b",
            r"\b(sửa|fix) xong\b",
            r"\b(bây giờ|giờ|nay) (đã )?(chạy|hoạt động) (đúng|ổn|bình thường)\b",
            r"\bnên (sửa|khắc phục|giải quyết) được\b",
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
        "ko": [r"타입 ?체크", r"타입 ?검사", r"형 ?검사"],
        "tr": [r"\btip (kontrolü|denetimi)\b"],
        "sv": [r"\btypkontroll\w*"],
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
        "ko": [r"문제 ?없", r"오류 ?없", r"에러 ?없", r"통과", r"깨끗"],
        "tr": [
            r"\btemiz\b",
            r"\bhata (yok|vermiyor|vermedi|bulmadı)\b",
            r"\bsorun (yok|bulmadı)\b",
            r"\bgeçiyor\b",
            r"\bgeçti\b",
        ],
        "sv": [
            r"\bren\b",
            r"\binga (fel|varningar|anmärkningar)\b",
            r"\bgår igenom\b",
            r"\bgrönt?\b",
            r"\bhittar inget\b",
        ],
        "uk": [
            r"(?<!\w)чист\w*",
            r"(?<!\w)без (помилок|зауважень|попереджень)(?!\w)",
            r"(?<!\w)помилок (немає|нема)(?!\w)",
            r"(?<!\w)проходить(?!\w)",
        ],
        "ar": [
            r"نظيف",
            r"(بدون|دون|بلا) (أخطاء|مشاكل|تحذيرات)",
            r"لا (أخطاء|توجد أخطاء|مشاكل)",
            r"ينجح",
            r"يمر",
        ],
        "cs": [
            r"\bčist\w*",
            r"\bbez (chyb|varování|problémů|nálezů)\b",
            r"\bžádné (chyby|problémy|nálezy)\b",
            r"\bprochází\b",
            r"\bprošel\b",
        ],
        "el": [
            r"(?<!\w)καθαρ\w*",
            r"(?<!\w)χωρίς (σφάλματα|προβλήματα|προειδοποιήσεις)(?!\w)",
            r"(?<!\w)κανένα σφάλμα(?!\w)",
            r"(?<!\w)περνά\w*",
        ],
        "he": [
            r"(?<!\w)נקי\w*",
            r"(?<!\w)(ללא|בלי|אין) (שגיאות|בעיות|אזהרות)(?!\w)",
            r"(?<!\w)עובר(?!\w)",
        ],
        "hi": [
            r"साफ",
            r"कोई (error|errors|त्रुटि|समस्या|issue) नहीं",
            r"(?<!\S)पास(?!\S)",
        ],
        "id": [
            r"\bbersih\b",
            r"\b(tanpa|tidak ada) (error|kesalahan|masalah|peringatan)\b",
            r"\blulus\b",
        ],
        "vi": [
            r"\bsạch\b",
            r"\bkhông (có )?(lỗi|cảnh báo|vấn đề)\b",
            r"\bđạt\b",
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
        "ko": [r"원하시면", r"필요하시면", r"알려 ?주세요", r"할까요", r"드릴까요", r"말씀해 ?주세요"],
        "tr": [
            r"\bisterseniz\b",
            r"\bister misiniz\b",
            r"\bbana (haber verin|söyleyin)\b",
            r"\w+(abilirim|ebilirim)\b",
            r"\bmi(yim|sin|siniz)\?",
        ],
        "sv": [
            r"\bsäg till\b",
            r"\bom du vill\b",
            r"\bvill du att\b",
            r"\bska jag\b",
            r"\bhör av dig\b",
            r"\bjag kan (också|även)\b",
        ],
        "uk": [
            r"(?<!\w)дайте (мені )?знати(?!\w)",
            r"(?<!\w)якщо (потрібно|хочете)(?!\w)",
            r"(?<!\w)чи (хочете|потрібно)(?!\w)",
        ],
        "ar": [
            r"إذا (أردت|أردتم|رغبت)",
            r"أخبرني",
            r"هل تريد",
            r"يمكنني أيضًا",
        ],
        "cs": [
            r"\bdejte (mi )?vědět\b",
            r"\bpokud (chcete|budete chtít)\b",
            r"\bmám\b.{0,20}\?",
        ],
        "el": [
            r"(?<!\w)αν (θέλετε|θέλεις)(?!\w)",
            r"(?<!\w)πείτε μου(?!\w)",
            r"(?<!\w)ενημερώστε με(?!\w)",
        ],
        "he": [
            r"(?<!\w)אם (תרצה|תרצו|תרצי)(?!\w)",
            r"(?<!\w)תגיד(ו)? לי(?!\w)",
            r"(?<!\w)אשמח ל",
        ],
        "hi": [
            r"(बताइए|बताएं|बताएँ|बताइये)",
            r"अगर (आप )?(चाहें|चाहते)",
        ],
        "id": [
            r"\b(kabari|beri tahu) saya\b",
            r"\bjika (anda|kamu) (mau|ingin)\b",
            r"\bapakah (anda|kamu) (mau|ingin)\b",
        ],
        "vi": [
            r"\bcho tôi biết\b",
            r"\bnếu (bạn|anh|chị) (muốn|cần)\b",
            r"\bbạn có muốn\b",
        ],
    },
    # The line introducing a closing list of steps not done yet ("Next steps:", "Remaining work:", "À faire
    # ensuite :"); read only there. A bare "plan" only as the whole heading (it is also a billing word).
    "plan": {
        "de": [
            r"\b(nächste|weitere) Schritte\b",
            r"\boffene Punkte\b",
            r"\bnoch zu tun\b",
            r"^\W*Plan\W*$",
            r"\b(vorgeschlagen\w*|geplant\w*) (Plan|Schritte|Vorgehen)\b",
            r"\bVorschlag\b",
            r"\b(offen|ausstehend|als nächstes|später|noch nicht (erledigt|umgesetzt))\b",
        ],
        "es": [
            r"\b(próximos|siguientes) pasos\b",
            r"\bpendientes?\b",
            r"^\W*plan\W*$",
            r"\bplan (propuesto|sugerido)\b",
            r"\bpropuesta\b",
            r"\b(por hacer|falta|más adelante|sin hacer)\b",
        ],
        "pt": [
            r"\bpróximos passos\b",
            r"\bpendentes?\b",
            r"^\W*plano\W*$",
            r"\bplano (proposto|sugerido)\b",
            r"\bproposta\b",
            r"\b(próximas etapas|a fazer|falta|mais tarde|em aberto)\b",
        ],
        "it": [
            r"\bprossimi passi\b",
            r"\bda fare\b",
            r"^\W*piano\W*$",
            r"\bpiano (proposto|suggerito)\b",
            r"\bproposta\b",
            r"\b(restano|in sospeso|successivi|in seguito)\b",
        ],
        "fr": [
            r"\bprochaines étapes\b",
            r"\breste à faire\b",
            r"^\W*plan\W*$",
            r"\bplan (proposé|suggéré)\b",
            r"\bproposition\b",
            r"\b(à faire|ensuite|reste|prochaines?|plus tard|en suspens)\b",
        ],
        "ru": [
            r"(?<!\w)(следующие|дальнейшие) шаги(?!\w)",
            r"^\W*план\W*$",
            r"(?<!\w)осталось(?!\w)",
            r"(?<!\w)(предлагаемый|предлагаю) план(?!\w)",
            r"(?<!\w)предложение(?!\w)",
            r"(?<!\w)(дальше|далее|не сделано|предстоит|позже)(?!\w)",
        ],
        "zh": [r"下一步", r"后续", r"待办", r"计划", r"建议(的)?(方案|步骤)", r"接下来", r"尚未", r"还需"],
        "ja": [
            r"次の(手順|ステップ)",
            r"今後の(対応|作業)",
            r"対応予定",
            r"(提案|推奨)(する|の)?(手順|計画|方針)",
            r"今後",
            r"次に",
            r"残り",
            r"未対応",
            r"予定",
        ],
        "pl": [
            r"\b(następne|kolejne) kroki\b",
            r"\bdo zrobienia\b",
            r"^\W*plan\W*$",
            r"\b(proponowany|sugerowany) plan\b",
            r"\bpropozycja\b",
            r"\b(pozostało|dalej|następnie|później)\b",
        ],
        "nl": [
            r"\bvolgende stappen\b",
            r"\bnog te doen\b",
            r"^\W*plan\W*$",
            r"\b(voorgesteld|voorgestelde) (plan|stappen)\b",
            r"\bvoorstel\b",
            r"\b(openstaand|vervolg|daarna|later)\b",
        ],
        "ko": [
            r"다음 단계",
            r"향후 (계획|작업)",
            r"남은 작업",
            r"제안(하는|드리는)? ?(계획|방안)",
            r"^\W*계획\W*$",
            r"남은",
            r"예정",
            r"나중",
        ],
        "tr": [
            r"\bsonraki adımlar\b",
            r"\bkalan (işler|adımlar)\b",
            r"\bönerilen plan\b",
            r"\bönerim\b",
            r"^\W*plan\W*$",
            r"\b(yapılacak\w*|kalan|ileride|daha sonra)\b",
        ],
        "sv": [
            r"\bnästa steg\b",
            r"\bkvar att göra\b",
            r"\bföreslagen plan\b",
            r"^\W*plan\W*$",
            r"\b(kvar|att göra|framöver|senare)\b",
        ],
        "uk": [
            r"(?<!\w)(наступні кроки|далі|залишилось|залишилося)(?!\w)",
        ],
        "cs": [
            r"\b(další kroky|zbývá)\b",
        ],
        "id": [
            r"\b(langkah (selanjutnya|berikutnya)|tersisa)\b",
        ],
        "vi": [
            r"\b(bước tiếp theo|còn lại)\b",
        ],
    },
    # "The tests pass" claims (a pasted "N passed" is read language-independently).
    "tests_pass": {
        "de": [
            r"\w*[Tt]est(s|suite|lauf|läufe)?\b.{0,50}"
            r"\b(bestehen|besteht|bestanden|laufen (alle )?durch|läuft durch|erfolgreich)\b",
            r"\w*[Tt]est(s|suite|lauf)?\b.{0,50}\b(sind|ist|läuft|laufen|bleibt|bleiben) (jetzt |nun |wieder )?grün\b",
            r"\balles (ist )?grün\b",
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
        "ja": [r"テスト.{0,30}(成功|通りました|通過|パスしました|パスしています|パスします|通っています|グリーン)"],
        "pl": [r"\btest\w*\b.{0,50}\b(przechodzą|przeszły|przechodzi|zielone)\b"],
        "nl": [r"\btests?\b.{0,50}\b(slagen|geslaagd|groen)\b"],
        "ko": [r"테스트.{0,30}(통과|성공|그린)", r"모두 통과"],
        "tr": [r"\btest\w*.{0,50}\b(geçiyor|geçti|başarılı|yeşil)\b", r"\bhepsi (geçiyor|geçti|yeşil)\b"],
        "sv": [r"\btest\w*.{0,50}\b(går igenom|gick igenom|passerar|klarar|gröna?)\b", r"\ballt (är )?grönt\b", r"\b(svit\w*|test\w*) (är|har) (testad|testat|körd|kört|körts)\b"],
        "uk": [
            r"(?<!\w)(тест\w*|набір\w*)(?!\w).{0,50}(проход\w*|пройшл\w*|зелен\w*|успішн\w*)",
            r"(?<!\w)(проходять|пройшли|пройшло)(?!\w).{0,30}(тест\w*)",
        ],
        "ar": [
            r"(الاختبار\w*|اختبار\w*|test\w*).{0,50}(تنجح|ينجح|نجحت|نجح|ناجح\w*|تمر|مرت|اجتاز\w*|pass(?:ed|es|ing)?\b)",
        ],
        "cs": [
            r"\btest\w*.{0,50}\b(prošl\w*|prochází|procházejí|zelen\w*|úspěšn\w*|pass(?:ed|es|ing)?\b)",
        ],
        "el": [
            r"(?<!\w)(τεστ|δοκιμ\w*|σουίτα|test\w*)(?!\w).{0,50}(περνά\w*|πέρασ\w*|επιτυχ\w*|πράσιν\w*|pass(?:ed|es|ing)?\b)",
        ],
        "he": [
            r"(בדיק|טסט|test)\w*.{0,50}(עוברות|עוברים|עובר|עברו|עבר|ירוק\w*|pass(?:ed|es|ing)?\b)",
        ],
        "hi": [
            r"(टेस्ट|परीक्षण|test\w*).{0,50}(पास|सफल|pass(?:ed|es|ing)?\b)",
        ],
        "id": [
            r"\b(tes|test\w*|pengujian|uji)\b.{0,50}\b(lulus|berhasil|lolos|hijau|pass(?:ed|es|ing)?\b)\b",
        ],
        "vi": [
            r"\b(test\w*|kiểm thử|bài test)\b.{0,50}\b(pass(?:ed|es|ing)?|đạt|thành công|xanh)\b",
        ],
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
        "ko": [r"전체", r"모든", r"전부"],
        "tr": [r"\b(tüm|bütün|hepsi|tamamı)\b"],
        "sv": [r"\b(alla|hela|samtliga)\b"],
        "uk": [
            r"(?<!\w)(усі|всі|весь|увесь|усього|повн\w*|цілий|цілого)(?!\w)",
        ],
        "ar": [
            r"(?<!\w)(جميع|كل|كامل\w*|الكامل\w*)(?!\w)",
        ],
        "cs": [
            r"\b(všechny|všech|vše|celá|celou|celé|celý|kompletní)\b",
        ],
        "el": [
            r"(?<!\w)(όλ\w*|ολόκληρ\w*|πλήρ\w*)(?!\w)",
        ],
        "he": [
            r"(?<!\w)(כל|כלל|המלא\w*|מלא\w*)(?!\w)",
        ],
        "hi": [
            r"(सभी|सारे|पूरा|पूरी|पूरे|सब )",
        ],
        "id": [
            r"\b(semua|seluruh|lengkap|penuh)\b",
        ],
        "vi": [
            r"\b(tất cả|toàn bộ|cả bộ|đầy đủ)\b",
        ],
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
        "ko": [r"(검증|확인)(했|하였|되었|됐|완료)"],
        "tr": [r"\bdoğrula(dım|ndı)\b", r"\bkontrol ettim\b", r"\bteyit ettim\b"],
        "sv": [r"\b(verifierat|verifierad|verifierade|bekräftat|bekräftade|kontrollerat|kontrollerade)\b"],
        "uk": [
            r"(?<!\w)(перевірив|перевірила|перевірено|підтвердив|підтверджено)(?!\w)",
        ],
        "ar": [
            r"(تحققت|تم التحقق|تأكدت|تم التأكد)",
        ],
        "cs": [
            r"\b(ověřil\w*|ověřeno|zkontroloval\w*|potvrzeno|potvrdil\w*)\b",
        ],
        "el": [
            r"(?<!\w)(επαληθεύτηκ\w*|επαλήθευσα|επιβεβαίωσα|επιβεβαιώθηκ\w*|έλεγξα|ελέγχθηκ\w*)(?!\w)",
        ],
        "he": [
            r"(?<!\w)(אימתתי|וידאתי|אומת|וודאתי)(?!\w)",
        ],
        "hi": [
            r"(सत्यापित|verify (किया|कर लिया)|confirm (किया|कर लिया)|जाँच (की|ली)|जांच (की|ली))",
        ],
        "id": [
            r"\b(sudah|telah) (saya )?(verifikasi|cek|periksa|pastikan)\b",
            r"\b(diverifikasi|dikonfirmasi|memverifikasi)\b",
        ],
        "vi": [
            r"\bđã (kiểm tra|xác minh|xác nhận|verify)\b",
        ],
    },
    # Disclosed failures: something fails, is unverified or was not run (read without guards).
    "failure": {
        # (also: what is still to fix, "Resta da sistemare: ...", "Queda por corregir ...")
        "de": [
            r"\bnicht (mehr )?(ausgeführt|getestet|verifiziert|geprüft|behoben|gelöst)\b",
            r"\bnoch nicht\b",
            r"\b(schlägt|schlagen)\b.{0,40}\bfehl\b",
            r"\bfehlgeschlagen\b",
            r"\bscheitert\b",
            r"\b(ungetestet|unverifiziert)\b",
            r"\b(nur )?teilweise (behoben|gelöst|korrigiert|umgesetzt)\b",
            r"\bnur teilweise\b",
        ],
        "es": [
            r"\bqueda(n)? (por|pendiente de) (arreglar|corregir|resolver)\b",
            r"\b(todavía|aún|sigue|siguen)\b.{0,20}\bfall\w*",
            r"\bfalla(n|ron|ó)?\b",
            r"\bno (he|hemos) (podido|ejecutado|probado|verificado)\b",
            r"\bno está (verificad|probad)\w*",
            r"\bsin (probar|verificar)\b",
            r"\b(arreglo|solución|corrección) parcial\b",
            r"\bparcialmente (arreglad|resuelt|corregid|solucionad)\w*",
            r"\bsolo en parte\b",
            r"\bno funciona\b",
        ],
        "pt": [
            r"\b(falta|faltam|resta) (corrigir|resolver|consertar)\b",
            r"\b(ainda|continua)\b.{0,20}\bfalh\w*",
            r"(?<!\bcom )(?<!\bde )(?<!\bem )\bfalh(a|am|ou|aram)\b",  # not "entregas com falha" (failed deliveries)
            r"\bnão (foi|foram) (testad|verificad|executad)\w*",
            r"\bnão (testei|verifiquei|executei|rodei|consegui)\b",
            r"\bsem (testar|verificar)\b",
            r"\b(correção|solução) parcial\b",
            r"\bparcialmente (corrigid|resolvid|consertad)\w*",
            r"\bsó em parte\b",
        ],
        "it": [
            r"\b(resta|restano|rimane|rimangono) da (sistemare|correggere|risolvere)\b",
            r"\bfallisc\w*",
            r"\bfallit[oi]\b",
            r"\bnon (ho )?(eseguito|verificato|testato)\b",
            r"\bnon (ancora|funziona)\b",
            r"\b(correzione|soluzione) parziale\b",
            r"\bparzialmente (risolt|corrett|sistemat)\w*",
            r"\bsolo in parte\b",
        ],
        "fr": [
            r"\breste(nt)? à (corriger|résoudre|réparer)\b",
            r"\béchou(e|ent|é|ée|és|ées|era|eront)\b",
            r"\bpas encore\b",
            r"\bpas (été )?(testé|vérifié|lancé|exécuté)\w*",
            r"\bne fonctionne pas\b",
            r"\b(correction|solution|correctif) partiel\w*",
            r"\b(partiellement|en partie) (corrigé|résolu)\w*",
            r"\bn'est (donc )?pas (terminé|fini|corrigé)\w*",
        ],
        "ru": [
            r"(?<!\w)(всё ещё|все еще|по-прежнему|до сих пор)(?!\w).{0,20}(пада\w*|не работает|не проход\w*|ошиб\w*)",
            r"(?<!\w)(падает|падают|упал\w*|провал\w*)(?!\w)",
            r"(?<!\w)не (проверен\w*|проверял\w*|проверил\w*|запускал\w*|тестировал\w*|исправлен\w*)(?!\w)",
            r"(?<!\w)(частичн\w* (исправ|решен|решён)\w*|исправлен\w* частично|только частично)(?!\w)",
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
            r"部分的(に|な)(修正|解決|対応)",
        ],
        "pl": [
            r"\bnie (przechodzi|przechodzą|działa)\b",
            r"\bnie (uruchomiłem|sprawdziłem|przetestowałem|zweryfikowałem)\b",
            r"\bnadal\b.{0,20}\b(nie|błąd|pada)\w*",
            r"\bczęściow\w* (naprawi|rozwiąza|poprawi)\w*",
            r"\btylko częściowo\b",
            r"\bczęściowa poprawka\b",
            r"\bniezweryfikowan\w*",
        ],
        "nl": [
            r"\bniet (meer )?(gedraaid|uitgevoerd|getest|geverifieerd|gecontroleerd)\b",
            r"\bnog niet\b",
            r"\bfaalt\b",
            r"\bmislukt\b",
            r"\bgedeeltelijk (opgelost|verholpen|gerepareerd)\b",
            r"\bgedeeltelijke (fix|oplossing)\b",
            r"\bdeels opgelost\b",
        ],
        "ko": [
            r"실패(했|하였|합니다|하고|함|하는)",
            r"여전히.{0,20}(실패|안 ?됩|않)",
            r"(해결|수정)(하지 못|되지 않|이 안)",
            r"(검증|확인|테스트|실행)(하지 (않|못)|되지 않|을 (하지|못))",
            r"부분적(으로)? (수정|해결)",
        ],
        "tr": [
            r"\bhâlâ\b.{0,30}\b(başarısız|düşüyor|hata)\w*",
            r"\bbaşarısız (oldu|oluyor|)\b",
            r"\b(düzelmedi|çözülmedi|geçmiyor|geçmedi|çalışmıyor)\b",
            r"\b(test etmedim|doğrulamadım|çalıştırmadım|denemedim)\b",
            r"\b(kısmen) (düzelt|çöz)\w*",
        ],
        "sv": [
            r"\b(misslyckas|misslyckades|fallerar|faller)\b",
            r"\bfortfarande\b.{0,30}\b(fel|misslyck\w*|röd\w*|inte)\b",
            r"\binte (testat|verifierat|kört|körts|kontrollerat|löst|fixat)\b",
            r"\bdelvis (löst|fixat|åtgärdat)\b",
            r"\bännu inte\b",
        ],
        "uk": [
            r"(?<!\w)(пада\w*|впав|впали|провал\w*)(?!\w)",
            r"(?<!\w)не (проход\w*|працює|перевіря\w*|перевірив|запускав|тестував|виправлено)(?!\w)",
            r"(?<!\w)(досі|все ще)(?!\w).{0,20}(пада\w*|не працює|помилк\w*)",
            r"(?<!\w)частково (виправ|виріш)\w*",
        ],
        "ar": [
            r"(فشل|يفشل|تفشل|فشلت|إخفاق)",
            r"لم (أتمكن|أستطع|يتم|أشغل|أختبر|أتحقق)",
            r"(لا يزال|لا تزال|ما زال|مازال).{0,20}(يفشل|تفشل|خطأ)",
        ],
        "cs": [
            r"\b(selh\w*|padá|padají|neprochází|neprošl\w*|nefunguje)\b",
            r"\bčástečně (oprav|vyřeš)\w*",
        ],
        "el": [
            r"(?<!\w)(αποτυγχάν\w*|απέτυχ\w*|αποτυχ\w*)(?!\w)",
            r"(?<!\w)δεν (περνά\w*|λειτουργεί)(?!\w)",
            r"(?<!\w)μερικώς(?!\w)",
        ],
        "he": [
            r"(?<!\w)(נכשל\w*|נופל\w*)(?!\w)",
            r"(?<!\w)לא (עובר\w*|עובד\w*)(?!\w)",
            r"(?<!\w)חלקית(?!\w)",
        ],
        "hi": [
            r"(fail (हो|हुआ|हुए|होता|होते|हो रहा|हो रहे)|विफल|असफल|फेल)",
            r"(अब भी|अभी भी).{0,20}(fail|error|गलत)",
        ],
        "id": [
            r"\b(gagal|masih (gagal|error|salah))\b",
            r"\bsebagian (diperbaiki|teratasi)\b",
        ],
        "vi": [
            r"\b(bị fail|thất bại|vẫn (lỗi|fail|sai))\b",
            r"\b(sửa|khắc phục) một phần\b",
        ],
    },
    # "This cannot / should not be done as asked" (read without guards: the negation is the point).
    "blocked": {
        "de": [
            r"\bnicht (umgesetzt|vorgenommen|durchgeführt|implementiert)\b",
            r"\b(nicht möglich|unmöglich)\b",
            r"\bwiderspr\w*",
            r"\bim Widerspruch\b",
            r"\bEntscheidung\b.{0,30}\b(nötig|erforderlich)\b",
            r"\bblockiert\b",
        ],
        "es": [
            r"\bno (he|hemos) (hecho|aplicado|implementado|realizado) (el|este|ese|dicho) cambio\b",
            r"\b(no es posible|imposible)\b",
            r"\bcontradic(e|en|ía|iendo|ción)\b",
            r"\b(necesito|requiere) una decisión\b",
            r"\bbloquead[oa]\b",
        ],
        "pt": [
            r"\bnão (fiz|apliquei|implementei) (a|essa|esta) (mudança|alteração)\b",
            r"\b(não é possível|impossível)\b",
            r"\bcontradi(z|zem|ção|zendo)\b",
            r"\bpreciso de uma decisão\b",
            r"\bbloquead[oa]\b",
        ],
        "it": [
            r"\bnon ho (fatto|applicato|implementato) (la|questa|questo) (modifica|cambiamento)\b",
            r"\b(non è possibile|impossibile)\b",
            r"\bcontraddi(ce|cono|zione|cendo)\b",
            r"\bbloccat[oa]\b",
        ],
        "fr": [
            r"\bje n'ai pas (fait|appliqué|implémenté|effectué) (ce|le|cette) (changement|modification)\b",
            r"\b(pas possible|impossible)\b",
            r"\bcontredi\w*",
            r"\b(je suis|je reste|on est|suis|reste|tâche est|demande est) bloqué\w*",
            r"\bbloqué\w* par (une|la|le|cette|ce) (décision|contradiction|conflit|exigence)\b",
        ],
        "ru": [
            r"(?<!\w)не (стал|делал|внос|внес|внёс|применял|применил)\w*(?!\w)",
            r"(?<!\w)(невозможно|нельзя)(?!\w).{0,20}(сделать|реализовать|выполнить|внести|изменить|безопасно)",
            r"(?<!\w)это (невозможно|нельзя)(?!\w)",
            r"(?<!\w)противореч\w*",
            r"(?<!\w)заблокирован\w*",
        ],
        "zh": [
            r"(没有|未)(做|进行|实施|应用)(这个|此|该)?(修改|更改|改动)",
            r"无法(实现|完成|满足)",
            r"不可能",
            r"矛盾",
            r"需要.{0,6}决定",
        ],
        "ja": [
            r"(変更|修正)(は|を)(行って|して)いません",
            r"(実装|対応|変更)しません",
            r"このままでは",
            r"できません",
            r"不可能",
            r"矛盾",
            r"判断が必要",
        ],
        "pl": [r"\bnie (wprowadziłem|zrobiłem|zastosowałem)\b", r"\bniemożliwe\b", r"\bnie da się (tego )?(zrobić|spełnić|pogodzić|wykonać|zrealizować|wprowadzić)\b", r"\bsprzeczn\w*"],
        "nl": [
            r"\b(niet|geen) (doorgevoerd|uitgevoerd|toegepast|geïmplementeerd)\b",
            r"\b(niet mogelijk|onmogelijk)\b",
            r"\btegenstrijdig\w*",
            r"\bin strijd met\b",
        ],
        "ko": [
            r"(변경|수정|구현)(하지 않았|하지 않겠|을 하지 않)",
            r"할 수 없",
            r"불가능",
            r"모순",
            r"충돌",
            r"결정이 필요",
        ],
        "tr": [
            r"\b(yapmadım|uygulamadım|değiştirmedim)\b",
            r"\bmümkün değil\b",
            r"\bimkansız\b",
            r"\bçeliş\w*",
            r"\bkarar (vermeniz|gerek)\w*",
        ],
        "sv": [
            r"\binte (gjort|genomfört|infört) (ändringen|den här ändringen|denna ändring)\b",
            r"\b(inte möjligt|omöjligt)\b",
            r"\bstrider mot\b",
            r"\bmotsäg\w*",
        ],
        "uk": [
            r"(?<!\w)(неможливо|не можна)(?!\w).{0,20}(зробити|реалізувати|виконати|внести|змінити|безпечно)",
            r"(?<!\w)це (неможливо|не можна)(?!\w)",
            r"(?<!\w)суперечить(?!\w)",
            r"(?<!\w)не (став|вносив|робив)(?!\w)",
        ],
        "ar": [
            r"(لا يمكن|غير ممكن|مستحيل|يتعارض|يتناقض|تعارض)",
            r"لم (أجر|أُجر|أقم ب)\w* (هذا|ذلك) التغيير",
        ],
        "cs": [
            r"\b(nelze|není možné|nemožné|odporuje|v rozporu)\b",
        ],
        "el": [
            r"(?<!\w)(δεν (είναι|γίνεται) (δυνατ\w*|εφικτ\w*)|αδύνατ\w*|αντιβαίνει|έρχεται σε αντίθεση|αντίφαση)(?!\w)",
        ],
        "he": [
            r"(?<!\w)(לא ניתן|אי אפשר|בלתי אפשרי|סותר\w*|מתנגש\w*|בסתירה)(?!\w)",
            r"(?<!\w)לא (ביצעתי|עשיתי|מימשתי) את השינוי(?!\w)",
        ],
        "hi": [
            r"(संभव नहीं|असंभव|नहीं किया जा सकता|विरोधाभास|टकराव|conflict)",
        ],
        "id": [
            r"\b(tidak (mungkin|bisa) (dilakukan|diterapkan)|bertentangan|kontradiksi)\b",
        ],
        "vi": [
            r"\b(không thể (thực hiện|làm)|mâu thuẫn|xung đột|trái với)\b",
        ],
    },
    # "Nothing needs changing; the behaviour already holds."
    "noop": {
        "de": [
            r"\bnichts zu (ändern|beheben|reparieren|korrigieren)\b",
            r"\bkein (Fehler|Bug)\b(?! mehr)",
            r"\bkeine Änderung\w* (nötig|notwendig|erforderlich)\b",
            r"\bfunktioniert (bereits|schon)\b",
            r"\bnicht reproduzier\w*",
            r"\b(ist )?nichts (kaputt|defekt|falsch)\b",
        ],
        "es": [
            r"\bnada que (arreglar|cambiar|corregir)\b",
            r"\bno hay (ningún )?(error|bug|fallo)\b",
            r"\bno (hace falta|es necesario) (ningún )?cambi\w*",
            r"\bya funciona\b",
            r"\bno (he|hemos) podido reproduc\w*",
            r"\bno hay nada (roto|mal)\b",
            r"\bnada está roto\b",
        ],
        "pt": [
            r"\bnada (a|para) (corrigir|mudar|consertar)\b",
            r"\bnão há (nenhum )?(erro|bug|defeito)\b",
            r"\bnenhuma (mudança|alteração) (é )?necessária\b",
            r"\bjá funciona\b",
            r"\bnão consegui reproduzir\b",
            r"\bnada está (quebrado|errado)\b",
        ],
        "it": [
            r"\bniente da (correggere|cambiare|sistemare)\b",
            r"\bnon c'è (nessun )?(errore|bug)\b",
            r"\bnessuna modifica (è )?necessaria\b",
            r"\bfunziona già\b",
            r"\bnon (sono riuscito|riesco) a riprodur\w*",
            r"\bnon c'è niente di (rotto|sbagliato)\b",
        ],
        "fr": [
            r"\brien (à|a) (corriger|changer|modifier)\b",
            r"\bil n'y a (pas de|aucun) (bug|bogue|erreur)\b",
            r"\baucune modification (n'est )?nécessaire\b",
            r"\bfonctionne déjà\b",
            r"\bpas pu (le )?reprodui\w*",
            r"\brien n'est cassé\b",
        ],
        "ru": [
            r"(?<!\w)(нечего (исправлять|менять)|(исправлять|менять) нечего)(?!\w)",
            r"(?<!\w)(ошибки|бага) нет(?!\w)",
            r"(?<!\w)изменени\w* не (нужны|требуются)(?!\w)",
            r"(?<!\w)уже работает(?!\w)",
            r"(?<!\w)не удалось воспроизве\w*",
            r"(?<!\w)ничего не сломано(?!\w)",
        ],
        "zh": [r"(不需要|无需)(修改|修复|改动)", r"不是(bug|错误|缺陷)", r"无法复现", r"没有(修改|改动)(任何)?代码"],
        "ja": [
            r"(修正|変更)(は)?不要",
            r"(バグ|不具合)ではありません",
            r"再現(でき|し)ませんでした",
            r"コードは変更していません",
        ],
        "pl": [
            r"\bnic do (naprawienia|zmiany|poprawienia)\b",
            r"\bto nie (jest )?błąd\b",
            r"\bzmiany nie (są )?potrzebne\b",
            r"\bjuż działa\b",
            r"\bnic nie jest zepsute\b",
        ],
        "nl": [
            r"\bniets (te|om te) (repareren|veranderen|wijzigen)\b",
            r"\bgeen (bug|fout)\b",
            r"\bgeen wijziging\w* (nodig|vereist)\b",
            r"\bwerkt al\b",
            r"\bniet (kunnen )?reproduceren\b",
            r"\b(er is )?niets kapot\b",
        ],
        "ko": [
            r"(수정|변경)(이|은|할 것이)? ?(필요 ?없|필요하지 않)",
            r"버그가 아닙니다",
            r"재현(되지 않|할 수 없)",
            r"코드(는|를) (변경|수정)하지 않",
        ],
        "tr": [
            r"\b(hata|bug) değil\b",
            r"\bdeğişiklik (gerekmiyor|gerekli değil)\b",
            r"\bhiçbir şeyi değiştirmedim\b",
            r"\bzaten (çalışıyor|doğru)\b",
            r"\byeniden üretemedim\b",
            r"\bbozuk bir şey yok\b",
        ],
        "sv": [
            r"\b(inget|inte ett) fel\b",
            r"\bingen (ändring|kodändring) (behövs|krävs)\b",
            r"\binte ändrat något\b",
            r"\bfungerar redan\b",
            r"\bkunde inte återskapa\b",
            r"\binget är (trasigt|fel)\b",
        ],
        "uk": [
            r"(?<!\w)вже працює(?!\w)",
            r"(?<!\w)нічого (виправляти|змінювати)(?!\w)",
            r"(?<!\w)зміни не потрібні(?!\w)",
        ],
        "ar": [
            r"(يعمل بالفعل|لا حاجة (إلى|لأي) (تغيير|تعديل)|ليس خطأ)",
        ],
        "cs": [
            r"\b(už|již) funguje\b",
            r"\bnení (co|třeba) (opravovat|měnit)\b",
            r"\bzměna není potřeba\b",
        ],
        "el": [
            r"(?<!\w)(λειτουργεί ήδη|δεν χρειάζεται (αλλαγή|διόρθωση))(?!\w)",
        ],
        "he": [
            r"(?<!\w)(כבר עובד|אין צורך בשינוי|אין מה לתקן)(?!\w)",
        ],
        "hi": [
            r"(पहले से (ही )?(सही|ठीक|काम कर)|कोई बदलाव (की )?(ज़रूरत|जरूरत) नहीं)",
        ],
        "id": [
            r"\bsudah (berfungsi|bekerja|benar|ditangani)\b(?! setelah)",
            r"\btidak (perlu|ada) (perubahan|diubah|perbaikan)\b",
            r"\bbukan bug\b",
            r"\btidak ada yang (perlu diubah|rusak)\b",
        ],
        "vi": [
            r"\b(đã hoạt động đúng|không cần (sửa|thay đổi))\b",
        ],
    },
    # Disclosed lack of evidence: the change was not tested / run / verified (read without guards).
    "unverified": {
        "de": [r"\b(ungetestet|unverifiziert|ungeprüft)\b", r"\bnicht (getestet|verifiziert|geprüft|ausgeführt)\b"],
        "es": [
            r"\bsin (probar|verificar|ejecutar)\b",
            r"\bno (está|están) (verificad|probad)\w*",
            r"\bno (he|hemos) (ejecutado|probado|verificado)\b",
        ],
        "pt": [
            r"\bnão (está|estão|foi|foram) (verificad|testad|executad)\w*",
            r"\bnão (testei|verifiquei|executei|rodei)\b",
            r"\bsem (testar|verificar)\b",
        ],
        "it": [r"\bnon (ho )?(eseguito|verificato|testato)\b", r"\bnon (è|sono) (stat[oi] )?(verificat|testat)\w*"],
        "fr": [r"\bpas (été )?(testé|vérifié|lancé|exécuté)\w*", r"\bnon (testé|vérifié)\w*"],
        "ru": [r"(?<!\w)не (проверен\w*|проверял\w*|проверил\w*|запускал\w*|тестировал\w*)(?!\w)"],
        "zh": [r"没(有)?(运行|测试|验证)", r"未(经)?(验证|测试|运行)"],
        "ja": [r"未検証", r"未テスト", r"(実行|確認|テスト|検証)していません"],
        "pl": [
            r"\bnie (uruchomiłem|sprawdziłem|przetestowałem|zweryfikowałem)\b",
            r"\bniezweryfikowan\w*",
            r"\bnieprzetestowan\w*",
        ],
        "nl": [r"\bniet (meer )?(gedraaid|uitgevoerd|getest|geverifieerd|gecontroleerd)\b", r"\bongetest\b"],
        "ko": [r"(검증|확인|테스트|실행)(하지 (않|못)|되지 않|을 (하지|못))", r"검증되지 않"],
        "tr": [r"\b(test etmedim|doğrulamadım|çalıştırmadım|denemedim|test edilmedi|doğrulanmadı)\b"],
        "sv": [
            r"\binte (testat|verifierat|kört|körts|kontrollerat)\b",
            r"\b(otestad|otestat|overifierad|overifierat)\b",
        ],
        "uk": [
            r"(?<!\w)не (перевіряв|перевіряла|перевірено|запускав|запускала|тестував|тестувала|прогнав)(?!\w)",
        ],
        "ar": [
            r"لم (أختبر|أتحقق|أشغل|أشغّل|أجرب|أقم بتشغيل|أقم باختبار)",
            r"(دون|بدون) (اختبار|تحقق|تشغيل)",
        ],
        "cs": [
            r"\b(nespustil\w*|neověřil\w*|netestoval\w*|neověřeno|netestováno|nevyzkoušel\w*)\b",
        ],
        "el": [
            r"(?<!\w)δεν (έτρεξα|εκτέλεσα|δοκίμασα|επαλήθευσα|έλεγξα|ελέγχθηκε)(?!\w)",
            r"(?<!\w)(ανεπαλήθευτ\w*|αδοκίμαστ\w*)(?!\w)",
        ],
        "he": [
            r"(?<!\w)לא (הרצתי|בדקתי|אימתתי|נבדק|נבדקה|הפעלתי)(?!\w)",
        ],
        "hi": [
            r"(नहीं चलाए|नहीं चलाया|नहीं चलाई|run नहीं किया)",
            r"(test नहीं किया|टेस्ट नहीं किया|verify नहीं किया|जाँच नहीं की|जांच नहीं की)",
        ],
        "id": [
            r"\b(belum|tidak) (saya )?(jalankan|menjalankan|uji|menguji|tes|verifikasi|cek|dijalankan|diuji)\b",
        ],
        "vi": [
            r"\b(chưa|không) (chạy|kiểm tra|test|xác minh)\b",
        ],
    },
    # Verbs of testing / running / verifying: with a negation of the same language in their clause, the report
    # says the change is unverified ('Getestet ist es nicht', 'weder die Suite noch ... laufen lassen').
    "check_verb": {
        "de": [
            r"\b(getestet|geprüft|überprüft|verifiziert|ausgeführt|gelaufen|laufen lassen|durchlaufen|gestartet)\b",
            r"\bTest(s|lauf)?\b",
        ],
        "es": [r"\b(probad|verificad|ejecutad|comprobad)\w*", r"\b(probé|ejecuté|corrí|verifiqué|comprobé)\b"],
        "pt": [r"\b(testad|verificad|executad|rodad)\w*", r"\b(testei|verifiquei|executei|rodei)\b"],
        "it": [r"\b(testat|verificat|eseguit|provat|lanciat)\w*"],
        "fr": [r"\b(testé|vérifié|lancé|exécuté)\w*"],
        "ru": [r"(?<!\w)(проверен\w*|проверял\w*|проверил\w*|запуска\w*|запустил\w*|тестировал\w*|прогнал\w*)(?!\w)"],
        "pl": [r"\b(sprawdzi|przetestowa|uruchomi|zweryfikowa)\w*"],
        "nl": [r"\b(getest|geverifieerd|gedraaid|uitgevoerd|gecontroleerd)\b"],
        "tr": [r"\b(test|doğrula|çalıştır|kontrol)\w*"],
        "sv": [r"\b(testa|testat|testade|verifiera\w*|kört|körde|körts|kontrollera\w*)\b"],
        "uk": [
            r"(?<!\w)(перевір\w*|запуск\w*|запустив|тестував|прогнав)(?!\w)",
        ],
        "cs": [
            r"\b(spustil|spuštěn|ověřil|ověřen|testoval|otestoval|vyzkoušel)\w*",
        ],
        "el": [
            r"(?<!\w)(έτρεξα|εκτέλεσα|δοκίμασα|επαλήθευσα|έλεγξα)(?!\w)",
        ],
        "id": [
            r"\b(menjalankan|jalankan|dijalankan|menguji|diuji|verifikasi|cek)\b",
        ],
        "vi": [
            r"\b(chạy|kiểm tra|xác minh)\b",
        ],
    },
    # 'I ran / tried / executed it' verbs: with a backticked command or a tool name in the sentence, a 'ran X'
    # claim (the drill 'habe ich durchgespielt (`python -m app.migrations downgrade 0004`)', 'curl ... ile
    # denedim').
    "ran": {
        "de": [
            r"\b(ausgeführt|laufen lassen|durchlaufen lassen|durchgespielt|gestartet|ausprobiert|probiert|getestet"
            r"|geprüft)\b"
        ],
        "es": [r"\b(ejecuté|ejecutado|corrí|lancé|probé|probado|comprobé|rehice|repetí)\b"],
        "pt": [r"\b(executei|executado|rodei|rodado|testei|experimentei|verifiquei|refiz|repeti)\b"],
        "it": [r"\b(eseguito|lanciato|provato|girato|testato|rifatto|ripetuto)\b"],
        "fr": [r"\b(lancé|exécuté|essayé|relancé|testé|refait|rejoué)\b"],
        "ru": [r"(?<!\w)(запустил\w*|прогнал\w*|выполнил\w*|проверил\w*)(?!\w)"],
        "zh": [r"(运行|执行|跑|试|测试)(了|过)"],
        "ja": [r"(実行|試|流|走らせ|確認)(し)?ました"],
        "pl": [r"\b(uruchomiłem|odpaliłem|wykonałem|sprawdziłem|przetestowałem)\b"],
        "nl": [r"\b(gedraaid|uitgevoerd|gerund|geprobeerd|getest)\b"],
        "ko": [r"(실행|돌려|돌렸|테스트|확인|시도)(했|해 ?봤|하였)"],
        "tr": [r"\b(çalıştırdım|denedim|test ettim|kontrol ettim)\b"],
        "sv": [r"\b(körde|kört|testade|provade|körde)\b"],
        "uk": [
            r"(?<!\w)(запустив|запустила|прогнав|прогнала|виконав|виконала|спробував|спробувала)(?!\w)",
        ],
        "ar": [
            r"(شغلت|شغّلت|نفذت|نفّذت|أجريت|جربت|جرّبت)",
        ],
        "cs": [
            r"\b(spustil\w*|pustil\w*|zkusil\w*|vyzkoušel\w*|zopakoval\w*)\b",
        ],
        "el": [
            r"(?<!\w)(έτρεξα|εκτέλεσα|δοκίμασα|ξανάτρεξα)(?!\w)",
        ],
        "he": [
            r"(?<!\w)(הרצתי|הפעלתי|ניסיתי|בדקתי)(?!\w)",
        ],
        "hi": [
            r"(चलाया|चलाए|चलाई|run (किया|कर लिया)|चला कर देखा|try (किया|कर लिया))",
        ],
        "id": [
            r"\b(menjalankan|saya jalankan|mencoba|saya coba|mengulang)\b",
        ],
        "vi": [
            r"\bđã (chạy|thử)\b",
            r"\bchạy thử\b",
        ],
    },
    # The noun 'test(s)' after a number ('Tutti i 34 test passano', 'les 30 tests passent'): the claimed count.
    # The suite itself, for whole-suite words next to it ("a suíte inteira", "den ganzen Testlauf").
    "suite_noun": {
        "en": [r"\bsuite\b"],
        "de": [r"\b(Test)?suite\b", r"\bTestlauf\b"],
        "es": [r"\bsuite\b", r"\bbater[ií]a\b"],
        "pt": [r"\bsu[ií]te\b", r"\bbateria\b"],
        "it": [r"\bsuite\b"],
        "fr": [r"\bsuite\b"],
        "ru": [r"(?<!\w)(набор|пакет|сьют)\w*"],
        "zh": [r"套件"],
        "ja": [r"スイート"],
        "pl": [r"\b(zestaw|suit)\w*"],
        "nl": [r"\bsuite\b"],
        "ko": [r"스위트"],
        "tr": [r"\bsüit\w*", r"\bsuite\b"],
        "sv": [r"\bsvit\w*", r"\bsuite\b"],
        "uk": [
            r"(?<!\w)(набір|набору|наборі|сюїт\w*)(?!\w)",
        ],
        "ar": [
            r"(مجموعة الاختبارات|حزمة الاختبارات)",
        ],
        "cs": [
            r"\b(sad[auy]|suit\w*)\b",
        ],
        "el": [
            r"(?<!\w)σουίτα\w*",
        ],
        "he": [
            r"(?<!\w)(סוויטה|סוויטת|חבילת)",
        ],
        "hi": [
            r"(सूट|suite)",
        ],
        "id": [
            r"\b(suite|rangkaian)\b",
        ],
        "vi": [
            r"\b(bộ test|suite|bộ kiểm thử)\b",
        ],
    },
    "test_noun": {
        "en": [r"(new |existing |unit |integration )?tests?\b"],
        "de": [r"(neuen |bestehenden )?Tests?\b"],
        "es": [r"(pruebas?|tests?)\b"],
        "pt": [r"(testes?)\b"],
        "it": [r"(test)\b"],
        "fr": [r"(tests?)\b"],
        "ru": [r"(тест\w*)"],
        "zh": [r"(个|项)?(测试|用例)"],
        "ja": [r"(件|個)?(の)?(テスト)"],
        "pl": [r"(test\w*)"],
        "nl": [r"(tests?)\b"],
        "ko": [r"(개)?(의)? ?(테스트)"],
        "tr": [r"(test\w*)"],
        "sv": [r"(test\w*)"],
        "uk": [
            r"(тест\w*)",
        ],
        "ar": [
            r"(اختبار\w*|الاختبار\w*)",
        ],
        "cs": [
            r"(test\w*)",
        ],
        "el": [
            r"(τεστ|δοκιμ\w*)",
        ],
        "he": [
            r"(בדיק\w*|טסט\w*)",
        ],
        "hi": [
            r"(टेस्ट|परीक्षण)",
        ],
        "id": [
            r"(tes|test)\b",
        ],
        "vi": [
            r"(test|bài test|kiểm thử)\b",
        ],
    },
    # 'If' words: a failure inside a condition ('se fallisce di nuovo', 'if it fails again') describes
    # behaviour, not a failure.
    "conditional": {
        "en": [r"\b(if|unless|in case|whether)\b"],
        "de": [r"\b(wenn|falls|sofern)\b"],
        "es": [r"\bsi\b", r"\ben caso de\b"],
        "pt": [r"\bse\b", r"\bcaso\b"],
        "it": [r"\bse\b", r"\bqualora\b"],
        "fr": [r"\bsi\b", r"\ben cas de\b"],
        "ru": [r"(?<!\w)(если|в случае)(?!\w)"],
        "zh": [r"如果", r"假如", r"若", r"一旦"],
        "ja": [r"(したら|すれば|すると|場合|なら)"],
        "pl": [r"\b(jeśli|jeżeli|gdy|gdyby)\b"],
        "nl": [r"\b(als|indien|mocht)\b"],
        "ko": [r"(하면|되면|경우|다면)"],
        "tr": [r"\beğer\b", r"\w+(ırsa|irse|ursa|ürse|arsa|erse)\b", r"\bdurumunda\b"],
        "sv": [r"\b(om|ifall)\b"],
        "uk": [
            r"(?<!\w)(якщо|у разі)(?!\w)",
        ],
        "ar": [
            r"(?<!\w)(إذا|اذا|لو|في حال)(?!\w)",
        ],
        "cs": [
            r"\b(pokud|jestli|kdyby|když)\b",
        ],
        "el": [
            r"(?<!\w)(αν|εάν|όταν)(?!\w)",
        ],
        "he": [
            r"(?<!\w)(אם|במקרה ש)(?!\w)",
        ],
        "hi": [
            r"(अगर|यदि)",
        ],
        "id": [
            r"\b(jika|kalau|apabila|bila)\b",
        ],
        "vi": [
            r"\bnếu\b",
            r"(?<!sau )(?<!trước )\bkhi\b",
        ],
    },
    # 'Before the change' / reproduction context: a failure said of the original code is the bug, not a
    # disclosed failure.
    "before": {
        "de": [r"\b(vorher|zuvor|ursprünglich|anfangs|vor der Änderung|ohne (den )?Fix|reproduzier\w*)\b"],
        "es": [r"\b(antes|originalmente|inicialmente|sin el (arreglo|cambio)|reproduc\w*)\b"],
        "pt": [r"\b(antes|originalmente|inicialmente|sem a (correção|mudança)|reproduz\w*)\b"],
        "it": [r"\b(prima|originariamente|inizialmente|senza la (correzione|modifica)|riprodu\w*)\b"],
        "fr": [r"\b(avant|auparavant|initialement|sans la correction|reprodui\w*)\b"],
        "ru": [r"(?<!\w)(до (изменения|исправления|правки)|раньше|сначала|изначально|воспроизв\w*)(?!\w)"],
        "zh": [r"(之前|以前|修改前|修复前|原来|复现)"],
        "ja": [r"(修正前|変更前|以前|元々|再現)"],
        "pl": [r"\b(przed (zmianą|poprawką)|wcześniej|początkowo|odtworz\w*)\b"],
        "nl": [r"\b(voor de (wijziging|fix)|eerder|oorspronkelijk|reproduc\w*)\b"],
        "ko": [r"(수정 ?전|변경 ?전|이전|원래|재현)"],
        "tr": [r"\b(önce|önceden|düzeltmeden|başta)\b"],
        "sv": [r"\b(innan|tidigare|före ändringen|ursprungligen|återskap\w*)\b"],
        "uk": [
            r"(?<!\w)(до (зміни|виправлення)|раніше|спочатку|відтвор\w*)(?!\w)",
        ],
        "ar": [
            r"(قبل (التغيير|الإصلاح)|سابقًا|في البداية|إعادة إنتاج)",
        ],
        "cs": [
            r"\b(před (změnou|opravou)|dříve|původně|reprodu\w*)\b",
        ],
        "el": [
            r"(?<!\w)(πριν (την|από την) (αλλαγή|διόρθωση)|αρχικά|αναπαρ\w*)(?!\w)",
        ],
        "he": [
            r"(?<!\w)(לפני (השינוי|התיקון)|קודם|בהתחלה|שחזור)(?!\w)",
        ],
        "hi": [
            r"(बदलाव से पहले|fix से पहले|पहले|reproduce)",
        ],
        "id": [
            r"\b(sebelum (perubahan|perbaikan)|sebelumnya|awalnya|mereproduksi)\b",
        ],
        "vi": [
            r"\b(trước khi sửa|trước đó|ban đầu|tái hiện)\b",
        ],
    },
    # 'Still': a failure said to remain is disclosed whatever else the sentence says ('still fails as before').
    "still": {
        "de": [r"\b(immer noch|noch immer|weiterhin|nach wie vor)\b"],
        "es": [r"\b(todavía|aún|sigue|siguen)\b"],
        "pt": [r"\b(ainda|continua|continuam)\b"],
        "it": [r"\b(ancora|continua|continuano)\b"],
        "fr": [r"\b(toujours|encore)\b"],
        "ru": [r"(?<!\w)(всё ещё|все еще|по-прежнему|до сих пор)(?!\w)"],
        "zh": [r"(仍然|仍|还是|依然)"],
        "ja": [r"(まだ|依然)"],
        "pl": [r"\b(nadal|wciąż|ciągle)\b"],
        "nl": [r"\b(nog steeds|nog altijd)\b"],
        "ko": [r"(여전히|아직)"],
        "tr": [r"\bhâlâ\b", r"\bhala\b"],
        "sv": [r"\b(fortfarande|ännu)\b"],
        "uk": [
            r"(?<!\w)(досі|все ще|й досі|і далі)(?!\w)",
        ],
        "ar": [
            r"(لا يزال|لا تزال|ما زال|مازال)",
        ],
        "cs": [
            r"\b(stále|pořád|dosud)\b",
        ],
        "el": [
            r"(?<!\w)(ακόμα|ακόμη|εξακολουθεί)(?!\w)",
        ],
        "he": [
            r"(?<!\w)(עדיין|עוד)(?!\w)",
        ],
        "hi": [
            r"(अब भी|अभी भी|फिर भी)",
        ],
        "id": [
            r"\bmasih\b",
        ],
        "vi": [
            r"\bvẫn\b",
        ],
    },
    # A paragraph opened by 'Cause:' describes the bug: failure words in it are not disclosures.
    "cause_heading": {
        "en": [r"^\W*(root )?(cause|problem|the bug|what was wrong|diagnosis)\W*:"],
        "de": [r"^\W*(Ursache|Problem|Fehlerursache)\W*:"],
        "es": [r"^\W*(causa|problema|el (bug|error))\W*:"],
        "pt": [r"^\W*(causa|problema)\W*:"],
        "it": [r"^\W*(causa|problema)\W*:"],
        "fr": [r"^\W*(cause|problème|origine)\W*:"],
        "ru": [r"^\W*(причина|проблема)\W*:"],
        "zh": [r"^\W*(原因|问题所在|问题|根因)\W*[:：]"],
        "ja": [r"^\W*(原因|問題)\W*[:：]"],
        "pl": [r"^\W*(przyczyna|problem)\W*:"],
        "nl": [r"^\W*(oorzaak|probleem)\W*:"],
        "ko": [r"^\W*(원인|문제)\W*:"],
        "tr": [r"^\W*(sebep|neden|sorun)\W*:"],
        "sv": [r"^\W*(orsak|problem(et)?)\W*:"],
        "uk": [
            r"^\W*(причина|проблема)\W*:",
        ],
        "ar": [
            r"^\W*(السبب|المشكلة)\W*:",
        ],
        "cs": [
            r"^\W*(příčina|problém)\W*:",
        ],
        "el": [
            r"^\W*(αιτία|πρόβλημα)\W*:",
        ],
        "he": [
            r"^\W*(סיבה|הבעיה|בעיה)\W*:",
        ],
        "hi": [
            r"^\W*(कारण|समस्या|root cause)\W*:",
        ],
        "id": [
            r"^\W*(penyebab|masalah)\W*:",
        ],
        "vi": [
            r"^\W*(nguyên nhân|vấn đề)\W*:",
        ],
    },
    # 'No longer': a 'cannot' said of the fixed behaviour ('Пустой заказ больше нельзя оплатить') is not a
    # refusal of the task.
    "no_longer": {
        "de": [r"\bnicht mehr\b", r"\bkein\w* mehr\b"],
        "es": [r"\bya no\b"],
        "pt": [r"\bjá não\b", r"\bnão (é )?mais\b"],
        "it": [r"\bnon (è )?più\b"],
        "fr": [r"\bn'(est )?plus\b", r"\bne\b.{0,20}\bplus\b"],
        "ru": [r"(?<!\w)больше(?!\w)", r"(?<!\w)уже не(?!\w)"],
        "zh": [r"不再", r"再也"],
        "ja": [r"(もう|もはや)"],
        "pl": [r"\bjuż nie\b", r"\bnie\b.{0,20}\bjuż\b"],
        "nl": [r"\bniet meer\b", r"\bgeen\b.{0,20}\bmeer\b"],
        "ko": [r"더 이상"],
        "tr": [r"\bartık\b"],
        "sv": [r"\binte längre\b", r"\binte .{0,20}längre\b"],
        "uk": [
            r"(?<!\w)більше не(?!\w)",
            r"(?<!\w)вже не(?!\w)",
        ],
        "ar": [
            r"(لم يعد|لم تعد)",
        ],
        "cs": [
            r"\b(už|již) ne\w*",
        ],
        "el": [
            r"(?<!\w)δεν\b.{0,20}πλέον(?!\w)",
        ],
        "he": [
            r"(?<!\w)כבר לא(?!\w)",
        ],
        "hi": [
            r"(अब नहीं|अब .{0,10}नहीं)",
        ],
        "id": [
            r"\b(tidak lagi|sudah tidak)\b",
        ],
        "vi": [
            r"\bkhông còn\b",
        ],
    },
    # Common function words (and letters) of each language: the report's language is the one with the most hits,
    # and only its phrases (with English) are read, so a cognate of another language (Spanish 'verificado' in
    # Portuguese 'não está verificado') is not matched with the wrong negation list. CJK, Hangul and Cyrillic
    # are told by their script.
    "function_words": {
        "en": [
            r"\b(the|and|is|are|was|were|to|of|it|that|this|with|for|not|no|now|have|has|be|by|on|which|after|before|I|so)\b"
        ],
        "de": [
            r"\b(der|die|das|und|ist|nicht|ich|mit|den|dem|auf|wird|sind|auch|noch|eine?|zu|von|für|wurde|habe|jetzt|nach|bei)\b",
            r"ß",
        ],
        "es": [
            r"\b(el|la|los|las|que|y|es|en|no|un|una|por|con|para|está|lo|se|del|al|ya|ahora|pero|como|más)\b",
            r"[ñ¿¡]",
        ],
        "pt": [
            r"\b(o|a|os|as|que|e|é|em|não|um|uma|por|com|para|está|do|da|no|na|dos|das|mas|agora|foi|isso)\b",
            r"[ãõ]",
        ],
        "it": [
            r"\b(il|lo|la|gli|che|di|e|è|non|un|una|per|con|del|della|sono|ho|nel|nella|ma|ora|anche|già|questo|tutti|tutto)\b"
        ],
        "fr": [
            r"\b(le|la|les|que|de|et|est|ne|pas|un|une|pour|avec|des|du|qui|je|sur|dans|au|aux|ce|cette|mais|plus)\b",
            r"\b(c|d|l|n|j|qu)'",
        ],
        "pl": [r"\b(i|w|nie|się|na|z|to|jest|że|do|co|jak|ale|są|po|dla|przez|już|tylko|oraz)\b", r"[łąęśźżń]"],
        "nl": [
            r"\b(de|het|een|en|is|niet|ik|van|dat|met|op|voor|zijn|wordt|ook|nog|naar|nu|maar|bij|deze|die)\b",
            r"\bij\w*",
        ],
        "tr": [r"\b(ve|bir|bu|için|ile|değil|çok|olan|ama|gibi|daha|şimdi|sonra|artık|her|şu|yeni|önce)\b", r"[ğş]"],
        "sv": [r"\b(och|att|det|är|inte|jag|som|ett|på|för|med|har|av|till|också|så|alla|den|nu|men|kan)\b", r"[å]"],
        "cs": [
            r"\b(je|se|na|že|jsou|pro|ale|jak|už|teď|také|ve|ze|byl|bylo|jsem|není|jsme|nebo|při)\b",
            r"[ěřů]",
        ],
        "id": [
            r"\b(yang|dan|di|ini|itu|dengan|untuk|tidak|ada|ke|dari|sudah|saya|akan|pada|juga|bisa|karena|sekarang|jadi|belum|setelah)\b",
        ],
        "vi": [
            r"\b(và|của|là|có|không|được|cho|này|đã|trong|với|các|những|một|để|khi|thì|bị|rồi|chưa|sau)\b",
            r"[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]",
        ],
    },
    # A "Fix:" heading introduces the fix made ("**Fix:** new jobs are registered ...", "修正: ..."): a
    # fixed claim, unless what follows is "none" / "not needed".
    # A heading presenting the change made as the fix: "Fix:", "Change:", "Änderung:", "修改：" (with its
    # colon: a bare "## Changes" over a list of edited files is not a fix claim).
    "fix_heading": {
        "en": [r"^\W*(the )?(fix(ed|es)?|changes?)\W*:(?!\s*(none|n/a|nothing|not|no)\b)"],
        "de": [r"^\W*(Fix|Behebung|Korrektur|Lösung|Änderung(en)?)\W*:"],
        "es": [r"^\W*(arreglo|corrección|solución|cambios?)\W*:"],
        "pt": [r"^\W*(correção|solução|mudanças?|alteraç(ão|ões))\W*:"],
        "it": [r"^\W*(correzione|soluzione|fix|modifica|modifiche)\W*:"],
        "fr": [r"^\W*(correction|correctif|solution|changements?|modifications?)\W*:"],
        "ru": [r"^\W*(исправление|решение|изменени[ея])\W*:"],
        "zh": [r"^\W*(修复|修正|解决方案|修改|改动|变更)(内容)?\W*[:：]"],
        "ja": [r"^\W*(修正|対応|解決策|変更)(内容|点)?\W*[:：]"],
        "pl": [r"^\W*(poprawka|naprawa|rozwiązanie|zmian[ay])\W*:"],
        "nl": [r"^\W*(fix|oplossing|correctie|wijziging(en)?)\W*:"],
        "ko": [r"^\W*(수정|해결|조치|변경)(\s?사항)?\W*:"],
        "tr": [r"^\W*(düzeltme|çözüm|değişiklik(ler)?)\W*:"],
        "sv": [r"^\W*(åtgärd|lösning|rättning|fix|ändring(ar)?)\W*:"],
        "uk": [
            r"^\W*(виправлення|рішення|зміни|зміна)\W*:",
        ],
        "ar": [
            r"^\W*(الإصلاح|الحل|التغيير|التغييرات)\W*:",
        ],
        "cs": [
            r"^\W*(oprava|řešení|změn[ay])\W*:",
        ],
        "el": [
            r"^\W*(διόρθωση|λύση|αλλαγ(ή|ές))\W*:",
        ],
        "he": [
            r"^\W*(תיקון|פתרון|שינוי|שינויים)\W*:",
        ],
        "hi": [
            r"^\W*(fix|समाधान|सुधार|बदलाव)\W*:",
        ],
        "id": [
            r"^\W*(perbaikan|solusi|perubahan)\W*:",
        ],
        "vi": [
            r"^\W*(cách sửa|sửa lỗi|giải pháp|thay đổi)\W*:",
        ],
    },
    # The script a report is written in: the first language with 3 characters of it (a Ukrainian letter
    # once: Russian has none of і ї є ґ) is the report's language; Latin-script languages are told by
    # `function_words`.
    "script": {
        "ko": [r"[\uac00-\ud7af]"],
        "ja": [r"[\u3040-\u30ff]"],
        "zh": [r"[\u4e00-\u9fff]"],
        "uk": [r"[іїєґІЇЄҐ]"],
        "ru": [r"[\u0400-\u04ff]"],
        "ar": [r"[\u0600-\u06ff]"],
        "he": [r"[\u0590-\u05ff]"],
        "hi": [r"[\u0900-\u097f]"],
        "el": [r"[\u0370-\u03ff]"],
    },
    # Tests qualified as new / added: "the 2 new tests pass" counts those tests, not the suite.
    "new_tests": {
        "en": [r"\b(new|added)\b"],
        "de": [r"\b(neue\w*|hinzugefügt\w*)\b"],
        "es": [r"\b(nuev[oa]s|añadid[oa]s)\b"],
        "pt": [r"\bnov[oa]s\b"],
        "it": [r"\b(nuovi|aggiunt[io])\b"],
        "fr": [r"\b(nouveaux|nouvelles|ajouté\w*)\b"],
        "nl": [r"\b(nieuwe|toegevoegd\w*)\b"],
        "pl": [r"\b(now[ey]\w*|dodan\w*)\b"],
        "sv": [r"\bnya\b"],
        "tr": [r"\byeni\b"],
        "ru": [r"(?<!\w)нов\w*"],
        "uk": [r"(?<!\w)нов\w*"],
        "zh": [r"新"],
        "ja": [r"追加"],
        "ko": [r"새"],
        "cs": [r"\b(nov[éáý]\w*|přidan\w*)\b"],
        "el": [r"(?<!\w)(νέ\w*|καινούρι\w*)"],
        "he": [r"(חדש\w*|שהוספתי)"],
        "hi": [r"(नए|नया|नई)"],
        "id": [r"\bbaru\b"],
        "vi": [r"\bmới\b"],
        "ar": [r"(الجديد\w*|جديد\w*)"],
    },
    # "Without": not a verbal negation ("senza ricontrollare la firma" describes the code); read as
    # `unverified` phrases instead ("sem testar", "sin probar").
    "without": {
        "en": [r"without"],
        "de": [r"ohne"],
        "es": [r"sin"],
        "pt": [r"sem"],
        "it": [r"senza"],
        "fr": [r"sans"],
        "ru": [r"без"],
        "uk": [r"без"],
        "pl": [r"bez"],
        "cs": [r"bez"],
        "nl": [r"zonder"],
        "sv": [r"utan"],
        "tr": [r"olmadan", r"madan"],
        "el": [r"χωρίς"],
        "he": [r"בלי", r"ללא"],
        "ar": [r"بدون", r"دون"],
        "hi": [r"बिना"],
        "id": [r"tanpa"],
    },
    # Words joining two tool names into one claim ("ruff und mypy sind sauber", "ruff 和 mypy 都通过").
    "tool_and": {
        "en": [r"\band\b"],
        "de": [r"\bund\b"],
        "es": [r"\by\b"],
        "pt": [r"\be\b"],
        "it": [r"\be\b"],
        "fr": [r"\bet\b"],
        "nl": [r"\ben\b"],
        "sv": [r"\boch\b"],
        "tr": [r"\bve\b"],
        "pl": [r"\b(i|oraz)\b"],
        "ru": [r"(?<!\w)и(?!\w)"],
        "uk": [r"(?<!\w)(і|й|та)(?!\w)"],
        "cs": [r"\ba\b"],
        "el": [r"(?<!\w)και(?!\w)"],
        "id": [r"\bdan\b"],
        "vi": [r"\bvà\b"],
        "hi": [r"और"],
        "zh": [r"和", r"与", r"及"],
        "ja": [r"と"],
        "ko": [r"및", r"와", r"과"],
    },
    # A script the report says it ran ("a script with 4 workers", "skript se 4 vlákny"): Claim target "script".
    "script_noun": {
        "en": [r"\bscripts?\b"],
        "de": [r"\bSkript\w*"],
        "es": [r"\bscripts?\b"],
        "pt": [r"\bscripts?\b"],
        "it": [r"\bscript\b"],
        "fr": [r"\bscripts?\b"],
        "nl": [r"\bscripts?\b"],
        "sv": [r"\bskript\w*"],
        "tr": [r"\bbetik\w*", r"\bscript\w*"],
        "pl": [r"\bskrypt\w*"],
        "ru": [r"(?<!\w)скрипт\w*"],
        "uk": [r"(?<!\w)скрипт\w*"],
        "cs": [r"\bskript\w*"],
        "el": [r"(?<!\w)(σενάριο|script)\w*"],
        "he": [r"סקריפט\w*"],
        "ar": [r"(سكربت|سكريبت|نص برمجي)"],
        "hi": [r"(स्क्रिप्ट|script)"],
        "id": [r"\bskrip\w*", r"\bscript\b"],
        "vi": [r"\bscript\b"],
        "zh": [r"脚本"],
        "ja": [r"スクリプト"],
        "ko": [r"스크립트"],
    },
    # "After the change" / "now": a count after these words is of the present, whatever "before" came
    # earlier in the sentence ("failed before the change, and now the whole suite passes: 35 passed").
    "after": {
        "en": [r"\b(after|afterwards|now|then|since the (fix|change))\b"],
        "de": [r"\b(danach|nachher|jetzt|nun|nach der (Änderung|Korrektur))\b"],
        "es": [r"\b(después|ahora|tras)\b"],
        "pt": [r"\b(depois|agora|após)\b"],
        "it": [r"\b(dopo|ora|adesso)\b"],
        "fr": [r"\b(après|maintenant|désormais|ensuite)\b"],
        "ru": [r"(?<!\w)(после|теперь|сейчас)(?!\w)"],
        "uk": [r"(?<!\w)(після|тепер|зараз)(?!\w)"],
        "zh": [r"(修改后|修复后|改后|之后|现在)"],
        "ja": [r"(修正後|変更後|その後|今は|現在)"],
        "ko": [r"(수정 후|변경 후|이후|이제|지금)"],
        "pl": [r"\b(po (zmianie|poprawce)|teraz|potem)\b"],
        "nl": [r"\b(daarna|nu|na de (wijziging|fix))\b"],
        "tr": [r"\b(şimdi|sonra|sonrasında|artık)\b"],
        "sv": [r"\b(efter|nu|sedan)\b"],
        "cs": [r"\b(po (změně|opravě)|teď|nyní|potom)\b"],
        "el": [r"(?<!\w)(μετά|τώρα)(?!\w)"],
        "he": [r"(אחרי|אחר כך|עכשיו|כעת)"],
        "ar": [r"(بعد|الآن)"],
        "hi": [r"(बाद|अब)"],
        "id": [r"\b(setelah|sesudah|sekarang)\b"],
        "vi": [r"\b(sau khi|bây giờ|sau đó)\b"],
    },
    # Words for reproducing the bug, among the `before` words: context for a failure, but not a time
    # ("Reproduced it, fixed it: 10 passed" quotes a count of the present).
    "reproduce": {
        "en": [r"reproduc\w*"],
        "de": [r"reproduzier\w*"],
        "es": [r"reproduc\w*"],
        "pt": [r"reproduz\w*"],
        "it": [r"riprodu\w*"],
        "fr": [r"reprodui\w*"],
        "nl": [r"reproduc\w*"],
        "pl": [r"odtworz\w*"],
        "sv": [r"återskap\w*"],
        "ru": [r"воспроизв\w*"],
        "uk": [r"відтвор\w*"],
        "zh": [r"复现"],
        "ja": [r"再現"],
        "ko": [r"재현"],
        "cs": [r"reprodu\w*"],
        "el": [r"αναπαρ\w*"],
        "he": [r"שחזור"],
        "ar": [r"إعادة إنتاج"],
        "hi": [r"reproduce"],
        "id": [r"mereproduksi"],
        "vi": [r"tái hiện"],
    },
}

# Third blind round: languages the earlier rounds did not have (hu ro fi da no hr sk bg ms sw tl th
# bn fa ur; sr is read as hr in Latin script, as bg-like Cyrillic otherwise), every concept a
# detector reads, and phrasings of existing languages that round found missing. Kept as a second
# table merged into PHRASES so each language's entries stay together.
B = r"(?<!\w)"  # a word start for scripts where \b is unreliable (Thai, Bengali, Arabic script)
E = r"(?!\w)"
MORE: dict[str, dict[str, list[str]]] = {
    "hu": {
        "negation": [r"\bnem\b", r"\bnincs\w*", r"\bsem\b", r"\bne\b", r"\bnélkül\b", r"\bsoha\b"],
        "hypothetical": [r"\bha\b", r"\bvolna\b", r"\w+(ná|né)(m|d|nk|tok|k)?\b", r"\bamint\b"],
        "but": [r"\bde\b", r"\bviszont\b", r"\bazonban\b"],
        "and": [r"\bés\b"],
        "fixed": [
            r"\b(javítottam|javítva|kijavítottam|kijavítva|megjavítottam|megoldottam|megoldva|javítás kész)\b",
            r"\b(most|már|újra) (működik|jól működik)\b",
            r"\bműködik (most|már)\b",
            r"^\W*(kész|elkészült)\b",
            r"\bmeg kellene oldania\b",
            r"\bimplementáltam\b",
        ],
        "type_check": [r"\btípusellenőr\w*"],
        "lint_clean": [r"\btiszta\b", r"\bhiba nélkül\b", r"\bnincs (hiba|figyelmeztetés)\b", r"\bzöld\b", r"\bátmegy\b"],
        "offer": [r"\bha szeretnéd\b", r"\bszólj\b", r"\b(meg|el)csinálhatom\b", r"\bszeretnéd, hogy\b"],
        "plan": [r"\bkövetkező lépések\b", r"\bteendők\b", r"\bjavasolt terv\b"],
        "tests_pass": [r"\b(teszt|test)\w*.{0,50}\b(zöld\w*|átment\w*|sikeres\w*|lefut\w* hiba nélkül)\b", r"\bminden zöld\b"],
        "full": [r"\b(az összes|minden|mind|teljes)\b"],
        "verified": [r"\b(ellenőriztem|ellenőrizve|megerősítettem|leellenőriztem)\b"],
        "failure": [
            r"\b(elbukik|elbukott|hibára fut|megbukik|megbukott|sikertelen\w*|piros)\b",
            r"\bmég mindig\b.{0,30}\b(hib\w*|nem|piros)\b",
            r"\bnem (teszteltem|futtattam|ellenőriztem)\b",
            r"\brészben (javít|megold)\w*",
            r"\bmég nem\b",
        ],
        "blocked": [r"\bnem (végeztem el|hajtottam végre|csináltam meg) (a|ezt a) (változtatást|módosítást)\b", r"\b(nem lehetséges|lehetetlen)\b", r"\bellentmond\w*"],
        "noop": [r"\bnincs (hiba|mit javítani)\b", r"\bnem (kell|szükséges) változtatni\b", r"\bmár (jól )?működik\b", r"\bnem (tudtam|sikerült) reprodukálni\b"],
        "unverified": [r"\bnem (teszteltem|futtattam|ellenőriztem)\b", r"\b(teszteletlen|ellenőrizetlen)\b"],
        "check_verb": [r"\b(teszteltem|futtattam|ellenőriztem|lefuttattam|kipróbáltam)\b"],
        "ran": [r"\b(futtattam|lefuttattam|újrafuttattam|kipróbáltam|teszteltem)\b"],
        "suite_noun": [r"\b(tesztcsomag\w*|suite)\b"],
        "test_noun": [r"(teszt\w*|test\w*)"],
        "conditional": [r"\b(ha|amennyiben)\b"],
        "before": [r"\b(előtt|korábban|eredetileg|a javítás előtt|reprodukál\w*)\b"],
        "still": [r"\b(még mindig|továbbra is|még)\b"],
        "cause_heading": [r"^\W*(hiba oka|ok|probléma)\W*:"],
        "no_longer": [r"\bmár nem\b", r"\btöbbé nem\b"],
        "function_words": [r"\b(és|az|a|hogy|nem|is|egy|van|most|már|mert|ami|csak|mind|ezt|meg|de|ha|így|után|előtt)\b", r"[őű]"],
        "fix_heading": [r"^\W*(javítás|megoldás|változás|fix)\b[^:]{0,40}:"],
        "new_tests": [r"\búj\b"],
        "without": [r"nélkül"],
        "tool_and": [r"\bés\b"],
        "script_noun": [r"\bszkript\w*"],
        "after": [r"\b(után|most|utána)\b"],
        "reproduce": [r"reprodukál\w*"],
    },
    "ro": {
        "negation": [r"\bnu\b", r"\bn-", r"\bniciodată\b", r"\bfără\b", r"\bnici\b"],
        "hypothetical": [r"\bdacă\b", r"\bar (fi|trebui|putea)\b", r"\bcând\b", r"\bimediat ce\b"],
        "but": [r"\bdar\b", r"\binsă\b", r"\bînsă\b"],
        "and": [r"\bși\b", r"\bşi\b"],
        "fixed": [
            r"\b(reparat|rezolvat|corectat|remediat)(ă|e|i)?\b",
            r"\bam (reparat|rezolvat|corectat|implementat|remediat)\b",
            r"\bfuncționează (acum|din nou|corect)\b",
            r"\bacum funcționează\b",
            r"^\W*(gata|terminat)\b",
            r"\bar trebui să (rezolve|repare|funcționeze)\b",
        ],
        "type_check": [r"\bverificare\w* (de )?tip\w*"],
        "lint_clean": [r"\bcurat\w*", r"\bfără (erori|avertismente|probleme)\b", r"\bnicio eroare\b", r"\btrece\b", r"\bverde\b"],
        "offer": [r"\bdacă vrei\b", r"\bspune-mi\b", r"\bpot (să|și)\b", r"\bvrei să\b", r"\bdoriți să\b"],
        "plan": [r"\bpașii următori\b", r"\brămâne de făcut\b", r"\bplan propus\b"],
        "tests_pass": [r"\btest\w*.{0,50}\b(trec|au trecut|trece|sunt verzi|verzi|reușesc)\b", r"\btotul (e |este )?verde\b"],
        "full": [r"\b(toate|toată|întreaga|tot|toți|complet\w*)\b", r"\bsuita\b"],
        "verified": [r"\b(am verificat|verificat|am confirmat|confirmat)\b"],
        "failure": [
            r"\b(eșuează|eșuat|pică|a picat|au picat|picat|cade|roșu)\b",
            r"\bîncă\b.{0,30}\b(eroare|eșu\w*|pică|nu)\b",
            r"\bnu (am testat|am rulat|am verificat)\b",
            r"\bparțial (rezolvat|reparat|corectat)\b",
            r"\bîncă nu\b",
        ],
        "blocked": [r"\bnu am (făcut|aplicat|implementat) (schimbarea|modificarea)\b", r"\b(nu este posibil|imposibil)\b", r"\bcontrazic\w*", r"\bîn conflict\b"],
        "noop": [r"\bnu (există|e) (niciun|nicio) (bug|eroare)\b", r"\bnu (e|este) nevoie de (nicio )?(schimbare|modificare)\b", r"\bfuncționează deja\b", r"\bnu am putut reproduce\b"],
        "unverified": [r"\bnu am (testat|rulat|verificat)\b", r"\b(netestat|neverificat)\w*"],
        "check_verb": [r"\b(testat|rulat|verificat|încercat|executat)\b"],
        "ran": [r"\bam (rulat|executat|încercat|testat|reluat|re-rulat)\b", r"\bam rulat din nou\b"],
        "suite_noun": [r"\bsuit\w*", r"\bsuite\b"],
        "test_noun": [r"(test\w*)"],
        "conditional": [r"\b(dacă|când)\b"],
        "before": [r"\b(înainte|anterior|inițial|reproduc\w*)\b"],
        "still": [r"\b(încă|tot)\b"],
        "cause_heading": [r"^\W*(cauz[aă]|problem[aă])\W*:"],
        "no_longer": [r"\bnu mai\b"],
        "function_words": [r"\b(și|în|la|de|cu|pe|că|nu|este|sunt|am|un|o|din|pentru|care|mai|acum|dacă|doar)\b", r"[ăâîșțş]"],
        "fix_heading": [r"^\W*(fix|remediere|soluți[ea]|modificare|modificări|schimbare)\b[^:]{0,40}:"],
        "new_tests": [r"\bno(i|u|ul)\b"],
        "without": [r"fără"],
        "tool_and": [r"\bși\b"],
        "script_noun": [r"\bscript\w*"],
        "after": [r"\b(după|acum|apoi)\b"],
        "reproduce": [r"reproduc\w*"],
    },
}


def _entry(neg, hyp, fixed, tests_pass, full, verified, failure, blocked, noop, unverified, ran, test, suite,
           lint_clean, offer, words, still, before, no_longer, cause, fix, new, after, script=None):
    """One language's phrases for the core concepts (a compact form for the languages added last)."""
    entry = {
        "negation": neg, "hypothetical": hyp, "conditional": hyp, "fixed": fixed, "tests_pass": tests_pass,
        "full": full, "verified": verified, "failure": failure, "blocked": blocked, "noop": noop,
        "unverified": unverified, "check_verb": ran, "ran": ran, "test_noun": test, "suite_noun": suite,
        "lint_clean": lint_clean, "offer": offer, "still": still, "before": before, "no_longer": no_longer,
        "cause_heading": cause, "fix_heading": fix, "new_tests": new, "after": after,
    }
    if script:
        entry["script"] = script
    else:
        entry["function_words"] = words
    return entry


W = r"\b"
MORE.update({
    "fi": _entry(
        [r"\b(en|ei|eivät|emme|et|ilman|koskaan)\b"], [r"\b(jos|kun|mikäli)\b", r"\w+isi\w*"],
        [r"\b(korjattu|korjasin|korjaantui|ratkaistu|ratkaisin|toteutin|toteutettu)\b", r"\btoimii (nyt|taas|oikein)\b", r"^\W*valmis\b", r"\bpitäisi (korjata|toimia)\b"],
        [r"\btest\w*.{0,50}\b(menevät läpi|meni läpi|menee läpi|läpäis\w*|vihreä\w*|onnistu\w*)\b", r"\bkaikki vihreää\b"],
        [r"\b(kaikki|koko|kaikkien|täysi)\b"], [r"\b(varmistin|tarkistin|vahvistin|varmistettu|tarkistettu)\b"],
        [r"\b(epäonnistu\w*|kaatuu|kaatui|punai\w*)\b", r"\bedelleen\b.{0,30}\b(virhe\w*|ei|kaatuu)\b", r"\bosittain (korjattu|ratkaistu)\b", r"\bei vielä\b"],
        [r"\b(en tehnyt|en toteuttanut) (muutosta|tätä muutosta)\b", r"\b(ei ole mahdollista|mahdoton\w*)\b", r"\bristiri\w*"],
        [r"\bei (ole )?(bugia|virhettä)\b", r"\bmuutosta ei tarvita\b", r"\btoimii jo\b", r"\ben (pystynyt|saanut) toistettua\b"],
        [r"\ben (testannut|ajanut|tarkistanut)\b", r"\b(testaamaton|tarkistamaton)\b"],
        [r"\b(ajoin|ajettu|suoritin|testasin|kokeilin|ajoin uudelleen)\b"], [r"(test\w*)"], [r"\b(testisarja\w*|suite)\b"],
        [r"\bpuhdas\b", r"\bei (virheitä|varoituksia)\b", r"\bmenee läpi\b"], [r"\bjos haluat\b", r"\bkerro\b", r"\bvoin (myös|lisätä)\b", r"\bhaluatko\b"],
        [r"\b(ja|on|ei|että|se|nyt|kun|myös|mutta|joka|tämä|ovat|kaikki|jo|vain|sen|oli)\b", r"[äö]"],
        [r"\b(edelleen|yhä|vielä)\b"], [r"\b(ennen|aiemmin|alun perin|toist\w*)\b"], [r"\bei enää\b"],
        [r"^\W*(syy|ongelma)\W*:"], [r"^\W*(korjaus|ratkaisu|muutos|muutokset|fix)\b[^:]{0,40}:"], [r"\buu(si|det|tta)\b"], [r"\b(jälkeen|nyt)\b"],
    ),
    "da": _entry(
        [r"\b(ikke|ingen|intet|aldrig|uden)\b"], [r"\b(hvis|ville|kunne|når|såfremt)\b"],
        [r"\b(rettet|fikset|løst|ordnet|implementeret)\b", r"\bvirker (nu|igen)\b", r"^\W*(færdig|klar)\b", r"\bburde (løse|virke)\b"],
        [r"\btest\w*.{0,50}\b(består|bestået|går igennem|gik igennem|grønne?|passerer)\b", r"\balt (er )?grønt\b"],
        [r"\b(alle|hele|samtlige|fulde)\b"], [r"\b(verificeret|bekræftet|kontrolleret|tjekket)\b"],
        [r"\b(fejler|fejlede|mislykkes|mislykkedes|rød\w*)\b", r"\bstadig\b.{0,30}\b(fejl\w*|ikke|rød)\b", r"\bdelvist (løst|rettet)\b", r"\bendnu ikke\b"],
        [r"\bikke (lavet|udført|indført) (ændringen|denne ændring)\b", r"\b(ikke muligt|umuligt)\b", r"\bmodstrid\w*", r"\bmodsig\w*"],
        [r"\b(ingen|ikke en) fejl\b", r"\bingen (ændring|kodeændring) (nødvendig|påkrævet)\b", r"\bvirker allerede\b", r"\bkunne ikke genskabe\b"],
        [r"\bikke (testet|kørt|verificeret|kontrolleret)\b", r"\b(utestet|uverificeret)\b"],
        [r"\b(kørte|kørt|testede|testet|prøvede|afviklede)\b"], [r"(test\w*)"], [r"\b(testsuite\w*|suite\w*)\b"],
        [r"\bren\b", r"\bingen (fejl|advarsler)\b", r"\bgrønt?\b"], [r"\bsig til\b", r"\bhvis du vil\b", r"\bskal jeg\b", r"\bjeg kan (også|gerne)\b"],
        [r"\b(og|at|det|er|ikke|jeg|som|en|på|for|med|har|af|til|også|så|alle|den|nu|men|kan)\b", r"[æø]"],
        [r"\b(stadig|fortsat|endnu)\b"], [r"\b(før|tidligere|oprindeligt|genskab\w*)\b"], [r"\bikke længere\b"],
        [r"^\W*(årsag|problem(et)?)\W*:"], [r"^\W*(rettelse|løsning|ændring(er)?|fix)\b[^:]{0,40}:"], [r"\bnye?\b"], [r"\b(efter|nu|bagefter)\b"],
    ),
    "no": _entry(
        [r"\b(ikke|ingen|intet|aldri|uten)\b"], [r"\b(hvis|ville|kunne|når|dersom)\b"],
        [r"\b(rettet|fikset|løst|ordnet|implementert)\b", r"\bfungerer (nå|igjen)\b", r"\bvirker (nå|igjen)\b", r"^\W*(ferdig|klart?)\b", r"\bburde (løse|fungere)\b"],
        [r"\btest\w*.{0,50}\b(består|bestått|går gjennom|gikk gjennom|grønne?|passerer)\b", r"\balt (er )?grønt\b"],
        [r"\b(alle|hele|samtlige|fulle)\b"], [r"\b(verifisert|bekreftet|kontrollert|sjekket)\b"],
        [r"\b(feiler|feilet|mislykkes|mislyktes|rød\w*)\b", r"\bfortsatt\b.{0,30}\b(feil\w*|ikke|rød)\b", r"\bdelvis (løst|rettet)\b", r"\bennå ikke\b"],
        [r"\bikke (gjort|utført|innført) (endringen|denne endringen)\b", r"\b(ikke mulig|umulig)\b", r"\bmotstrid\w*", r"\bmotsi\w*"],
        [r"\b(ingen|ikke en) feil\b", r"\bingen (endring|kodeendring) (nødvendig|trengs)\b", r"\bfungerer allerede\b", r"\bklarte ikke å gjenskape\b"],
        [r"\bikke (testet|kjørt|verifisert|kontrollert)\b", r"\b(utestet|uverifisert)\b"],
        [r"\b(kjørte|kjørt|testet|prøvde|testede)\b"], [r"(test\w*)"], [r"\b(testsuite\w*|suite\w*)\b"],
        [r"\bren\b", r"\bingen (feil|advarsler)\b", r"\bgrønt?\b"], [r"\bsi fra\b", r"\bhvis du vil\b", r"\bskal jeg\b", r"\bjeg kan (også|gjerne)\b"],
        [r"\b(og|at|det|er|ikke|jeg|som|en|på|for|med|har|av|til|også|så|alle|den|nå|men|kan)\b", r"[æø]"],
        [r"\b(fortsatt|fremdeles|ennå)\b"], [r"\b(før|tidligere|opprinnelig|gjenskap\w*)\b"], [r"\bikke lenger\b"],
        [r"^\W*(årsak|problem(et)?)\W*:"], [r"^\W*(retting|løsning|endring(er)?|fix)\b[^:]{0,40}:"], [r"\bnye?\b"], [r"\b(etter|nå|etterpå)\b"],
    ),
    "hr": _entry(  # Croatian / Serbian / Bosnian in Latin script
        [r"\b(ne|nije|nisu|nisam|nema|bez|nikad)\b"], [r"\b(ako|kad|kada|bi)\b"],
        [r"\b(ispravljen[oa]?|popravljen[oa]?|riješen[oa]?|rešen[oa]?|ispravio sam|popravio sam|implementirao sam)\b", r"\b(sada|opet) radi\b", r"\bradi (sada|ispravno)\b", r"^\W*gotovo\b"],
        [r"\btest\w*.{0,50}\b(prolaze|prošli|prolazi|prošao|zeleni)\b", r"\bsve (je )?zeleno\b"],
        [r"\b(svi|sve|cijel\w*|ceo|cel\w*|kompletn\w*)\b"], [r"\b(provjerio|proverio|potvrdio|provjereno|provereno)\b"],
        [r"\b(pada|pao|pali|neuspješ\w*|neuspeš\w*|crven\w*)\b", r"\bi dalje\b.{0,30}\b(greš\w*|ne|pada)\b", r"\bdjelomično|\bdelimično", r"\bjoš nije\b"],
        [r"\bnisam (napravio|uveo|primijenio) (promjenu|izmjenu|izmenu)\b", r"\b(nije moguće|nemoguće)\b", r"\bproturječ\w*|\bkontradik\w*"],
        [r"\bnema (greške|buga)\b", r"\bnije potrebna (promjena|izmena)\b", r"\bveć radi\b", r"\bnisam uspio reproducirati\b"],
        [r"\bnisam (testirao|pokrenuo|provjerio|proverio)\b", r"\b(netestiran\w*|neprovjeren\w*)\b"],
        [r"\b(pokrenuo|pokrenula|izvršio|testirao|isprobao|ponovio)\b"], [r"(test\w*)"], [r"\b(suite|skup test\w*)\b"],
        [r"\bčist\w*", r"\bbez (grešaka|upozorenja)\b", r"\bprolazi\b"], [r"\bako želiš\b", r"\bako želite\b", r"\bjavi\b", r"\bmogu (i|također)\b"],
        [r"\b(i|je|da|se|u|na|ne|sam|su|za|sa|od|to|sada|ali|koji|kao|još|samo)\b", r"[čćđšž]"],
        [r"\b(i dalje|još uvijek|još)\b"], [r"\b(prije|pre|ranije|prvobitno|reproduc\w*)\b"], [r"\bviše ne\b"],
        [r"^\W*(uzrok|problem)\W*:"], [r"^\W*(ispravak|popravak|rješenje|rešenje|izmjena|izmena|promjena|fix)\b[^:]{0,40}:"], [r"\bnov\w*"], [r"\b(nakon|poslije|posle|sada)\b"],
    ),
    "sk": _entry(
        [r"\b(nie|nie je|nebol\w*|bez|nikdy|žiadn\w*)\b", r"\bne(spustil|prešl|overil|testoval|funguj|opravil|vyrieš|skúsil)\w*"], [r"\b(ak|keby|by|keď)\b"],
        [r"\b(opraven[éáý]|opravil som|vyriešen[éáý]|vyriešil som|implementoval som)\b", r"\b(teraz|už) funguje\b", r"\bfunguje (správne|teraz)\b", r"^\W*hotovo\b"],
        [r"\btest\w*.{0,50}\b(prechádzajú|prešli|prechádza|prešiel|zelen\w*)\b", r"\bvšetko zelené\b"],
        [r"\b(všetk\w*|celá|celú|celý|kompletn\w*)\b"], [r"\b(overil|overené|potvrdil|skontroloval)\w*"],
        [r"\b(zlyháva|zlyhal\w*|padá|spadol|červen\w*)\b", r"\bstále\b.{0,30}\b(chyb\w*|nie|padá)\b", r"\bčiastočne\b", r"\bešte nie\b"],
        [r"\bzmenu som (neurobil|nevykonal)\b", r"\b(nie je možné|nemožné)\b", r"\bv rozpore\b|\brozpor\w*"],
        [r"\bžiadna chyba\b", r"\bnie je potrebná (žiadna )?zmena\b", r"\buž funguje\b", r"\bnepodarilo sa (mi )?reprodukovať\b"],
        [r"\bne(testoval|spustil|overil) som\b", r"\b(netestovan\w*|neoveren\w*)\b"],
        [r"\b(spustil|vykonal|otestoval|skúsil|zopakoval)\w*"], [r"(test\w*)"], [r"\b(sada test\w*|suite)\b"],
        [r"\bčist\w*", r"\bbez (chýb|varovaní)\b", r"\bprechádza\b"], [r"\bak chceš\b", r"\bak chcete\b", r"\bdaj vedieť\b", r"\bmôžem (aj|tiež)\b"],
        [r"\b(a|je|sa|na|že|nie|som|sú|pre|so|od|to|teraz|ale|ktor\w*|ako|ešte|len|aj)\b", r"[ľĺŕäô]"],
        [r"\b(stále|ešte)\b"], [r"\b(pred|predtým|pôvodne|reprodukov\w*)\b"], [r"\buž nie\b|\buž ne\w*"],
        [r"^\W*(príčina|problém)\W*:"], [r"^\W*(oprava|riešenie|zmena|zmeny|fix)\b[^:]{0,40}:"], [r"\bnov\w*"], [r"\b(po|teraz|potom)\b"],
    ),
    "ms": _entry(  # Malay (Indonesian is "id"; the two share most words)
        [r"\b(tidak|tak|belum|bukan|tanpa|jangan)\b"], [r"\b(jika|kalau|sekiranya|apabila)\b"],
        [r"\b(sudah|telah) (dibaiki|diperbaiki|diselesaikan|dilaksanakan)\b", r"\b(dibaiki|diselesaikan)\b", r"\b(kini|sekarang) berfungsi\b", r"^\W*siap\b"],
        [r"\b(ujian|test)\w*.{0,50}\b(lulus|berjaya|pass\w*|hijau)\b"], [r"\b(semua|keseluruhan|penuh)\b"],
        [r"\b(disahkan|telah mengesahkan|saya sahkan|diperiksa)\b"],
        [r"\b(gagal|masih gagal|merah)\b", r"\bmasih\b.{0,30}\b(ralat|gagal|tidak)\b", r"\bsebahagian\b", r"\bbelum lagi\b"],
        [r"\btidak (membuat|melaksanakan) perubahan\b", r"\b(tidak mungkin|mustahil)\b", r"\bbercanggah\b"],
        [r"\btiada (pepijat|ralat)\b", r"\btiada perubahan diperlukan\b", r"\bsudah berfungsi\b", r"\btidak dapat menghasilkan semula\b"],
        [r"\b(belum|tidak) (menguji|menjalankan|memeriksa)\b", r"\bbelum diuji\b"],
        [r"\b(menjalankan|jalankan|telah menjalankan|menguji|mencuba)\b"], [r"(ujian\w*|test\w*)"], [r"\b(suite|set ujian)\b"],
        [r"\bbersih\b", r"\btiada (ralat|amaran)\b", r"\blulus\b"], [r"\bjika anda mahu\b", r"\bberitahu\b", r"\bsaya boleh\b"],
        [r"\b(dan|yang|ini|itu|untuk|dengan|tidak|saya|ada|kini|sudah|juga|dalam|boleh|telah|tiada|ralat|ujian)\b"],
        [r"\b(masih|lagi)\b"], [r"\b(sebelum|asalnya|dahulu)\b"], [r"\btidak lagi\b"],
        [r"^\W*(punca|masalah)\W*:"], [r"^\W*(pembetulan|penyelesaian|perubahan|fix)\b[^:]{0,40}:"], [r"\bbaru\b"], [r"\b(selepas|kini|sekarang)\b"],
    ),
    "sw": _entry(
        [r"\b(si|sio|sija|haku\w*|hai\w*|bila|hapana)\b", r"\bsi\w*ku\w*"], [r"\b(kama|ikiwa|endapo)\b"],
        [r"\b(imerekebishwa|nimerekebisha|limerekebishwa|limetatuliwa|nimetatua|imetatuliwa)\b", r"\binafanya kazi (sasa|vizuri)\b", r"^\W*(tayari|imekamilika)\b"],
        [r"\b(majaribio|test\w*).{0,50}\b(yanapita|yamepita|inapita|zinapita|yamefaulu|pass\w*)\b"], [r"\b(yote|zote|wote|kamili)\b"],
        [r"\b(nimethibitisha|imethibitishwa|nimehakikisha)\b"],
        [r"\b(yanashindwa|imeshindwa|yameshindwa|inashindwa|nyekundu)\b", r"\bbado\b.{0,30}\b(hitilafu|ina\w*shindwa|si)\b", r"\bsehemu tu\b"],
        [r"\bsikufanya mabadiliko\b", r"\b(haiwezekani)\b", r"\binapingana\b"],
        [r"\bhakuna (hitilafu|kosa)\b", r"\bhakuna mabadiliko yanayohitajika\b", r"\btayari inafanya kazi\b"],
        [r"\bsija(jaribu|endesha|thibitisha)\b", r"\bhaija(jaribiwa|thibitishwa)\b"],
        [r"\b(niliendesha|nimeendesha|nilijaribu|nimejaribu)\b"], [r"(majaribio|jaribio|test\w*)"], [r"\b(suite|seti ya majaribio)\b"],
        [r"\bsafi\b", r"\bhakuna (makosa|onyo)\b"], [r"\bukitaka\b", r"\bniambie\b", r"\bninaweza pia\b"],
        [r"\b(na|ya|wa|kwa|ni|za|la|katika|hii|sasa|pia|lakini|kama|bado|hakuna|kwamba|zote|yote)\b"],
        [r"\bbado\b"], [r"\b(kabla|awali|hapo awali)\b"], [r"\bhai\w* tena\b"],
        [r"^\W*(sababu|tatizo)\W*:"], [r"^\W*(marekebisho|suluhisho|mabadiliko|fix)\b[^:]{0,40}:"], [r"\bmapya\b|\bmpya\b"], [r"\b(baada|sasa)\b"],
    ),
    "tl": _entry(
        [r"\b(hindi|wala|walang|huwag|di)\b"], [r"\b(kung|kapag|sakaling)\b"],
        [r"\b(naayos|inayos|naitama|nalutas|naresolba|na-?fix)\b", r"\bgumagana na\b", r"^\W*(tapos|ayos) na\b"],
        [r"\b(test\w*|pagsusuri)\b.{0,50}\b(pumasa|pasado|pumapasa|pass\w*|green)\b"], [r"\b(lahat|buong|kabuuan)\b"],
        [r"\b(na-?verify|napatunayan|kinumpirma|sinuri)\b"],
        [r"\b(bumagsak|nabigo|pumalya|fail\w*)\b", r"\bmay (error|mali) pa\b", r"\bbahagya\b|\bbahagi lang\b", r"\bhindi pa\b"],
        [r"\bhindi ko (ginawa|ipinatupad) ang pagbabago\b", r"\b(hindi posible|imposible)\b", r"\bsumasalungat\b"],
        [r"\bwalang (bug|mali)\b", r"\bwalang (kailangang )?baguhin\b", r"\bgumagana na (ito )?dati\b", r"\bhindi ko (ma-?reproduce|maulit)\b"],
        [r"\bhindi ko (pinatakbo|na-?test|sinubukan|na-?verify)\b", r"\bhindi pa (na-?test|nasubukan)\b"],
        [r"\b(pinatakbo|pinatakbo ko|sinubukan|ni-?run|na-?run|tinest)\b"], [r"(test\w*|pagsusuri)"], [r"\b(suite)\b"],
        [r"\bmalinis\b", r"\bwalang (error|babala)\b"], [r"\bkung gusto mo\b", r"\bsabihin mo\b", r"\bpuwede ko ring\b"],
        [r"\b(ang|ng|sa|na|ay|mga|at|ko|ito|hindi|lahat|para|pa|rin|lang|kung|nang|siya|may)\b"],
        [r"\b(pa rin|pa)\b"], [r"\b(bago|dati|noon)\b"], [r"\bhindi na\b"],
        [r"^\W*(sanhi|dahilan|problema)\W*:"], [r"^\W*(ayos|solusyon|pagbabago|fix)\b[^:]{0,40}:"], [r"\bbago(ng)?\b"], [r"\b(pagkatapos|ngayon)\b"],
    ),
    "bg": _entry(
        [B + r"(не|няма|без|никога|нито)" + E], [B + r"(ако|бих|би|когато)" + E],
        [B + r"(поправих|поправено|поправен[аи]?|оправих|оправено|решено|реших|коригирах|имплементирах)" + E, B + r"(вече|сега) работи" + E, B + r"работи (правилно|вече)" + E, r"^\W*готово" + E],
        [r"(тест\w*|test\w*).{0,50}" + B + r"(минават|минаха|преминават|преминаха|зелени|pass\w*)" + E], [B + r"(всички|целия|целият|пълния)" + E],
        [B + r"(проверих|потвърдих|проверено|потвърдено)" + E],
        [B + r"(пада|падат|провал\w*|неуспеш\w*|червен\w*)" + E, B + r"все още" + E + r".{0,30}(грешк\w*|не|пада)", B + r"частично" + E, B + r"още не" + E],
        [B + r"не (направих|въведох) (промяната|тази промяна)" + E, B + r"(не е възможно|невъзможно)" + E, B + r"противореч\w*"],
        [B + r"няма (грешка|бъг)" + E, B + r"не е нужна промяна" + E, B + r"вече работи" + E, B + r"не успях да възпроизведа" + E],
        [B + r"не (съм )?(тествах|пуснах|проверих|изпълних)" + E, B + r"(нетестван\w*|непроверен\w*)"],
        [B + r"(пуснах|изпълних|тествах|опитах|стартирах)" + E], [r"(тест\w*|test\w*)"], [B + r"(suite|тестовия пакет)" + E],
        [B + r"чист\w*", B + r"без (грешки|предупреждения)" + E, B + r"минава" + E], [B + r"ако искаш" + E, B + r"кажи" + E, B + r"мога (и|също)" + E],
        [], [B + r"(все още|още)" + E], [B + r"(преди|първоначално|възпроизвед\w*)" + E], [B + r"вече не" + E],
        [r"^\W*(причина|проблем)\W*:"], [r"^\W*(поправка|решение|промяна|промени|fix)[^:]{0,40}:"], [B + r"нов\w*"], [B + r"(след|сега)" + E],
        script=[r"ъ"],
    ),
    "th": _entry(
        [r"ไม่", r"ยังไม่", r"ไม่ได้", r"โดยไม่"], [r"ถ้า", r"หาก", r"จะ.{0,10}ได้"],
        [r"แก้(ไข)?(แล้ว|เสร็จ|เรียบร้อย)", r"(ได้)?แก้ไข.{0,20}แล้ว", r"ใช้งานได้แล้ว", r"ทำงานได้(แล้ว|ถูกต้อง)", r"เสร็จแล้ว"],
        [r"(เทสต์|ทดสอบ|test\w*).{0,50}(ผ่าน|pass\w*|เขียว)"], [r"ทั้งหมด", r"ทุก", r"ทั้งชุด"],
        [r"(ตรวจสอบ|ยืนยัน)(แล้ว|เรียบร้อย)"],
        [r"(ล้มเหลว|ไม่ผ่าน|fail\w*|พัง|สีแดง)", r"ยัง.{0,20}(ผิดพลาด|ไม่ผ่าน|พัง)", r"บางส่วน", r"ยังไม่"],
        [r"ไม่ได้(ทำ|แก้)การเปลี่ยนแปลง", r"(เป็นไปไม่ได้|ทำไม่ได้)", r"ขัดแย้ง"],
        [r"ไม่มี(บั๊ก|ข้อผิดพลาด)", r"ไม่ต้อง(แก้|เปลี่ยน)", r"ทำงานได้อยู่แล้ว", r"ทำซ้ำไม่ได้"],
        [r"ไม่ได้(รัน|ทดสอบ|ตรวจสอบ)", r"ยังไม่ได้(รัน|ทดสอบ)"],
        [r"(รัน|ทดสอบ|ลอง|เรียกใช้)(แล้ว|ดู)"], [r"(เทสต์|ทดสอบ|test\w*)"], [r"(ชุดทดสอบ|suite)"],
        [r"สะอาด", r"ไม่มี(ข้อผิดพลาด|คำเตือน)", r"ผ่าน"], [r"ถ้าต้องการ", r"บอกได้", r"สามารถ.{0,10}ให้ได้"],
        [], [r"ยัง"], [r"(ก่อน|เดิม)"], [r"ไม่.{0,10}อีกต่อไป", r"ไม่.{0,10}แล้ว"],
        [r"^\W*(สาเหตุ|ปัญหา)\W*:"], [r"^\W*(การแก้ไข|วิธีแก้|การเปลี่ยนแปลง|fix)[^:]{0,40}:"], [r"ใหม่"], [r"(หลัง|ตอนนี้)"],
        script=[r"[\u0e00-\u0e7f]"],
    ),
    "bn": _entry(
        [r"(না|নেই|নাই|ছাড়া|নি)" + E], [r"(যদি|হলে|তাহলে)"],
        [r"(ঠিক করেছি|ঠিক করা হয়েছে|ঠিক হয়েছে|সমাধান করেছি|সমাধান হয়েছে|fix করেছি)", r"এখন কাজ করছে"],
        [r"(টেস্ট|পরীক্ষা|test\w*).{0,50}(পাস|pass\w*|সফল)"], [r"(সব|সমস্ত|পুরো)"],
        [r"(যাচাই করেছি|নিশ্চিত করেছি|verify করেছি)"],
        [r"(ব্যর্থ|ফেল|fail\w*)", r"এখনও.{0,30}(ত্রুটি|না|ফেল)", r"আংশিক"],
        [r"পরিবর্তন (করিনি|করা হয়নি)", r"(সম্ভব নয়|অসম্ভব)", r"বিরোধ"],
        [r"কোনো (বাগ|ত্রুটি) নেই", r"পরিবর্তনের দরকার নেই", r"আগে থেকেই কাজ করছে"],
        [r"(চালাইনি|টেস্ট করিনি|যাচাই করিনি)"],
        [r"(চালিয়েছি|চালালাম|রান করেছি|চেষ্টা করেছি)"], [r"(টেস্ট|পরীক্ষা|test\w*)"], [r"(suite|স্যুট)"],
        [r"পরিষ্কার", r"কোনো (ত্রুটি|সতর্কতা) নেই"], [r"(চাইলে|জানাবেন|আমি .{0,20} পারি)"],
        [], [r"এখনও"], [r"(আগে|পূর্বে)"], [r"আর .{0,10}না"],
        [r"^\W*(কারণ|সমস্যা)\W*:"], [r"^\W*(সমাধান|পরিবর্তন|fix)[^:]{0,40}:"], [r"নতুন"], [r"(পরে|এখন)"],
        script=[r"[\u0980-\u09ff]"],
    ),
    "fa": _entry(
        [r"(?<!\w)(نه|نمی|ن\w+ام|نکردم|نشد|بدون|هیچ)"], [r"(?<!\w)(اگر|چنانچه|وقتی)(?!\w)"],
        [r"(درست شد|رفع شد|برطرف شد|اصلاح شد|درست کردم|رفع کردم|حل شد|پیاده‌?سازی کردم)", r"الان کار می‌?کند"],
        [r"(تست|آزمون|test\w*).{0,50}(پاس|pass\w*|موفق|قبول)"], [r"(?<!\w)(همه|تمام|کل)(?!\w)"],
        [r"(بررسی کردم|تأیید کردم|تایید کردم|verify کردم)"],
        [r"(شکست|خطا می‌?دهد|fail\w*|رد شد)", r"هنوز.{0,30}(خطا|نه|شکست)", r"بخشی"],
        [r"تغییر(ی)? (ندادم|اعمال نکردم)", r"(ممکن نیست|غیرممکن)", r"تناقض"],
        [r"(باگی|خطایی) (وجود ندارد|نیست)", r"نیازی به تغییر نیست", r"از قبل کار می‌?کند"],
        [r"(اجرا نکردم|تست نکردم|بررسی نکردم)"],
        [r"(اجرا کردم|تست کردم|امتحان کردم)"], [r"(تست|آزمون|test\w*)"], [r"(suite|مجموعه تست)"],
        [r"تمیز", r"(بدون|هیچ) (خطا|هشدار)"], [r"(اگر بخواهید|بگویید|می‌?توانم)"],
        [], [r"هنوز"], [r"(قبل|قبلاً|پیش از)"], [r"دیگر .{0,10}ن"],
        [r"^\W*(علت|مشکل)\W*:"], [r"^\W*(اصلاح|راه‌?حل|تغییر|fix)[^:]{0,40}:"], [r"جدید"], [r"(بعد|الان|اکنون)"],
        script=[r"[پچژگکی]"],
    ),
    "ur": _entry(
        [r"(?<!\w)(نہیں|نہ|بغیر|کبھی نہیں)(?!\w)"], [r"(?<!\w)(اگر|جب)(?!\w)"],
        [r"(ٹھیک کر دیا|ٹھیک ہو گیا|درست کر دیا|حل ہو گیا|حل کر دیا|fix کر دیا)", r"اب کام کر رہا"],
        [r"(ٹیسٹ|test\w*).{0,50}(پاس|pass\w*|کامیاب)"], [r"(?<!\w)(سب|تمام|پورا|پوری)(?!\w)"],
        [r"(تصدیق کر لی|چیک کر لیا|verify کر لیا)"],
        [r"(ناکام|فیل|fail\w*)", r"ابھی بھی.{0,30}(خرابی|نہیں|فیل)", r"جزوی"],
        [r"تبدیلی نہیں کی", r"(ممکن نہیں|ناممکن)", r"تضاد"],
        [r"کوئی (بگ|خرابی) نہیں", r"تبدیلی کی ضرورت نہیں", r"پہلے سے کام کر رہا"],
        [r"(نہیں چلائے|ٹیسٹ نہیں کیا|چیک نہیں کیا)"],
        [r"(چلایا|چلائے|رن کیا|آزمایا)"], [r"(ٹیسٹ|test\w*)"], [r"(suite|سوٹ)"],
        [r"صاف", r"کوئی (خرابی|انتباہ) نہیں"], [r"(اگر آپ چاہیں|بتائیں|میں .{0,20} سکتا)"],
        [], [r"ابھی بھی"], [r"(پہلے|اصل میں)"], [r"اب نہیں"],
        [r"^\W*(وجہ|مسئلہ)\W*:"], [r"^\W*(حل|تبدیلی|fix)[^:]{0,40}:"], [r"نئ"], [r"(بعد|اب)"],
        script=[r"[ٹڈڑںےہ]"],
    ),
})

for _lang, _table in MORE.items():
    for _concept, _fragments in _table.items():
        if _concept == "script":
            continue
        PHRASES.setdefault(_concept, {})[_lang] = list(_fragments)
# Scripts are tried in order: the Urdu and Persian letters before Arabic, Bulgarian's before Russian.
PHRASES["script"] = {
    **{lang: MORE[lang]["script"] for lang in ("ur", "fa", "bg", "th", "bn")},
    **PHRASES["script"],
}
