package captures

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// newFile opens a writer on a new captures file in a temporary directory.
func newFile(t *testing.T) (*File, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "archive.captures")
	f, err := Open(path, 0, false)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f, path
}

// record is a record of the file holding data, as Codec.Pack lays it out.
func record(data string) []byte {
	return append(binary.BigEndian.AppendUint32(nil, uint32(len(data))), data...)
}

// appendSynced appends the records of data to f, syncs them and returns
// their refs.
func appendSynced(t *testing.T, f *File, data ...string) []Ref {
	t.Helper()
	var refs []Ref
	for _, d := range data {
		ref, err := f.Append(record(d))
		if err != nil {
			t.Fatalf("Append: %v", err)
		}
		refs = append(refs, ref)
	}
	if err := f.Sync(refs[len(refs)-1].End()); err != nil {
		t.Fatalf("Sync: %v", err)
	}
	return refs
}

// size returns the size of the file at path.
func size(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

func TestAppendedCapturesReadBack(t *testing.T) {
	f, path := newFile(t)
	refs := appendSynced(t, f, "first", "", "third")
	for i, want := range []string{"first", "", "third"} {
		got, err := f.Read(refs[i])
		if err != nil || string(got) != want {
			t.Fatalf("Read(%+v) = %q, %v; want %q", refs[i], got, err, want)
		}
	}
	if refs[0].Offset != int64(len(Magic)) {
		t.Errorf("the first capture is at %d, want just past the magic (%d)", refs[0].Offset, len(Magic))
	}
	if got, ok := f.Size(); !ok || got != size(t, path) || got != refs[2].End() {
		t.Errorf("Size = %d, %v; want %d", got, ok, refs[2].End())
	}
}

// A writer cuts what lies past the committed end (captures a stopped
// process never committed); a reader leaves it, as a writer may be about
// to commit it.
func TestOpenCutsUncommittedTail(t *testing.T) {
	tests := []struct {
		name     string
		readOnly bool
		cut      bool
	}{
		{"writer-cuts", false, true},
		{"reader-leaves", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, path := newFile(t)
			refs := appendSynced(t, f, "committed", "never committed")
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
			before := size(t, path)
			g, err := Open(path, refs[0].End(), tt.readOnly)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer g.Close()
			if cut := size(t, path) != before; cut != tt.cut {
				t.Fatalf("file cut to %d bytes from %d: %v, want %v", size(t, path), before, cut, tt.cut)
			}
			if got, err := g.Read(refs[0]); err != nil || string(got) != "committed" {
				t.Fatalf("Read of the committed capture = %q, %v", got, err)
			}
		})
	}
}

// A writer starts a file only for an archive without captures; a reader
// goes on without one, and says so when asked for a capture.
func TestOpenWithoutFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "archive.captures")
	_, err := Open(path, 1000, false)
	if !errors.Is(err, ErrMissing) || !strings.Contains(err.Error(), "create it empty") {
		t.Fatalf("writable Open of a missing file with 1000 committed bytes: %v, want ErrMissing and the way on", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the refused Open created the file: %v", err)
	}
	r, err := Open(path, 1000, true)
	if err != nil {
		t.Fatalf("read-only Open of a missing file: %v", err)
	}
	if _, err := r.Read(Ref{Offset: int64(len(Magic)), Length: 1}); err == nil || !strings.Contains(err.Error(), path+" is missing") {
		t.Fatalf("Read without the file: %v, want it to say the file is missing", err)
	}
	if err := r.CopyTo(&bytes.Buffer{}, 10); err == nil || !strings.Contains(err.Error(), "is missing") {
		t.Fatalf("CopyTo without the file: %v, want it to say the file is missing", err)
	}
}

func TestOpenRefusesOtherFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "archive.captures")
	if err := os.WriteFile(path, []byte("something else entirely"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, readOnly := range []bool{false, true} {
		f, err := Open(path, 0, readOnly)
		if !errors.Is(err, ErrFormat) {
			if f != nil {
				_ = f.Close()
			}
			t.Errorf("Open(read-only %v) of another kind of file: %v, want ErrFormat", readOnly, err)
		}
	}
}

func TestReadOfDamage(t *testing.T) {
	f, _ := newFile(t)
	ref := appendSynced(t, f, "0123456789")[0]
	tests := []struct {
		name string
		ref  Ref
		want string
	}{
		{"past-the-end", Ref{Offset: ref.End(), Length: 4}, "the file ends before it"},
		{"other-length", Ref{Offset: ref.Offset, Length: 9}, "10 bytes there, 9 recorded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := f.Read(tt.ref); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Read(%+v) = %v, want an error with %q", tt.ref, err, tt.want)
			}
		})
	}
}

func TestCopyToCopiesCommittedPart(t *testing.T) {
	f, path := newFile(t)
	refs := appendSynced(t, f, "committed", "past the end")
	var buf bytes.Buffer
	if err := f.CopyTo(&buf, refs[0].End()); err != nil {
		t.Fatalf("CopyTo: %v", err)
	}
	whole, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), whole[:refs[0].End()]) {
		t.Fatalf("CopyTo wrote %q, want the file's first %d bytes", buf.Bytes(), refs[0].End())
	}
	if err := f.CopyTo(&buf, int64(len(whole))+1); err == nil {
		t.Fatal("CopyTo past the file's end: no error")
	}
}

func TestRefRoundTrips(t *testing.T) {
	ref := Ref{Offset: 1 << 40, Length: 1<<32 - 1}
	got, err := ParseRef(ref.Bytes())
	if err != nil || got != ref {
		t.Fatalf("ParseRef(Bytes()) = %+v, %v; want %+v", got, err, ref)
	}
	if _, err := ParseRef(ref.Bytes()[1:]); err == nil {
		t.Fatal("ParseRef of 11 bytes: no error")
	}
}
