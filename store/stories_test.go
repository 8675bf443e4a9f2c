package store

// Three French wire stories: a rewrite of the first by another site, and
// an unrelated one.
const (
	storyTram = `Hanoï a inauguré lundi sa deuxième ligne de tramway, qui relie le centre historique aux quartiers de l'ouest de la capitale. ` +
		`Longue de douze kilomètres, la ligne compte quinze stations et doit transporter près de quarante mille voyageurs par jour selon les autorités municipales. ` +
		`Les travaux, commencés il y a six ans, ont connu plusieurs retards liés au financement et à l'acquisition des terrains. ` +
		`Le comité populaire de la ville a annoncé que les billets seront gratuits pendant les deux premières semaines afin d'encourager les habitants à délaisser leurs motos. ` +
		`Les experts estiment que le tramway pourrait réduire sensiblement les embouteillages aux heures de pointe, à condition que des parkings relais soient construits près des terminus. ` +
		`Une troisième ligne, vers le sud, est à l'étude et pourrait être lancée avant la fin de la décennie.`
	storyTramRewritten = `Hanoï a inauguré ce lundi sa deuxième ligne de tramway, qui relie le centre historique aux quartiers de l'ouest de la capitale. ` +
		`Longue de douze kilomètres, la ligne compte quinze stations et doit transporter près de quarante mille voyageurs par jour selon les autorités municipales. ` +
		`Les travaux, commencés il y a six ans, ont connu plusieurs retards liés au financement et à l'acquisition des terrains. ` +
		`Le comité populaire de la ville a annoncé que les billets seront gratuits pendant les deux premières semaines afin d'inciter les habitants à délaisser leurs motos. ` +
		`Les experts estiment que le tramway pourrait réduire sensiblement les embouteillages aux heures de pointe, à condition que des parkings relais soient construits près des terminus. ` +
		`Une troisième ligne, vers le sud, est à l'étude et pourrait être lancée avant la fin de la décennie.`
	storyRice = `Le delta du Mékong mise sur des variétés de riz résistantes au sel pour faire face à la remontée des eaux marines. ` +
		`Les agriculteurs de la province de Soc Trang ont planté cette saison plus de vingt mille hectares de ces nouvelles semences. ` +
		`Selon l'institut de recherche rizicole, les rendements restent comparables à ceux des variétés traditionnelles malgré la salinité. ` +
		`Le ministère de l'agriculture prévoit d'étendre le programme à l'ensemble du delta d'ici trois ans, avec l'aide de prêts à taux réduit. ` +
		`Les exportateurs espèrent que cette adaptation permettra au Vietnam de conserver sa place parmi les premiers vendeurs mondiaux de riz.`
)
