// Package migrations holds sprintlens's SQL migrations in tern's format
// (NNN_verb_noun.sql, up above the "---- create above / drop below ----"
// line, down below it), embedded so the binary carries its schema.
package migrations

import "embed"

// FS holds every *.sql migration.
//
//go:embed *.sql
var FS embed.FS
