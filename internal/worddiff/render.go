package worddiff

import (
	"encoding/json"
	"strings"
)

// MarshalJSON writes op as {"op": "equal"|"delete"|"insert", "text": ...}.
func (op Op) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Op   string `json:"op"`
		Text string `json:"text"`
	}{op.Kind.String(), op.Text})
}

// Plain writes ops as git's plain word diff does: deletions as [-...-],
// insertions as {+...+}, the space after a changed run outside its
// marks.
func Plain(ops []Op) string {
	return render(ops, [3][2]string{Equal: {"", ""}, Delete: {"[-", "-]"}, Insert: {"{+", "+}"}})
}

// ANSI writes ops for a terminal: deletions in red and struck through,
// insertions in green and underlined.
func ANSI(ops []Op) string {
	return render(ops, [3][2]string{Equal: {"", ""}, Delete: {"\x1b[31;9m", "\x1b[0m"}, Insert: {"\x1b[32;4m", "\x1b[0m"}})
}

// render writes ops with the marks given for each kind around changed
// runs. The space after a changed run goes outside its marks; a deletion
// followed at once by an insertion (words replaced) leaves its space to
// the insertion.
func render(ops []Op, marks [3][2]string) string {
	var b strings.Builder
	for i, op := range ops {
		if op.Kind == Equal {
			b.WriteString(op.Text)
			continue
		}
		words := strings.TrimRight(op.Text, " \n")
		b.WriteString(marks[op.Kind][0])
		b.WriteString(words)
		b.WriteString(marks[op.Kind][1])
		replaced := op.Kind == Delete && i+1 < len(ops) && ops[i+1].Kind == Insert
		if !replaced {
			b.WriteString(op.Text[len(words):])
		}
	}
	return b.String()
}
