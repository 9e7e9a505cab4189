-- A meeting's decision records its judgement of the risk to the child (a
-- level, and the factors it weighed) and the next steps agreed, each with
-- who owns it and when it is due. Decisions recorded before this carry no
-- risk judgement (the level is NULL, the factors []); every new one does.
-- A decision is append-only; a next step is marked done on its own row.
ALTER TABLE cluster_decisions ADD COLUMN risk_level TEXT;
ALTER TABLE cluster_decisions ADD CONSTRAINT cluster_decisions_risk_level_check
    CHECK (risk_level IS NULL OR risk_level IN ('low', 'medium', 'high'));
-- A JSON array of strings.
ALTER TABLE cluster_decisions ADD COLUMN risk_factors TEXT NOT NULL DEFAULT '[]';

CREATE TABLE next_steps (
    id TEXT COLLATE "C" NOT NULL,
    local_authority_id TEXT NOT NULL,
    decision_id TEXT COLLATE "C" NOT NULL,
    case_id TEXT COLLATE "C" NOT NULL,
    -- The cluster whose meeting agreed it: its overdue list.
    cluster_id TEXT COLLATE "C" NOT NULL,
    -- Its place among the decision's next steps, from 0.
    position INTEGER NOT NULL,
    action TEXT NOT NULL,
    owner TEXT NOT NULL,
    due_on DATE NOT NULL,
    done_on DATE,
    done_by TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (local_authority_id, id),
    UNIQUE (local_authority_id, decision_id, position),
    FOREIGN KEY (local_authority_id, decision_id) REFERENCES cluster_decisions (local_authority_id, id),
    FOREIGN KEY (local_authority_id, case_id) REFERENCES cases (local_authority_id, id),
    FOREIGN KEY (local_authority_id, cluster_id) REFERENCES clusters (local_authority_id, id)
);
-- A cluster's overdue next steps: those not done, by due date.
CREATE INDEX next_steps_open ON next_steps (local_authority_id, cluster_id, due_on, id) WHERE done_on IS NULL;
