// Package cluster makes depeche daemons nodes of one archive that share
// their feeds through NATS JetStream. It holds every line of NATS code:
// nodes heartbeat into a key-value bucket whose entries expire after the
// heartbeat TTL; each feed belongs to the live node that ranks first for
// its host by rendezvous hashing; the identity keys of an item are claimed
// with create-if-absent before its page is fetched; feed states are shared
// in a bucket so that a feed that moves goes on where it was; and every
// record the node archives goes from its outbox (store.DB.Outbox) to the
// stream depeche.articles.<feed>, whose sequence is the cluster's cursor.
//
// JetStream names used, created at connect when missing:
//
//	KV depeche_nodes   node -> heartbeat, entries expire after the TTL
//	KV depeche_claims  identity key -> holder and whether it is archived,
//	                   entries expire after the retention (default 90 days)
//	KV depeche_feeds   feed -> its state (validators, next check, backoff)
//	KV depeche_pending feed.item -> a pending item and its retry schedule,
//	                   entries expire after the retention
//	stream DEPECHE_ARTICLES, subjects depeche.articles.>
package cluster
