package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// words are the vocabulary of the generated articles, written for this
// benchmark: common French words, accents included, so that the text's
// JSON encoding costs what a real article's does.
var words = strings.Fields(`le la les un une des du de et à au aux en dans sur pour par avec sans
	sous entre vers chez conseil municipal région département gouvernement ministre député maire
	habitants quartier école collège lycée université hôpital médecin santé budget dépenses recettes
	impôts entreprise usine emploi chômage salariés syndicat grève négociation accord tribunal
	procès enquête police gendarmerie sécurité routière transport tramway autobus gare train
	aéroport vélo piste cyclable travaux chantier rénovation logement loyer immobilier agriculture
	récolte vendanges éleveurs sécheresse inondation tempête météo climat énergie électricité
	chauffage association bénévoles festival concert théâtre musée exposition bibliothèque match
	équipe victoire défaite saison championnat entraîneur supporters a été sera était ont sont
	annoncé déclaré expliqué souligné précisé rappelé estimé jugé prévu décidé voté adopté rejeté
	nouveau nouvelle ancien premier dernière grand petite important prochain année mois semaine
	jour soir matin mardi mercredi jeudi vendredi samedi dimanche lundi selon après avant depuis`)

// articleText returns about size bytes of paragraphs for article n, the
// same for the same n and different for different n.
func articleText(n, size int) string {
	rng := rand.New(rand.NewPCG(uint64(n), 0x6578706f7274))
	var b strings.Builder
	b.Grow(size + 200)
	fmt.Fprintf(&b, "Dépêche numéro %d.", n)
	for b.Len() < size {
		b.WriteString("\n\n")
		sentences := 3 + rng.IntN(4)
		for s := 0; s < sentences; s++ {
			writeSentence(&b, rng)
		}
	}
	return b.String()
}

// writeSentence appends one sentence of 8 to 24 words.
func writeSentence(b *strings.Builder, rng *rand.Rand) {
	n := 8 + rng.IntN(17)
	for i := 0; i < n; i++ {
		w := words[rng.IntN(len(words))]
		if i == 0 {
			b.WriteString(" " + strings.ToUpper(w[:1]) + w[1:])
			continue
		}
		b.WriteString(" " + w)
	}
	b.WriteString(".")
}
