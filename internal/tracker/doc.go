// Package tracker is a client for the Pivotal Tracker API v5 and a reader of its CSV exports.
//
// The client is small on purpose: context-first read methods that ask for
// exactly the fields sprintlens uses, page through results the way Tracker
// pages them (X-Tracker-Pagination-* headers, negative offsets for done
// iterations), retry 429 and 5xx responses with backoff that honours
// Retry-After, and turn Tracker's error bodies into *APIError. The token is
// sent only in the X-TrackerToken header and never appears in an error or a
// log line.
//
// Tracker writes timestamps as ISO 8601 strings in REST responses but as
// epoch milliseconds in webhook bodies; Time reads both, so the same
// Activity type decodes either.
package tracker
