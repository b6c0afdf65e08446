// Package ingest moves data from a source (a Tracker API v5 server or a
// CSV export) into the store, mapped to domain types, and records each
// run.
package ingest
