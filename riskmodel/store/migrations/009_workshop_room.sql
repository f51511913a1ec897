-- 009: the workshop room. An agenda (the threats of the session, in order), anonymous
-- voting, a cap on guest seats; seats that can be left and that remember the browser
-- (guests) or account they belong to and the round in which they joined; a log of join
-- attempts per client, so wrong codes and floods of joins are throttled.

-- agenda: risk line ids in the order the room takes them (empty: every line, in order).
ALTER TABLE workshops ADD COLUMN agenda INTEGER[] NOT NULL DEFAULT [];
ALTER TABLE workshops ADD COLUMN anonymous BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE workshops ADD COLUMN guest_cap INTEGER NOT NULL DEFAULT 30;
-- The facilitator's half-typed rationale for the threat on screen (kept across a reload).
ALTER TABLE workshops ADD COLUMN draft_rationale VARCHAR NOT NULL DEFAULT '';

-- browser_hash: a hash of the guest's browser key (one seat per browser); left_at: the
-- person pressed "Forlad" (not counted until they join again); joined_round: the round
-- in which they (last) joined, so they count from the threat they joined.
ALTER TABLE participants ADD COLUMN browser_hash VARCHAR;
ALTER TABLE participants ADD COLUMN left_at TIMESTAMP;
ALTER TABLE participants ADD COLUMN joined_round INTEGER NOT NULL DEFAULT 1;

-- One row per join attempt by a client (a hash of its address): outcome 'ok', 'wrong_code'
-- or 'throttled'. Read to throttle; old rows may be deleted at any time.
CREATE TABLE join_attempts (
    client VARCHAR NOT NULL,
    outcome VARCHAR NOT NULL,
    tried_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
