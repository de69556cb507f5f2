-- Items that could not be read or analyzed whole (issue 15: hostile scripts and text). Neither may look clean: a
-- snapshot with either reason is routed for review even without findings.
-- partial_reason: why extraction kept only part of the item (its scripts over the page's decoding budget, ...).
-- analysis_incomplete: why the rules did not analyze the whole text (their time budget ran out, or the item was
-- only partly extracted); NULL when the analysis covered everything.
ALTER TABLE snapshot ADD COLUMN partial_reason VARCHAR(2000);
ALTER TABLE snapshot ADD COLUMN analysis_incomplete VARCHAR(2000);
