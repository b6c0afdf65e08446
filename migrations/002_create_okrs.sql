-- OKRs: periods, objectives, key results, their links to Tracker work,
-- check-ins (append-only history) and the edit trail.

-- okr_periods: windows are half-open, [start_date, end_date) in time_zone,
-- so a quarter's end_date is the next quarter's start_date.
CREATE TABLE okr_periods (
    id          bigserial PRIMARY KEY,
    key         text NOT NULL UNIQUE CHECK (key ~ '^[A-Za-z0-9_-]{1,32}$'),
    name        text NOT NULL CHECK (name <> ''),
    start_date  date NOT NULL,
    end_date    date NOT NULL,
    time_zone   text NOT NULL DEFAULT 'UTC',
    closed      boolean NOT NULL DEFAULT false,
    closed_at   timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (end_date > start_date),
    CHECK (closed = (closed_at IS NOT NULL))
);

-- objectives: owned by a project or a team; the domain requires one of
-- them on every edit, but deleting a project only unlinks its objectives
-- (a CHECK here would make that delete fail).
CREATE TABLE objectives (
    id           bigserial PRIMARY KEY,
    period_id    bigint NOT NULL REFERENCES okr_periods(id) ON DELETE RESTRICT,
    title        text NOT NULL CHECK (title <> ''),
    description  text NOT NULL DEFAULT '',
    owner        text NOT NULL DEFAULT '',
    project_id   bigint REFERENCES projects(id) ON DELETE SET NULL,
    team         text NOT NULL DEFAULT '',
    position     int NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX objectives_period_position ON objectives (period_id, position);
CREATE INDEX objectives_project ON objectives (project_id);

-- key_results: binary and milestones ignore start and target (stored as
-- 0..1 and 0..number of milestones); the other kinds need them to differ.
CREATE TABLE key_results (
    id            bigserial PRIMARY KEY,
    objective_id  bigint NOT NULL REFERENCES objectives(id) ON DELETE CASCADE,
    title         text NOT NULL CHECK (title <> ''),
    owner         text NOT NULL DEFAULT '',
    kind          text NOT NULL CHECK (kind IN ('increase', 'decrease', 'percentage', 'binary', 'milestones')),
    start_value   numeric NOT NULL DEFAULT 0,
    target_value  numeric NOT NULL,
    unit          text NOT NULL DEFAULT '',
    weight        numeric NOT NULL DEFAULT 1 CHECK (weight > 0),
    milestones    jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(milestones) = 'array'),
    score         numeric CHECK (score BETWEEN 0 AND 1),
    retro         text NOT NULL DEFAULT '',
    position      int NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (kind IN ('binary', 'milestones') OR target_value <> start_value),
    CHECK (kind <> 'percentage' OR (start_value BETWEEN 0 AND 100 AND target_value BETWEEN 0 AND 100))
);
CREATE INDEX key_results_objective_position ON key_results (objective_id, position);

-- key_result_links: a label (by name) or an epic of a project. No foreign
-- key to labels or epics: a sync may replace those rows, the link must stay.
CREATE TABLE key_result_links (
    id             bigserial PRIMARY KEY,
    key_result_id  bigint NOT NULL REFERENCES key_results(id) ON DELETE CASCADE,
    project_id     bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    label_name     text CHECK (label_name <> ''),
    epic_id        bigint,
    CHECK (num_nonnulls(label_name, epic_id) = 1)
);
CREATE UNIQUE INDEX key_result_links_label ON key_result_links (key_result_id, project_id, label_name)
    WHERE label_name IS NOT NULL;
CREATE UNIQUE INDEX key_result_links_epic ON key_result_links (key_result_id, project_id, epic_id)
    WHERE epic_id IS NOT NULL;
CREATE INDEX key_result_links_project ON key_result_links (project_id);

-- check_ins: history, only ever appended. milestones_done is a JSON array
-- of booleans in the key result's milestone order, or NULL.
CREATE TABLE check_ins (
    id               bigserial PRIMARY KEY,
    key_result_id    bigint NOT NULL REFERENCES key_results(id) ON DELETE CASCADE,
    value            numeric NOT NULL,
    confidence       int NOT NULL CHECK (confidence BETWEEN 0 AND 10),
    comment          text NOT NULL DEFAULT '',
    author           text NOT NULL CHECK (author <> ''),
    milestones_done  jsonb CHECK (milestones_done IS NULL OR jsonb_typeof(milestones_done) = 'array'),
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX check_ins_key_result_created ON check_ins (key_result_id, created_at DESC, id DESC);

-- Check-ins are never rewritten. An UPDATE or a direct DELETE fails; a
-- DELETE cascading from its key result runs inside the foreign key's own
-- trigger (pg_trigger_depth() > 1) and is let through.
CREATE FUNCTION check_ins_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'check_ins are append-only: % of check-in % refused', TG_OP, OLD.id
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER check_ins_append_only
    BEFORE UPDATE OR DELETE ON check_ins
    FOR EACH ROW EXECUTE FUNCTION check_ins_append_only();

-- okr_edits: who changed which field when. No foreign key: the trail
-- outlives a deleted objective or key result.
CREATE TABLE okr_edits (
    id          bigserial PRIMARY KEY,
    entity      text NOT NULL CHECK (entity IN ('period', 'objective', 'key_result')),
    entity_id   bigint NOT NULL,
    field       text NOT NULL,
    old_value   text NOT NULL DEFAULT '',
    new_value   text NOT NULL DEFAULT '',
    author      text NOT NULL CHECK (author <> ''),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX okr_edits_entity ON okr_edits (entity, entity_id, created_at DESC);

---- create above / drop below ----

DROP TABLE okr_edits;
DROP TABLE check_ins;
DROP FUNCTION check_ins_append_only();
DROP TABLE key_result_links;
DROP TABLE key_results;
DROP TABLE objectives;
DROP TABLE okr_periods;
