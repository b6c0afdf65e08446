// Package authtest is an in-process OpenID Connect provider for tests:
// discovery and a JWKS with a freshly generated RSA key (served by go-oidc's
// oidctest), an authorization endpoint that signs in whoever the test
// chooses, and a token endpoint that checks the client secret, the code
// and the PKCE verifier before returning a signed ID token.
package authtest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/coreos/go-oidc/v3/oidc/oidctest"
)

// Identity is who the provider signs in at the next authorization.
type Identity struct {
	Email string
	Name  string
	// EmailVerified is sent as the email_verified claim unless nil.
	EmailVerified *bool
	// Deny makes the provider send the browser back with error=access_denied.
	Deny bool
	// Nonce, when set, replaces the nonce the client asked for (a replay).
	Nonce string
	// Audience, when set, replaces the client id in the aud claim.
	Audience string
}

// Provider is a running fake provider.
type Provider struct {
	// URL is the issuer.
	URL                    string
	ClientID, ClientSecret string

	key *rsa.PrivateKey
	srv *httptest.Server

	mu      sync.Mutex
	next    Identity
	grants  map[string]grant
	secrets []string
}

type grant struct {
	who                        Identity
	nonce, challenge, redirect string
}

const keyID = "authtest-key"

// New starts a provider for one client; it stops when the test ends.
func New(t testing.TB, clientID, clientSecret string) *Provider {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &Provider{ClientID: clientID, ClientSecret: clientSecret, key: key, grants: map[string]grant{}}
	disc := &oidctest.Server{PublicKeys: []oidctest.PublicKey{{PublicKey: key.Public(), KeyID: keyID, Algorithm: oidc.RS256}}}
	mux := http.NewServeMux()
	mux.Handle("/.well-known/openid-configuration", disc)
	mux.Handle("/keys", disc)
	mux.HandleFunc("GET /auth", p.authorize)
	mux.HandleFunc("POST /token", p.token)
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	disc.SetIssuer(p.srv.URL)
	p.URL = p.srv.URL
	return p
}

// SignInAs sets who the next authorization signs in.
func (p *Provider) SignInAs(who Identity) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.next = who
}

// Secrets lists every code, access token and ID token the provider has
// issued, for tests that check none of them leaks.
func (p *Provider) Secrets() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.secrets...)
}

func random() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// authorize plays the provider's login page: it approves at once.
func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != p.ClientID || q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" {
		http.Error(w, "bad authorization request", http.StatusBadRequest)
		return
	}
	back, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || back.Host == "" {
		http.Error(w, "bad redirect_uri", http.StatusBadRequest)
		return
	}
	p.mu.Lock()
	who := p.next
	out := url.Values{"state": {q.Get("state")}}
	if who.Deny {
		out.Set("error", "access_denied")
	} else {
		code := random()
		p.grants[code] = grant{who: who, nonce: q.Get("nonce"), challenge: q.Get("code_challenge"), redirect: q.Get("redirect_uri")}
		p.secrets = append(p.secrets, code)
		out.Set("code", code)
	}
	p.mu.Unlock()
	back.RawQuery = out.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

// token redeems a code once, for the right client, redirect and verifier.
func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	fail := func(code string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": code})
	}
	if err := r.ParseForm(); err != nil {
		fail("invalid_request")
		return
	}
	id, secret, ok := r.BasicAuth()
	if ok {
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != p.ClientID || secret != p.ClientSecret {
		fail("invalid_client")
		return
	}
	p.mu.Lock()
	code := r.PostForm.Get("code")
	g, found := p.grants[code]
	delete(p.grants, code)
	p.mu.Unlock()
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	if !found || r.PostForm.Get("grant_type") != "authorization_code" || r.PostForm.Get("redirect_uri") != g.redirect ||
		base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
		fail("invalid_grant")
		return
	}
	claims := map[string]any{
		"iss": p.URL, "aud": p.ClientID, "sub": "sub-" + g.who.Email,
		"iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix(),
		"nonce": g.nonce, "email": g.who.Email,
	}
	if g.who.Name != "" {
		claims["name"] = g.who.Name
	}
	if g.who.EmailVerified != nil {
		claims["email_verified"] = *g.who.EmailVerified
	}
	if g.who.Nonce != "" {
		claims["nonce"] = g.who.Nonce
	}
	if g.who.Audience != "" {
		claims["aud"] = g.who.Audience
	}
	raw, _ := json.Marshal(claims)
	idToken := oidctest.SignIDToken(p.key, keyID, oidc.RS256, string(raw))
	access := random()
	p.mu.Lock()
	p.secrets = append(p.secrets, idToken, access)
	p.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"access_token": access, "token_type": "Bearer", "expires_in": 3600, "id_token": idToken,
	})
}
