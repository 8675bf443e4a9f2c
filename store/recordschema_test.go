package store

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// compileRecordSchema compiles RecordJSONSchema.
func compileRecordSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(RecordJSONSchema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("record.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("record.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestExportMatchesTheJSONSchema(t *testing.T) {
	db := exportFixture(t)
	next := testArticle(2)
	next.Text = "Revised."
	if _, err := db.Revise(2, next, "reclean"); err != nil {
		t.Fatal(err)
	}
	a, b := testArticle(10), testArticle(11)
	a.Text, b.Text = storyTram, storyTramRewritten
	mustSave(t, db, a, "world", "")
	mustSave(t, db, b, "world", "")
	var buf bytes.Buffer
	if _, err := db.Export(&buf, ExportFilter{Revisions: true}); err != nil {
		t.Fatal(err)
	}
	schema := compileRecordSchema(t)
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 1<<20)
	lines := 0
	for sc.Scan() {
		lines++
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(sc.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(v); err != nil {
			t.Errorf("line %d does not match the schema: %v\n%s", lines, err, sc.Bytes())
		}
	}
	if lines != 8 {
		t.Errorf("%d lines, want 8: 7 articles, one of them in two versions", lines)
	}
}

func TestSchemaRejectsAWrongRecord(t *testing.T) {
	schema := compileRecordSchema(t)
	rec := newRecord(testArticle(1))
	tests := []struct {
		name string
		edit func(m map[string]any)
	}{
		{"missing-cursor", func(m map[string]any) { delete(m, "cursor") }},
		{"unknown-field", func(m map[string]any) { m["extra"] = 1 }},
		{"bad-hash", func(m map[string]any) { m["content_hash"] = "md5:0" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, _ := json.Marshal(rec)
			var m map[string]any
			if err := json.Unmarshal(raw, &m); err != nil {
				t.Fatal(err)
			}
			m["id"], m["cursor"], m["revision"], m["content_hash"] = 1, 1, 1, contentHash("x")
			tt.edit(m)
			raw, _ = json.Marshal(m)
			v, _ := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
			if err := schema.Validate(v); err == nil {
				t.Error("the schema accepted it")
			}
		})
	}
}
