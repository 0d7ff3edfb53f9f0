// Package client is a small typed Go client of the fahras HTTP API: index
// management (schema changes and their tasks, aliases, snapshots), search,
// documents, streamed bulk loading (JSON Lines or a JSON array, with the
// server's summary) and analysis.
//
// It depends only on the standard library: its types mirror the API's
// JSON instead of importing the engine's packages. Errors the server
// answers are *Error values carrying the status, the stable code and the
// message.
//
//	c := client.New("http://127.0.0.1:8080")
//	res, err := c.Search(ctx, "quran", client.Request{Query: "الرحمن"})
package client
