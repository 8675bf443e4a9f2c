package clean

import (
	"slices"
	"testing"
)

func TestTrimMenus(t *testing.T) {
	menu := []string{"Culture", "Économie", "Sport", "Santé", "Éducation", "Transports", "Environnement", "Tourisme"}
	prose := []string{"The new bus lines start next month and run every fifteen minutes.", "Fares stay the same as on the other lines."}
	steps := []string{"Flour", "Sugar", "Butter", "Eggs", "Milk", "Salt", "Yeast", "Vanilla", "Lemon"}
	tests := []struct {
		name     string
		in, want []string
	}{
		{"menu-above", concat(menu, prose), prose},
		{"menu-below", concat(prose, menu), prose},
		{"short-run-kept", concat(menu[:7], prose), concat(menu[:7], prose)},
		{"list-in-the-middle-kept", concat(prose[:1], steps, prose[1:]), concat(prose[:1], steps, prose[1:])},
		{"sentences-are-not-items", concat([]string{"Yes.", "No.", "Maybe.", "Why?", "Sure!", "Fine.", "Done.", "Next:"}, prose),
			concat([]string{"Yes.", "No.", "Maybe.", "Why?", "Sure!", "Fine.", "Done.", "Next:"}, prose)},
		{"only-items-kept", menu, menu},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := trimMenus(slices.Clone(tc.in)); !slices.Equal(got, tc.want) {
				t.Errorf("trimMenus(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func concat(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
