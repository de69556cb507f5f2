-- Decisions reach Elasticsearch after they are committed (the database is the system of record): a decision not yet
-- indexed has indexed_at NULL, and ReviewIndexer publishes it, its ledger entry and its page's review state, retrying
-- while the search cluster is unreachable. Nothing is lost when it is down.
ALTER TABLE review_decision ADD COLUMN indexed_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX review_decision_unindexed ON review_decision (indexed_at, id);
