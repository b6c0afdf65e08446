package trackersim

import (
	"bytes"
	"encoding/json"
	"strings"
)

// fieldSet is a parsed `fields` parameter, honoured loosely: ":default"
// (or no parameter) gives the default representation, extra names add the
// optional fields the simulator knows, and a list without ":default" trims
// the response to the named fields plus the resource's key.
type fieldSet struct {
	defaults bool
	names    []string
	subs     map[string]fieldSet
}

func defaultFields() fieldSet { return fieldSet{defaults: true} }

func parseFields(s string) fieldSet {
	if strings.TrimSpace(s) == "" {
		return defaultFields()
	}
	f := fieldSet{subs: map[string]fieldSet{}}
	for _, item := range splitTop(s) {
		name, sub, nested := strings.Cut(item, "(")
		name = strings.TrimSpace(name)
		if name == ":default" {
			f.defaults = true
			continue
		}
		if name == "" {
			continue
		}
		f.names = append(f.names, name)
		if nested {
			f.subs[name] = parseFields(strings.TrimSuffix(sub, ")"))
		}
	}
	return f
}

// splitTop splits on commas outside parentheses.
func splitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// has reports whether name was asked for explicitly.
func (f fieldSet) has(name string) bool {
	for _, n := range f.names {
		if n == name {
			return true
		}
	}
	return false
}

// hasOrDefault reports whether a default field belongs in the response.
func (f fieldSet) hasOrDefault(name string) bool { return f.defaults || f.has(name) }

// sub is the selection nested under name, e.g. stories(id,name).
func (f fieldSet) sub(name string) fieldSet {
	if s, ok := f.subs[name]; ok {
		return s
	}
	return defaultFields()
}

// render marshals v, trimmed to the selection when it has no ":default";
// key (the resource id) is always kept, as Tracker does.
func (f fieldSet) render(v any, key string) (json.RawMessage, error) {
	b, err := marshal(v)
	if err != nil || f.defaults {
		return b, err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.WriteByte('{')
	first := true
	for _, name := range append([]string{key}, f.names...) {
		val, ok := all[name]
		if !ok || (name == key && !first) {
			continue
		}
		if !first {
			out.WriteByte(',')
		}
		first = false
		k, _ := marshal(name)
		out.Write(k)
		out.WriteByte(':')
		out.Write(val)
		delete(all, name)
	}
	out.WriteByte('}')
	return out.Bytes(), nil
}

// marshal is json.Marshal without HTML escaping (Tracker writes '&' and
// '<' as they are).
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
