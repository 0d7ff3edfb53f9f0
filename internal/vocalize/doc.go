// Package vocalize adds harakat to unvocalized Arabic text. It exists to
// build fully diacritized variants of test collections, so that retrieval
// can be checked to be independent of vocalization: each word gets the
// vocalization it has in a learned vocalized text (the Qur'an) when the same
// letters occur there, and rule-based harakat otherwise.
package vocalize
