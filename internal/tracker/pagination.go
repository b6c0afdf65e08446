package tracker

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// maxPages stops a listing that never ends (a server that keeps sending full
// pages). 10,000 pages of 500 stories is far beyond any real project.
const maxPages = 10000

// Pagination is what Tracker said about one page, from its response headers.
// Total can exceed what the listing actually returns, so the client never
// pages on Total alone.
type Pagination struct {
	// Paginated is false when the response had no X-Tracker-Pagination-*
	// headers: the endpoint returned the whole list.
	Paginated bool
	Total     int
	Limit     int
	Offset    int // negative for done iterations counted back from the latest
	Returned  int
	// ProjectVersion is X-Tracker-Project-Version (0 when absent): the
	// project's version when the page was read.
	ProjectVersion int64

	offsetSent bool // the server reported Offset (a bare 0 is ambiguous)
}

func parsePagination(h http.Header) Pagination {
	var p Pagination
	num := func(name string) int {
		v := h.Get(name)
		if v == "" {
			return 0
		}
		p.Paginated = true
		n, _ := strconv.Atoi(v)
		return n
	}
	p.Total = num("X-Tracker-Pagination-Total")
	p.Limit = num("X-Tracker-Pagination-Limit")
	p.Offset = num("X-Tracker-Pagination-Offset")
	p.offsetSent = h.Get("X-Tracker-Pagination-Offset") != ""
	p.Returned = num("X-Tracker-Pagination-Returned")
	p.ProjectVersion, _ = strconv.ParseInt(h.Get("X-Tracker-Project-Version"), 10, 64)
	return p
}

// pageSpec says where a listing starts and how items are told apart.
type pageSpec[T any, K comparable] struct {
	offset int // first offset; negative counts back from the end (done iterations)
	limit  int
	key    func(T) K // identity for dropping items seen on an earlier page
}

// listPages walks a paginated listing from spec.offset and hands each page
// of not-yet-seen items to fn. It stops on an empty page, a short page, the
// end of a negative-offset window, or the reported Total, whichever comes
// first, and fails rather than loop when the offset stops advancing.
func listPages[T any, K comparable](ctx context.Context, c *Client, k call, spec pageSpec[T, K], fn func([]T, Pagination) error) error {
	seen := make(map[K]bool)
	offset := spec.offset
	for page := 0; ; page++ {
		if page == maxPages {
			return fmt.Errorf("%s: stopped after %d pages", k, maxPages)
		}
		q := url.Values{}
		for name, v := range k.query {
			q[name] = v
		}
		q.Set("limit", strconv.Itoa(spec.limit))
		if offset != 0 {
			q.Set("offset", strconv.Itoa(offset))
		}
		pk := k
		pk.query = q
		var items []T
		pg, err := c.get(ctx, pk, &items)
		if err != nil {
			return err
		}
		if !pg.offsetSent {
			pg.Offset = offset
		}
		fresh := items[:0:0]
		for _, it := range items {
			if id := spec.key(it); !seen[id] {
				seen[id] = true
				fresh = append(fresh, it)
			}
		}
		if len(items) > 0 && len(fresh) == 0 {
			return fmt.Errorf("%s at offset %d: page repeats items already read; the offset is not advancing", k, offset)
		}
		if len(fresh) > 0 {
			if err := fn(fresh, pg); err != nil {
				return err
			}
		}
		next, more := nextOffset(spec.limit, len(items), pg)
		if !more {
			return nil
		}
		if next <= offset {
			return fmt.Errorf("%s: offset did not advance (asked %d, server reported %d, next %d)", k, offset, pg.Offset, next)
		}
		offset = next
	}
}

// nextOffset decides whether another page exists and where it starts.
func nextOffset(limit, got int, pg Pagination) (int, bool) {
	if got == 0 || !pg.Paginated {
		return 0, false
	}
	if pg.Limit > 0 {
		limit = pg.Limit // the server may cap what we asked for
	}
	if got < limit {
		return 0, false
	}
	// Continue from where the server says this page started, not from
	// where we asked: a server that ignores offset is then caught by the
	// "did not advance" check instead of looping.
	at := pg.Offset
	if at < 0 {
		// Done iterations: offset -N starts N before the end. A window wider
		// than the whole list starts at its beginning.
		if pg.Total > 0 && -at > pg.Total {
			at = -pg.Total
		}
		next := at + got
		return next, next < 0
	}
	next := at + got
	if pg.Total > 0 && next >= pg.Total {
		return 0, false
	}
	return next, true
}
