-- Ledger numbers start again each year (SP-YYYY-000001): the last number given in each year, its row locked while the
-- next is taken. Seeded from the entries numbered so far (which kept the entry's id as their number).
CREATE TABLE ledger_counter (
    ledger_year     INTEGER       PRIMARY KEY,
    last_number     BIGINT        NOT NULL
);
INSERT INTO ledger_counter (ledger_year, last_number)
SELECT CAST(SUBSTRING(number, 4, 4) AS INTEGER), MAX(CAST(SUBSTRING(number, 9) AS BIGINT))
  FROM ledger_entry WHERE number LIKE 'SP-____-%'
 GROUP BY CAST(SUBSTRING(number, 4, 4) AS INTEGER);
