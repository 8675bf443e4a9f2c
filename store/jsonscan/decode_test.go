package jsonscan

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// sample has a field of every kind the Scanner reads.
type sample struct {
	Name  string    `json:"name"`
	Tags  []string  `json:"tags"`
	When  time.Time `json:"when"`
	Delta int       `json:"delta"`
	Count uint64    `json:"count"`
	Pairs []pair    `json:"pairs"`
}

// pair is an object nested in sample.
type pair struct {
	Key   string `json:"k"`
	Value string `json:"v"`
}

// sampleFields reads sample.
func sampleFields() []Field[sample] {
	return []Field[sample]{
		{Key: "name", Read: func(s *Scanner, v *sample) bool { return s.Str(&v.Name) }},
		{Key: "tags", Read: func(s *Scanner, v *sample) bool { return s.Strings(&v.Tags) }},
		{Key: "when", Read: func(s *Scanner, v *sample) bool { return s.Time(&v.When) }},
		{Key: "delta", Read: func(s *Scanner, v *sample) bool { return s.Int(&v.Delta) }},
		{Key: "count", Read: func(s *Scanner, v *sample) bool { return s.Uint(&v.Count) }},
		{Key: "pairs", Read: func(s *Scanner, v *sample) bool { return readPairs(s, &v.Pairs) }},
	}
}

// readPairs reads an array of pairs, as json.Unmarshal does.
func readPairs(s *Scanner, p *[]pair) bool {
	if s.Null() {
		*p = nil
		return true
	}
	out := []pair{}
	ok := s.Array(func() bool {
		var pr pair
		ok := s.Object(func(key []byte) bool {
			switch string(key) {
			case "k":
				return s.Str(&pr.Key)
			case "v":
				return s.Str(&pr.Value)
			}
			return false
		})
		out = append(out, pr)
		return ok
	})
	*p = out
	return ok
}

// checkDecode decodes raw and, when Decode accepts it, fails unless
// json.Unmarshal decodes the same. It returns whether Decode accepted raw.
func checkDecode(t *testing.T, raw string) bool {
	t.Helper()
	var got sample
	if !Decode([]byte(raw), sampleFields(), &got) {
		return false
	}
	var want sample
	if err := json.Unmarshal([]byte(raw), &want); err != nil {
		t.Fatalf("Decode accepted %s, which json.Unmarshal refuses: %v", raw, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Decode of %s:\n got %+v\nwant %+v", raw, got, want)
	}
	return true
}

// marshalled is what json.Marshal writes for a sample with every field set
// and every kind of character it escapes.
func marshalled(t testing.TB) string {
	t.Helper()
	odd := "quote \" backslash \\ <b>&amp;</b> \b\f\n\r\t \x00\x1f\x7f é € 😀 \u2028 \xff"
	raw, err := json.Marshal(sample{
		Name: odd, Tags: []string{odd, ""}, When: time.Date(2025, 3, 1, 12, 0, 0, 5, time.FixedZone("", 3600)),
		Delta: -42, Count: 1<<64 - 1, Pairs: []pair{{Key: odd}, {}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func TestDecode(t *testing.T) {
	full := marshalled(t)
	tests := []struct {
		name   string
		raw    string
		accept bool
	}{
		{"what-marshal-writes", full, true},
		{"empty-object", `{}`, true},
		{"empty-arrays", `{"tags":[],"pairs":[]}`, true},
		{"white-space", " {\n\t\"name\" : \"n\" ,\r\"delta\": -0 } ", true},
		{"keys-out-of-order", `{"count":4,"name":"n","tags":["a"]}`, true},
		{"null-values", `{"name":null,"tags":null,"when":null,"delta":null,"count":null,"pairs":null}`, true},
		{"null-element", `{"pairs":[null]}`, false},
		{"key-in-other-case", `{"Name":"n"}`, false},
		{"unknown-key", `{"name":"n","rating":5}`, false},
		{"repeated-key", `{"name":"a","name":"b"}`, false},
		{"escaped-key", `{"n\u0061me":"n"}`, false},
		{"surrogate-pair", `{"name":"\ud83d\ude00"}`, false},
		{"invalid-utf8", "{\"name\":\"\xff\"}", false},
		{"raw-control-character", "{\"name\":\"a\x01\"}", false},
		{"unknown-escape", `{"name":"\q"}`, false},
		{"fraction", `{"delta":1.0}`, false},
		{"exponent", `{"count":1e3}`, false},
		{"leading-zero", `{"count":01}`, false},
		{"negative-unsigned", `{"count":-1}`, false},
		{"overflow", `{"count":18446744073709551616}`, false},
		{"escaped-time", `{"when":"2025-01-01T00:00:00\u005a"}`, false},
		{"bad-time", `{"when":"yesterday"}`, false},
		{"trailing-value", full + `{}`, false},
		{"trailing-comma", `{"name":"n",}`, false},
		{"not-an-object", `["name"]`, false},
		{"truncated", full[:len(full)/2], false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := checkDecode(t, tt.raw); got != tt.accept {
				t.Errorf("Decode accepted %s: %v, want %v", tt.raw, got, tt.accept)
			}
		})
	}
}

func TestDecodeRefusesTooManyFields(t *testing.T) {
	fields := make([]Field[sample], maxFields+1)
	for i := range fields {
		fields[i] = Field[sample]{Key: string(rune('a' + i)), Read: func(s *Scanner, v *sample) bool { return s.Str(&v.Name) }}
	}
	var v sample
	if Decode([]byte(`{}`), fields, &v) {
		t.Fatalf("Decode with %d fields accepted, want refused", len(fields))
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(marshalled(f))
	f.Add(`{"pairs":[{"k":"a"},{}],"delta":-0,"tags":[]}`)
	f.Fuzz(func(t *testing.T, raw string) {
		checkDecode(t, raw)
	})
}
