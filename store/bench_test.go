package store

import (
	"io"
	"strings"
	"sync/atomic"
	"testing"
)

func BenchmarkSave(b *testing.B) {
	b.Run("serial", func(b *testing.B) {
		db, _ := openTemp(b)
		i := 0
		for b.Loop() {
			mustSave(b, db, testArticle(i), "world", "")
			i++
		}
	})
	b.Run("parallel", func(b *testing.B) {
		db, _ := openTemp(b)
		var next atomic.Int64
		b.SetParallelism(8) // crawler workers, not CPUs, make the callers
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, _, err := db.Save(testArticle(int(next.Add(1))), "world", ""); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("duplicate", func(b *testing.B) {
		db, _ := openTemp(b)
		mustSave(b, db, testArticle(1), "world", "g1")
		for b.Loop() {
			mustSave(b, db, testArticle(1), "world", "g1")
		}
	})
}

func BenchmarkSeen(b *testing.B) {
	db, _ := openTemp(b)
	mustSave(b, db, testArticle(1), "world", "g1")
	for b.Loop() {
		if _, ok, err := db.Seen("world", "g1", "https://news.example/1/story"); err != nil || !ok {
			b.Fatalf("Seen = %v, %v", ok, err)
		}
	}
}

func BenchmarkExport(b *testing.B) {
	const n = 5000
	db, _ := openTemp(b)
	saveMany(b, db, n)
	for b.Loop() {
		got, err := db.Export(io.Discard, ExportFilter{})
		if err != nil || got != n {
			b.Fatalf("Export = %d, %v; want %d", got, err, n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/article")
}

// frenchText is about 3 KB of text with accents and paragraphs, as the
// articles of the export benchmark hold.
var frenchText = strings.Repeat("Le conseil municipal a voté le budget de l'année après une séance où "+
	"les élus ont débattu des dépenses « importantes » du quartier.\n\n", 20)

// BenchmarkDecodeArticle decodes the stored form of one article, as every
// read of the archive does. Bytes are the stored form's.
func BenchmarkDecodeArticle(b *testing.B) {
	a := fullArticle()
	a.Text = frenchText
	raw, err := encodeArticle(a)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeArticle(1, raw); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRecordAppendJSON encodes the export record of one article.
// Bytes are the record's.
func BenchmarkRecordAppendJSON(b *testing.B) {
	a := fullArticle()
	a.Text = frenchText
	rec := newRecord(a)
	line := rec.appendJSON(nil)
	b.SetBytes(int64(len(line)))
	b.ReportAllocs()
	for b.Loop() {
		line = rec.appendJSON(line[:0])
	}
}
