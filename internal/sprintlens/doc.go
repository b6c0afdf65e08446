// Package sprintlens is the domain of sprintlens: projects, iterations,
// stories and their history, the metrics computed from them (velocity,
// commitment, carry-over, cycle time, granularity warnings) and OKRs.
//
// It imports only the standard library. Storage, HTTP and the Tracker API
// live in adapters around it (internal/postgres, web, internal/tracker).
package sprintlens
