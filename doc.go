// Package fahras holds what the fahras binary ships besides code: the demo
// collection, the Qur'an (Uthmani script, fully diacritized, 6,236 verses),
// embedded verbatim with its license. See testdata/README.md for its
// attribution. The package only embeds; it imports none of fahras's
// packages, so any of them may use it.
package fahras
