// Package analysis turns Arabic text into search terms.
//
// Contract:
//   - Every Token's Start and End are byte offsets into the original input;
//     input[Start:End] is valid UTF-8 and covers the whole original word with
//     its diacritics, tatweel, invisible marks and clitics. No stage ever
//     changes the input before tokenization.
//   - Tokens come in non-decreasing Position order (1-based). Alternate
//     readings of one ambiguous word share Position, Start and End.
//   - Analysis is deterministic, stateless and safe for concurrent use.
//   - The bleve analyzers named by AnalyzerName are registered when this
//     package is imported; any binary that opens an index must import it.
package analysis
