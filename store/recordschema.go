package store

import _ "embed"

// RecordJSONSchema is the JSON Schema (draft 2020-12) of one export line,
// Record in schema RecordSchema.
//
//go:embed record.schema.json
var RecordJSONSchema []byte
