package captures

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
	"time"
)

// newCodec returns a Codec closed with the test.
func newCodec(t *testing.T) *Codec {
	t.Helper()
	c, err := NewCodec()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// testHead is the head of a page fetched in a test.
func testHead() *Head {
	return &Head{
		URL:           "https://news.example/2025/02/01/story",
		Fetched:       time.Date(2025, 2, 1, 9, 30, 0, 0, time.UTC),
		Status:        200,
		RequestHeader: http.Header{"User-Agent": {"depeche-test"}},
		Header:        http.Header{"Content-Type": {"text/html; charset=utf-8"}},
	}
}

// Captures of every size read back as packed, each packed in the buffers
// the one before gave back; the hash is that of the head's JSON, a
// newline and the body.
func TestPackedCapturesUnpack(t *testing.T) {
	c := newCodec(t)
	for _, n := range []int{0, 1, 100, 64 << 10, 3 << 20} { // the last is not pooled
		body := bytes.Repeat([]byte{'a' + byte(n%26)}, n)
		p, err := c.Pack(testHead(), body)
		if err != nil {
			t.Fatalf("Pack of %d bytes: %v", n, err)
		}
		head, gotBody, hash, err := c.Unpack(p.Record[lenSize:])
		if err != nil {
			t.Fatalf("Unpack of %d bytes: %v", n, err)
		}
		js, err := json.Marshal(testHead())
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(append(append(js, '\n'), body...))
		switch {
		case !reflect.DeepEqual(&head, testHead()) || !bytes.Equal(gotBody, body):
			t.Fatalf("%d bytes: Unpack = %+v and %d bytes, want what was packed", n, head, len(gotBody))
		case hash != p.Hash || hash != "sha256:"+hex.EncodeToString(sum[:]):
			t.Fatalf("%d bytes: hash %s, packed %s, want the sha256 of the uncompressed form", n, hash, p.Hash)
		}
		c.Release(&p)
	}
}

func TestPackCompresses(t *testing.T) {
	c := newCodec(t)
	body := bytes.Repeat([]byte("<p>A paragraph long enough to be worth compressing.</p>\n"), 50)
	p, err := c.Pack(testHead(), body)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(p.Record) - lenSize; n*5 > len(body) {
		t.Errorf("a %d-byte repetitive page packs to %d bytes, want less than a fifth", len(body), n)
	}
}

// The record is what File.Append takes: a length prefix, then the data
// Unpack reads.
func TestPackedRecordAppends(t *testing.T) {
	c := newCodec(t)
	f, _ := newFile(t)
	p, err := c.Pack(testHead(), []byte("<p>body</p>"))
	if err != nil {
		t.Fatal(err)
	}
	ref, err := f.Append(p.Record)
	if err != nil {
		t.Fatal(err)
	}
	data, err := f.Read(ref)
	if err != nil {
		t.Fatal(err)
	}
	if _, body, _, err := c.Unpack(data); err != nil || string(body) != "<p>body</p>" {
		t.Fatalf("Unpack of the appended record = %q, %v", body, err)
	}
}

func TestUnpackRefusesDamage(t *testing.T) {
	c := newCodec(t)
	noHeadEnd := c.enc.EncodeAll([]byte(`{"url":"x"}`), nil)
	badHead := c.enc.EncodeAll([]byte("{not json\nbody"), nil)
	for name, data := range map[string][]byte{"not-zstd": []byte("not zstd"), "no-end-of-head": noHeadEnd, "bad-head": badHead} {
		t.Run(name, func(t *testing.T) {
			if _, _, _, err := c.Unpack(data); err == nil {
				t.Fatal("Unpack: no error")
			}
		})
	}
}
