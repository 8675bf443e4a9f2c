package captures

import "errors"

// ErrMissing is returned by a writable Open when the file is missing but
// the archive committed captures to it: a new file would silently take the
// place of the pages a copy left behind.
var ErrMissing = errors.New("the archive's captures file is missing")

// ErrFormat is returned by Open when the file does not begin with Magic.
var ErrFormat = errors.New("it does not begin as a depeche captures file")
