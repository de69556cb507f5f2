-- Failed console logins per source address and account (issue 15 item 8): a source that fails too often is refused
-- for that account (or, over its own budget, for every account) for a while; other sources are not affected.
CREATE TABLE login_throttle (
    source          VARCHAR(64)   NOT NULL,
    username        VARCHAR(64)   NOT NULL,
    failures        INTEGER       NOT NULL,
    last_failure_at TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_until    TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (source, username)
);
CREATE INDEX login_throttle_source ON login_throttle (source, last_failure_at);
