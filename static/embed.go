// Package static holds sprintlens's CSS, JavaScript and the vendored
// front-end libraries (see vendor/VERSIONS.md), embedded in the binary.
// Asset URLs carry a content hash so browsers may cache them for a year.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"sync"
)

// FS holds every static file.
//
//go:embed css js vendor
var FS embed.FS

var (
	hashOnce sync.Once
	hashes   map[string]string
)

// URL returns the cache-busting URL of an asset ("css/app.css" →
// "/static/css/app.css?v=1a2b3c4d5e6f"). An unknown name gets no version,
// so a typo shows up as a 404 instead of a stale file.
func URL(name string) string {
	hashOnce.Do(computeHashes)
	if h, ok := hashes[name]; ok {
		return "/static/" + name + "?v=" + h
	}
	return "/static/" + name
}

func computeHashes() {
	hashes = map[string]string{}
	_ = fs.WalkDir(FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := FS.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		hashes[path] = hex.EncodeToString(sum[:6])
		return nil
	})
}
