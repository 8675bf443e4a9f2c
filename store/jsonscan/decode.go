package jsonscan

// Field is one key of the JSON form of a T and how to read its value.
type Field[T any] struct {
	Key  string
	Read func(*Scanner, *T) bool
}

// maxFields is the most fields Decode takes: it marks those it has read
// in the bits of one word.
const maxFields = 64

// Decode reads raw, a JSON object, into v, and reports whether it could.
// It reads each key once, spelt as in fields, with the value fields gives
// it; at an unknown or repeated key, or with more than 64 fields, it
// reports false. Keys are looked for in the order of fields first, as
// json.Marshal writes a struct's fields in order.
func Decode[T any](raw []byte, fields []Field[T], v *T) bool {
	if len(fields) > maxFields {
		return false
	}
	s := Scanner{buf: raw}
	var seen uint64 // bit i: fields[i] was read
	next := 0       // where the key is looked for first
	ok := s.Object(func(key []byte) bool {
		i := find(fields, key, next)
		if i < 0 || seen&(1<<i) != 0 {
			return false
		}
		seen |= 1 << i
		next = i + 1
		return fields[i].Read(&s, v)
	})
	return ok && s.atEnd()
}

// find returns the index of key in fields, looking from from on first,
// or -1.
func find[T any](fields []Field[T], key []byte, from int) int {
	for j := range len(fields) {
		i := (from + j) % len(fields)
		if string(key) == fields[i].Key {
			return i
		}
	}
	return -1
}
