// Package analysis turns Arabic text into search terms.
//
// Contract:
//   - Every Token's Start and End are byte offsets into the original input;
//     input[Start:End] is valid UTF-8 and covers the whole original word with
//     its diacritics, tatweel, invisible marks and clitics. No stage ever
//     changes the input before tokenization: all normalization happens on
//     terms.
//   - Tokens come in non-decreasing Position order (1-based). Stop words
//     leave gaps. Alternate readings of one ambiguous word share Position,
//     Start and End and follow the primary reading.
//   - Analysis is deterministic, stateless and safe for concurrent use.
//   - The bleve analyzers named by AnalyzerName and QueryAnalyzerName, and
//     the components below, are registered when this package is imported;
//     any binary that opens an index must import it.
//
// # Pipeline
//
// One pass over the input (the tokenizer) finds words and writes their L1
// form into one buffer: combining marks, tatweel and format characters
// (LRM, RLM, ALM, ZWJ, ZWNJ, soft hyphen, BOM, bidi embeddings and
// isolates) removed without splitting the word; compatibility forms
// decomposed (presentation forms, lam-alef, ﷲ; ﷺ and ﷽ become several
// words sharing the ligature's span); decomposed hamza and madda composed;
// Arabic-Indic and Persian digits in ASCII, with ٫ and ٬ inside numbers;
// Latin lowercased. A word splits where Arabic letters meet digits or
// another script (٢٠٢٤م → 2024, م; a bare clitic before Latin goes:
// بالـGPS → gps). Letters are not folded yet, so that stop words are
// matched on this form: the preposition على is a stop word, the name علي is
// not.
//
// The fold step then maps آ أ إ ٱ ٲ ٳ ٵ → ا, ى ی ې ے ئ → ي, ة ۀ ہ ۃ ە ھ → ه,
// ک ڪ → ك, ؤ → و. The light stemmer (Stem level) removes the article with
// the proclitics before it (ال وال بال كال فال لل ولل فلل وبال وكال فبال
// فكال; never a lone ب ف ك ل, never سي/ست), drops a final hamza after ي
// or و (شيء ≡ شئ ≡ شي), then removes suffixes to a fixed point
// (pronouns هما كما هم هن كم كن نا ها ه ي, ات ان ين ون وا يه), keeping at
// least three letters and restoring a teh marbuta written ت before a
// pronoun (سيارتي → سيار). A hamzated alef is never the article (ألوان). The
// forms of الله stem to الله; اللهم and compounds ending in الله are left
// alone, as are words marked KeyWord by bleve's keyword marker or listed in
// Options.Protected. Two cases are ambiguous and give two readings at one
// position: a leading و on a word of four letters or more (وزير → وزير,
// زير) and an article before two or three letters (الوان → وان, الو).
//
// # Levels
//
//   - Exact: the L1 form folded (normalized, unstemmed).
//   - Stem: Exact plus light stemming; the default for search.
//   - Vocal: like Exact but keeping the harakat (fatha, damma, kasra, the
//     three tanwin and shadda) in canonical order, so that a vocalized query
//     matches only the same vocalization. Sukun is dropped (it marks the
//     absence of a vowel and is written inconsistently). Uthmani open tanwin
//     forms fold to ordinary tanwin; Qur'anic annotation marks, small letters
//     and the dagger alef are handled as at the other levels.
//
// # Uthmani script
//
// A word carrying Uthmani-only signs (alef wasla, dagger alef, the Uthmani
// sukun, small waw or yeh, Qur'anic marks, open tanwin) is rewritten into
// ordinary spelling: the dagger alef is a written alef (ٱلۡكِتَٰبُ → الكتاب,
// ٱلصَّلَوٰةَ → الصلاة) except after alef maksura (عَلَىٰ → على) and in the
// words ordinary spelling also writes without it (هذا هذه هؤلاء ذلك كذلك
// لكن الرحمن إله أولئك, with their clitics and suffixes); ءا is آ
// (ٱلۡقُرۡءَانَ → القرآن, ءَامَنُواْ → آمنوا); a hamza on a tatweel is a
// hamza seat; a small yeh on a tatweel is ي (ٱلنَّبِيِّـۧنَ → النبيين);
// madda on a non-initial alef is only a long-vowel sign (جَآءَ, إِلَّآ); the
// vocative يٰ joined to the next word is the stop word يا plus that word
// (يَٰٓأَيُّهَا → يا, أيها); ٱلَّيۡلِ is الليل. Outside Uthmani words medial ءا
// stays, so إجراءات does not become اجرات.
//
// # Stop words and question words
//
// StopWords is our own list (stopwords.txt); a leading و or ف is also tried
// (وهذا, فإن) except for ولي, فهم and فقد. Options.StopWords replaces or
// disables it; StopList builds a list from a base with words added and
// removed, and an Analyzer's IsStopWord tests a word against its own list. QuestionWords (كم من ما ماذا متى أين لماذا كيف هل) are kept in
// documents; drop them from natural-language queries with
// Options.DropQuestionWords, the QueryAnalyzerName analyzers or
// IsQuestionWord.
//
// # Queries
//
// bleve does not analyze prefix, wildcard, regexp or fuzzy queries: use
// NormalizePrefix (المدرس → مدرس at Stem level, أحم → احم),
// NormalizeWildcard and NormalizeQueryTerm. Match queries over the Stem
// field should OR the terms that share a position (alternates); bleve's
// phrase queries already do.
//
// # bleve components
//
// Tokenizers "fahras" (L1 terms) and "fahras_vocal" (L1 with harakat);
// token filters "fahras_stop" (config "stop_words": list of words),
// "fahras_question", "fahras_fold" and "fahras_stem" (config "protected":
// list of words). A custom analyzer may insert bleve's keyword marker before
// fahras_stem. fahras_stem must come last: it reuses tokens freed by
// fahras_stop, and free tokens the tokenizer reserves, for alternates.
package analysis
