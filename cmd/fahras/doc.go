// Command fahras is an Arabic full-text search engine: it analyzes text,
// bulk-loads collections into an index, searches them and serves them over
// HTTP. Run "fahras help" for the commands.
package main
