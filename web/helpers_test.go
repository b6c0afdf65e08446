package web

import (
	"bytes"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// The request helpers the handler tests share: serve a request, read a
// page's CSRF cookie and token as a browser keeps them, and send forms,
// JSON and uploads with them.

// csrfMeta finds the token every page carries for htmx and scripts.
var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

// setHeaders sets hdr, name and value pairs, on req.
func setHeaders(req *http.Request, hdr ...string) {
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
}

// serve runs req through h with the headers hdr and returns the response
// and its body.
func serve(h http.Handler, req *http.Request, hdr ...string) (*http.Response, string) {
	setHeaders(req, hdr...)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

// get requests path from h.
func get(t *testing.T, h http.Handler, path string, hdr ...string) (*http.Response, string) {
	t.Helper()
	return serve(h, httptest.NewRequest(http.MethodGet, path, nil), hdr...)
}

// setCookie is the cookie named name that res sets, or nil.
func setCookie(res *http.Response, name string) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// session is what a browser keeps from a page: the sl_csrf cookie and the
// token the page carries. Its zero value sends neither; one with only a
// cookie, or with a forged token, is how tests send a bad request.
type session struct {
	cookie *http.Cookie
	token  string
	// header sends the token in the X-CSRF-Token header, as htmx and
	// scripts do, rather than in the _csrf form field.
	header bool
}

// newSession GETs path and keeps its CSRF cookie and token.
func newSession(t *testing.T, h http.Handler, path string) session {
	t.Helper()
	res, body := get(t, h, path)
	return sessionOf(t, path, res, body)
}

// sessionOf keeps the CSRF cookie a page's response set and the token
// the page carries. It fails the test unless both are there and agree.
func sessionOf(t *testing.T, path string, res *http.Response, body string) session {
	t.Helper()
	c := setCookie(res, "sl_csrf")
	m := csrfMeta.FindStringSubmatch(body)
	if c == nil || m == nil || m[1] != c.Value {
		t.Fatalf("%s (status %d): CSRF cookie %v and meta token %q should both be set and match", path, res.StatusCode, c, m)
	}
	return session{cookie: c, token: m[1]}
}

// viaHeader is s sending its token in the X-CSRF-Token header.
func (s session) viaHeader() session {
	s.header = true
	return s
}

// send adds the session's cookie and, when it goes in a header, its token.
func (s session) send(h http.Handler, req *http.Request, hdr ...string) (*http.Response, string) {
	if s.cookie != nil {
		req.AddCookie(s.cookie)
	}
	if s.header && s.token != "" {
		req.Header.Set("X-CSRF-Token", s.token)
	}
	return serve(h, req, hdr...)
}

// post submits a form (nil: an empty one) with the session's cookie and
// token, as a browser does.
func (s session) post(t *testing.T, h http.Handler, path string, form url.Values, hdr ...string) (*http.Response, string) {
	t.Helper()
	form = maps.Clone(form)
	if form == nil {
		form = url.Values{}
	}
	if s.token != "" && !s.header {
		form.Set("_csrf", s.token)
	}
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return s.send(h, req, hdr...)
}

// postJSON posts a JSON body as the pages' scripts do: the token goes in
// the header (scripts with a bearer token need no session).
func (s session) postJSON(t *testing.T, h http.Handler, path, body string, hdr ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return s.viaHeader().send(h, req, hdr...)
}

// upload posts a multipart form of fields and, unless fileName is "",
// a "file" part holding file.
func (s session) upload(t *testing.T, h http.Handler, path string, fields map[string]string, fileName, file string, hdr ...string) (*http.Response, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fields = maps.Clone(fields)
	if fields == nil {
		fields = map[string]string{}
	}
	if s.token != "" && !s.header {
		fields["_csrf"] = s.token
	}
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if fileName != "" {
		fw, err := mw.CreateFormFile("file", fileName)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(fw, file); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return s.send(h, req, hdr...)
}
