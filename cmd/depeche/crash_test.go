package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/depeche-archiver/depeche/store"
)

const (
	crashItems  = 200 // articles in the generated feed
	crashRounds = 15  // backfills killed with SIGKILL
	crashHost   = "http://depeche-crash.example"
)

// crashSite serves a generated feed of crashItems items and their pages,
// counts page requests and, once killAt of them have arrived in a round,
// closes the round's channel so the test can kill the child mid-work.
type crashSite struct {
	*httptest.Server
	mu     sync.Mutex
	pages  int64 // page requests this round
	killAt int64
	kill   chan struct{}
	once   *sync.Once
}

func newCrashSite(t *testing.T) *crashSite {
	t.Helper()
	s := &crashSite{}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// arm starts a round: the killAt-th page request closes the returned channel.
func (s *crashSite) arm(killAt int64) <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages = 0
	s.killAt, s.kill, s.once = killAt, make(chan struct{}), &sync.Once{}
	return s.kill
}

func (s *crashSite) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/feed.rss" {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Write(crashFeed())
		return
	}
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/actualite-"), ".html"))
	if err != nil || n < 1 || n > crashItems {
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	if s.pages++; s.pages == s.killAt {
		s.once.Do(func() { close(s.kill) })
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(crashPage(n))
}

// crashFeed is an RSS feed of crashItems items, newest first.
func crashFeed() []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<rss version=\"2.0\"><channel><title>Dépêches d'essai</title><link>" + crashHost + "/</link><description>Fil généré pour le test de robustesse</description><language>fr</language>\n")
	for n := crashItems; n >= 1; n-- {
		fmt.Fprintf(&b, "<item><title>%s</title><link>%s/actualite-%d.html</link><guid isPermaLink=\"false\">crash-%d</guid><pubDate>%s</pubDate></item>\n",
			crashTitle(n), crashHost, n, n, crashDate(n))
	}
	b.WriteString("</channel></rss>\n")
	return b.Bytes()
}

func crashTitle(n int) string {
	return fmt.Sprintf("Le conseil municipal de %s vote le budget numéro %d", crashTowns[n%len(crashTowns)], n)
}

func crashDate(n int) string {
	return fmt.Sprintf("Mon, %02d Mar 2025 %02d:%02d:00 +0100", 1+n%28, n%24, n%60)
}

var crashTowns = []string{"Rennes", "Lille", "Grenoble", "Besançon", "Poitiers", "Nancy", "Brest", "Dijon"}

// crashSentences are written for this test; each page draws its own
// sequence of them and numbers its paragraphs, so no two texts are alike.
var crashSentences = []string{
	"Les élus ont longuement débattu du financement des cantines scolaires avant de passer au vote.",
	"L'opposition a dénoncé une hausse des tarifs du stationnement qu'elle juge injustifiée.",
	"Le maire a rappelé que les travaux de la médiathèque devraient s'achever au printemps prochain.",
	"Plusieurs associations de quartier avaient demandé une enveloppe supplémentaire pour les jardins partagés.",
	"La rénovation thermique des écoles représente à elle seule près d'un tiers des investissements.",
	"Un habitant venu assister à la séance a interpellé l'adjoint chargé des transports sur les horaires des bus.",
	"Les comptes de l'an dernier font apparaître un excédent modeste, aussitôt affecté à la voirie.",
	"La séance s'est achevée tard dans la soirée, après l'examen de quarante-deux délibérations.",
}

// crashPage is the article page n: a title and six paragraphs of French.
func crashPage(n int) []byte {
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	var b bytes.Buffer
	fmt.Fprintf(&b, "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>%s</title></head><body><article><h1>%s</h1>\n", crashTitle(n), crashTitle(n))
	for p := 1; p <= 6; p++ {
		fmt.Fprintf(&b, "<p>Paragraphe %d de la dépêche %d. %s %s %s</p>\n", p, n,
			crashSentences[rng.IntN(len(crashSentences))], crashSentences[rng.IntN(len(crashSentences))], crashSentences[rng.IntN(len(crashSentences))])
	}
	b.WriteString("</article></body></html>\n")
	return b.Bytes()
}

// TestBackfillSurvivesSIGKILL kills "depeche backfill" with SIGKILL at
// random points of its work, many times, and checks after each kill that
// the archive opens, checks clean and holds no article twice; a last
// uninterrupted backfill must then archive exactly the missing articles.
func TestBackfillSurvivesSIGKILL(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("kills real processes; skipped with -short")
	}
	site := newCrashSite(t)
	dir := t.TempDir()
	cfg := (&testSites{Server: site.Server}).writeConfig(t, dir, "crash="+crashHost+"/feed.rss")
	archive := filepath.Join(dir, "archive.db")
	seed := uint64(20250301)
	rng := rand.New(rand.NewPCG(seed, 1))
	stored := 0
	for round := 1; round <= crashRounds && stored < crashItems; round++ {
		killAt := 1 + rng.Int64N(30)
		killed := killBackfill(t, site, cfg, killAt)
		n := checkArchive(t, archive)
		if n < stored {
			t.Fatalf("round %d: the archive went from %d articles to %d", round, stored, n)
		}
		t.Logf("round %d (seed %d): kill at page request %d (killed: %v), %d articles stored", round, seed, killAt, killed, n)
		stored = n
	}
	out, logs, err := cli(t, "backfill", "-config", cfg)
	if err != nil {
		t.Fatalf("final backfill: %v\n%s", err, logs)
	}
	missing := crashItems - stored
	wantSummary(t, out, "crash", strconv.Itoa(crashItems), strconv.Itoa(missing), "0", strconv.Itoa(stored), "0", "0")
	if n := checkArchive(t, archive); n != crashItems {
		t.Errorf("after the final backfill the archive holds %d articles, want %d", n, crashItems)
	}
}

// killBackfill runs "depeche backfill" as a child and SIGKILLs it as soon
// as the site has served killAt pages in this run. It reports whether the
// kill came before the child finished by itself.
func killBackfill(t *testing.T, site *crashSite, cfg string, killAt int64) bool {
	t.Helper()
	kill := site.arm(killAt)
	cmd := exec.Command(os.Args[0], "backfill", "-config", cfg)
	cmd.Env = append(os.Environ(), "DEPECHE_TEST_MAIN=1")
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case <-kill:
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		<-exited
		return true
	case err := <-exited:
		if err != nil {
			t.Fatalf("backfill exited before the kill: %v\n%s", err, logs.String())
		}
		return false
	}
}

// checkArchive opens the archive read-only, fails the test on any problem
// Check reports, any article without its page or any canonical URL stored
// twice, and returns the count.
func checkArchive(t *testing.T, path string) int {
	t.Helper()
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open after a kill: %v", err)
	}
	defer db.Close()
	r, err := db.Check(false)
	if err != nil || len(r.Problems) > 0 {
		t.Fatalf("check after a kill: %v, problems %q", err, r.Problems)
	}
	n, err := db.Count()
	if err != nil {
		t.Fatal(err)
	}
	if r.Captures != n {
		t.Fatalf("after a kill: %d articles, %d with their page", n, r.Captures)
	}
	urls := map[string]bool{}
	err = db.Each(func(a *store.Article) error {
		if urls[a.CanonicalURL] {
			return fmt.Errorf("%s is stored twice", a.CanonicalURL)
		}
		urls[a.CanonicalURL] = true
		return nil
	})
	if err != nil || len(urls) != n {
		t.Fatalf("after a kill: %v; %d distinct URLs, count %d", err, len(urls), n)
	}
	return n
}

// TestPendingRetriesSurviveSIGKILL: a page that fails in a way that may
// pass waits for its retry in the archive; a daemon killed meanwhile
// loses nothing, and the next one retries it on schedule and archives it.
func TestPendingRetriesSurviveSIGKILL(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	dir := t.TempDir()
	cfg := sites.writeConfig(t, dir, feedHome)
	appendConfig(t, cfg, "page_retry: {first: 1s, max: 1s, tries: 1000}\n")
	const tram = "fr.vietnamplus.vn/hanoi-ouvre-une-ligne-de-tramway-post1001.vnp"
	sites.setDown(tram, true)

	cmd, log := startDaemon(t, cfg)
	waitLog(t, log, "msg=poll", "feed=vna-fr ", "new=6", "pending=1")
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	for log.Scan() { // drain: Wait comes after the last read
	}
	cmd.Wait()

	sites.setDown(tram, false)
	cmd, log = startDaemon(t, cfg)
	waitLog(t, log, "page archived on retry", "post1001")
	stopDaemon(t, cmd, log)

	db, err := store.Open(filepath.Join(dir, "archive.db"), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	counts, err := db.ItemCounts()
	if want := (store.ItemCounts{Seen: 7, Page: 5, Feed: 2}); err != nil || counts["vna-fr"] != want {
		t.Errorf("item counts %+v (%v), want %+v", counts["vna-fr"], err, want)
	}
	if n, err := db.Count(); err != nil || n != 7 {
		t.Errorf("archive holds %d articles (%v), want 7", n, err)
	}
}
