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

// Piece is an operation as a renderer draws it: Words inside the marks
// of its Kind, Space after them, outside. An Equal piece is all Words.
type Piece struct {
	Kind  Kind
	Words string
	Space string
}

// Pieces splits ops for drawing: the space after a changed run goes
// outside its marks, and a deletion followed at once by an insertion
// (words replaced) leaves its space to the insertion, so that a replaced
// word reads "[-12-]{+15+} families", not "[-12 -]{+15 +}families".
func Pieces(ops []Op) []Piece {
	out := make([]Piece, 0, len(ops))
	for i, op := range ops {
		if op.Kind == Equal {
			out = append(out, Piece{Kind: Equal, Words: op.Text})
			continue
		}
		words := strings.TrimRight(op.Text, " \n")
		p := Piece{Kind: op.Kind, Words: words, Space: op.Text[len(words):]}
		if op.Kind == Delete && i+1 < len(ops) && ops[i+1].Kind == Insert {
			p.Space = ""
		}
		out = append(out, p)
	}
	return out
}

// render writes ops with the marks given for each kind around changed
// runs (see Pieces).
func render(ops []Op, marks [3][2]string) string {
	var b strings.Builder
	for _, p := range Pieces(ops) {
		b.WriteString(marks[p.Kind][0])
		b.WriteString(p.Words)
		b.WriteString(marks[p.Kind][1])
		b.WriteString(p.Space)
	}
	return b.String()
}
