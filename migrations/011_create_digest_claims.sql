-- digest_claims: one row per scheduled digest a replica took on, so however
-- many replicas run the schedule, each project's digest goes out once a tick.
CREATE TABLE digest_claims (
    project_id  bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    claimed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, claimed_at)
);

---- create above / drop below ----

DROP TABLE digest_claims;
