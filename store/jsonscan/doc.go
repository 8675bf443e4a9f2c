// Package jsonscan decodes the JSON that encoding/json writes for a
// struct without reflection, field by field, from a table of keys and
// readers, for the archive's records, which export and check decode by
// the thousand.
//
// It reads only what json.Marshal writes, and reads it as json.Unmarshal
// does. At anything else (a syntax error, a number that is not a plain
// integer, a surrogate escape, invalid UTF-8, a key it does not know) it
// gives up and reports false, and the caller hands the whole value to
// json.Unmarshal, which decides and words the error. So it never needs to
// match encoding/json's errors, only its results.
package jsonscan
