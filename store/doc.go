// Package store is depeche's archive: one bbolt file holding every archived
// article, the indexes that let the crawler recognise an article it already
// has, what it remembers about each feed between polls, and the JSONL export;
// and beside it, at CapturesPath, the append-only file of the pages the
// articles were cleaned from (their captures).
//
// Layout (schema version 5; an archive of an earlier schema is upgraded by
// its first writable Open: schema 4 adds the items buckets, schema 5 the
// revisit buckets, empty: articles archived before it are not revisited). Every bucket is created once, at Open:
//
//	meta        "schema"   -> uint32 big-endian schema version
//	            "articles" -> uint64 big-endian number of stored articles
//	            "captures_end" -> uint64 big-endian committed end of the
//	            captures file
//	articles    id (uint64 big-endian, from NextSequence) -> article (JSON, storage encoding)
//	index_url   sha256(normalised URL)   -> article id
//	index_guid  sha256(feed name, GUID)  -> article id
//	index_hash  sha256 of the text (the ContentHash digest) -> article id
//	feeds       sha256(feed name)        -> feed state (JSON, storage encoding)
//	backfill    feed name, 0, unit       -> backfill checkpoint value
//	capture_refs article id -> where its capture is in the captures file:
//	            offset (uint64), length (uint32), big-endian;
//	            article id, revision (uint32) -> the same, for the page of a
//	            revision that a later version's new page replaced
//	captures    schema 2's captures, read still, no longer written: article
//	            id -> a compressed capture as below
//	revisions   article id, revision (uint32 big-endian) -> a replaced version
//	index_cursor  cursor (uint64 big-endian, NextSequence) -> article id; each
//	            article once, at the cursor of its latest change
//	minhash     article id -> MinHash signature (128 uint32 big-endian)
//	index_minhash band (1 byte), FNV-1a of the band's 8 values, article id -> ""
//	            (LSH: near-duplicate candidates share a band)
//	items       sha256(feed)[:8], sha256 of the item's identity (its GUID,
//	            else its normalised link, else its title and content) ->
//	            the item as its feed showed it and what became of it (JSON)
//	index_item_due  next try (int64 Unix ns, big-endian), item key -> ""
//	            (pending items, in the order of their next try)
//	item_counts feed name -> the feed's items by state (JSON)
//	revisits    article id -> its next revisit and its page's validators (JSON)
//	index_revisit_due  due time (int64 Unix ns), article id, big-endian -> ""
//	            (the revisit schedule, earliest first)
//	revisit_counts  outcome name, or "scheduled" -> uint64 big-endian count
//
// The captures file's format, and how it stays consistent with the bbolt
// file, is package captures' to describe; this package records where each
// capture is (capture_refs) and how far the file is committed.
//
// Index keys are hashes so that they are fixed width whatever the URL, GUID or
// name; index entries are written only when absent, so the first article to
// claim a key keeps it. The storage encoding is private; the public export
// format is Record.
//
// The store does not log and keeps no package state. bbolt types never leave
// its exported API.
package store
