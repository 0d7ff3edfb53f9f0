// Package highlight is the highlighter of fahras. It works on the matched
// words of a field's stored value (spans: byte offsets, which the analyzer
// makes cover the whole original word with its diacritics and clitics, as
// the index's term locations give them) and cuts fragments from the stored
// text; it knows neither bleve nor the index. Contract (Field):
//
//   - a fragment holds at most FragmentSize characters (runes), unless one
//     matched word is longer, and starts and ends on word boundaries;
//   - every matched word in it is wrapped in PreTag/PostTag; all other text
//     is HTML-escaped (the tags are inserted as given);
//   - the best fragments come first: most distinct matched terms, then most
//     matches, then earliest;
//   - a field without a match has no fragment;
//   - Matches lists every matched word of the field, fragment or not, in
//     bytes, runes and UTF-16 code units of the stored value.
//
// A text field holding an array of strings is highlighted element by
// element: its fragments are the best over all elements, and each of its
// matches names its element (Match.Element).
package highlight
