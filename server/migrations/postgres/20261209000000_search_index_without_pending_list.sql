-- The inbox's search index without GIN's pending list: every message adds a few hundred
-- blind tokens (messaging::search), which filled the pending list within a few hundred
-- deliveries, and every search scanned that whole list until a vacuum merged it (measured:
-- a search with no hits took 56 ms instead of 2 ms after 10,000 deliveries). Entries now go
-- straight into the index: a delivery costs a little more, a search stays fast. SQLite's
-- FTS5 index has no such list (nothing to change there).
ALTER INDEX messages_search_idx SET (fastupdate = off);
