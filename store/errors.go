package store

import "errors"

// ErrLocked is returned by Open when another process holds the archive's file
// lock for longer than Options.LockTimeout.
var ErrLocked = errors.New("the archive is in use by another process")

// errNoArchive is returned by a read-only Open of a path where no file exists.
var errNoArchive = errors.New("no archive at this path")

// errNewerSchema is returned by Open when the archive was written with a newer
// schema than this build understands.
var errNewerSchema = errors.New("the archive was written by a newer depeche")

// errNotArchive is returned by Open when the file is a bbolt file but not a
// depeche archive.
var errNotArchive = errors.New("not a depeche archive")

// ErrNotFound is returned when an article does not exist.
var ErrNotFound = errors.New("not found")

// errOldSchema is returned by a read-only Open of an archive written with an
// older schema: upgrading it needs a writable open.
var errOldSchema = errors.New("the archive was written by an older depeche")
