package worddiff

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// join gives back the side of ops that kind k hides.
func join(ops []Op, hide Kind) string {
	var b strings.Builder
	for _, op := range ops {
		if op.Kind != hide {
			b.WriteString(op.Text)
		}
	}
	return b.String()
}

func TestDiffOneWordChanged(t *testing.T) {
	old := "The flood left 12 families without a roof in the valley."
	new := "The flood left 15 families without a roof in the valley."
	ops := Diff(old, new)
	want := []Op{
		{Equal, "The flood left "},
		{Delete, "12 "},
		{Insert, "15 "},
		{Equal, "families without a roof in the valley."},
	}
	if len(ops) != len(want) {
		t.Fatalf("Diff = %q, want %q", ops, want)
	}
	for i := range want {
		if ops[i] != want[i] {
			t.Errorf("op %d = %q, want %q", i, ops[i], want[i])
		}
	}
}

func TestDiffGivesBothSidesBack(t *testing.T) {
	old := "First paragraph of the story.\n\nA second one, which the editor cut.\n\nThe end."
	new := "First paragraph of the story, corrected.\n\nThe end, with a new closing line."
	ops := Diff(old, new)
	if got := join(ops, Insert); got != old {
		t.Errorf("old side = %q, want %q", got, old)
	}
	if got := join(ops, Delete); got != new {
		t.Errorf("new side = %q, want %q", got, new)
	}
	if !Changed(ops) {
		t.Error("Changed = false for two different texts")
	}
}

func TestDiffWhiteSpaceOnly(t *testing.T) {
	ops := Diff("A  short\ttext,\n\n\nsaid twice.", "A short text,\n\nsaid twice.")
	if Changed(ops) {
		t.Errorf("white space alone made a change: %q", ops)
	}
	if len(ops) != 1 || ops[0].Text != "A short text,\n\nsaid twice." {
		t.Errorf("Diff = %q, want one normalised Equal", ops)
	}
	if ops := Diff("", "  "); len(ops) != 0 {
		t.Errorf("Diff of two empty texts = %q, want none", ops)
	}
}

func TestDiffAddedToEmpty(t *testing.T) {
	ops := Diff("", "Now there is text.")
	if len(ops) != 1 || ops[0].Kind != Insert || ops[0].Text != "Now there is text." {
		t.Errorf("Diff = %q", ops)
	}
}

func TestDictionarySkipsSurrogates(t *testing.T) {
	var d dictionary
	ws := make([]string, 0xE000)
	for i := range ws {
		ws[i] = "w" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + strconv.Itoa(i)
	}
	rs := d.encode(ws)
	for i, r := range rs {
		if r >= 0xD800 && r < 0xE000 {
			t.Fatalf("word %d got surrogate %U", i, r)
		}
		if d.word(r) != ws[i] {
			t.Fatalf("word %d: rune %U decodes to %q, want %q", i, r, d.word(r), ws[i])
		}
	}
}

func BenchmarkDiffLongArticle(b *testing.B) {
	para := "The council met on Tuesday to discuss the new bridge over the river, which residents had asked for. "
	old := strings.Repeat(para, 200)
	new := strings.Replace(old, "Tuesday", "Wednesday", 3)
	b.ReportAllocs()
	for b.Loop() {
		Diff(old, new)
	}
}

func TestPlainAndANSI(t *testing.T) {
	ops := Diff("The flood left 12 families without a roof.", "The flood left 15 families without a roof, officials said.")
	if got, want := Plain(ops), "The flood left [-12-]{+15+} families without a [-roof.-]{+roof, officials said.+}"; got != want {
		t.Errorf("Plain = %q\nwant    %q", got, want)
	}
	if got := ANSI(ops); !strings.Contains(got, "\x1b[31;9m12\x1b[0m\x1b[32;4m15\x1b[0m families") {
		t.Errorf("ANSI = %q", got)
	}
	raw, err := json.Marshal(ops[:2])
	if err != nil || string(raw) != `[{"op":"equal","text":"The flood left "},{"op":"delete","text":"12 "}]` {
		t.Errorf("JSON = %s, %v", raw, err)
	}
}
