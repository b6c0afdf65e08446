// Package trackersim is a simulated Pivotal Tracker API v5 server for the
// demo, the tests and the benchmarks.
//
// Generate builds a deterministic Dataset: a Tokyo SRE team's year of weekly
// iterations whose history has the shape the sprintlens demo is about (coarse
// 5- and 8-point stories that carry over and bounce early on, finely split
// stories and a steady velocity later), plus a current iteration in progress,
// a planned backlog, an icebox and a few deleted stories. Every story carries a
// consistent history: activities with project versions and state transitions.
//
// New wraps a Dataset in an http.Handler that answers the read endpoints of
// /services/v5 with JSON shaped like the real API's (the recorded responses in
// shared/tracker-fixtures are the reference), including the X-Tracker-*
// pagination and version headers. Tests can change the data while the server
// runs (EditStory, AddStory, Reestimate, DeleteStory, AdvanceTime) and inject
// faults (FailNext, SetLatency, TruncateNext).
package trackersim
