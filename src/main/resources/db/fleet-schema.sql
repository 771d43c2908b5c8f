-- The fleet's tables in the shared PostgreSQL (docs/fleet.md). Every agent applies this file at
-- start; each statement is a no-op when its object exists, so agents may race on it.

-- pekko-persistence-jdbc: the journal, tags and snapshots of fleet entities (fleet deletes, the
-- protected list, the host registry), as the plugin's own schema for PostgreSQL defines them.
CREATE TABLE IF NOT EXISTS event_journal (
  ordering BIGSERIAL,
  persistence_id VARCHAR(255) NOT NULL,
  sequence_number BIGINT NOT NULL,
  deleted BOOLEAN DEFAULT FALSE NOT NULL,
  writer VARCHAR(255) NOT NULL,
  write_timestamp BIGINT,
  adapter_manifest VARCHAR(255),
  event_ser_id INTEGER NOT NULL,
  event_ser_manifest VARCHAR(255) NOT NULL,
  event_payload BYTEA NOT NULL,
  meta_ser_id INTEGER,
  meta_ser_manifest VARCHAR(255),
  meta_payload BYTEA,
  PRIMARY KEY (persistence_id, sequence_number)
);
CREATE UNIQUE INDEX IF NOT EXISTS event_journal_ordering_idx ON event_journal (ordering);

CREATE TABLE IF NOT EXISTS event_tag (
  event_id BIGINT,
  tag VARCHAR(256),
  PRIMARY KEY (event_id, tag),
  CONSTRAINT fk_event_journal FOREIGN KEY (event_id)
    REFERENCES event_journal (ordering) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS snapshot (
  persistence_id VARCHAR(255) NOT NULL,
  sequence_number BIGINT NOT NULL,
  created BIGINT NOT NULL,
  snapshot_ser_id INTEGER NOT NULL,
  snapshot_ser_manifest VARCHAR(255) NOT NULL,
  snapshot_payload BYTEA NOT NULL,
  meta_ser_id INTEGER,
  meta_ser_manifest VARCHAR(255),
  meta_payload BYTEA,
  PRIMARY KEY (persistence_id, sequence_number)
);

-- The fleet's audit log: every agent's audit-tagged events, shipped from its LevelDB. An event
-- is identified by its host, persistence ID and sequence number, so shipping it again (after a
-- crash between insert and offset) inserts nothing.
CREATE TABLE IF NOT EXISTS fleet_audit (
  host VARCHAR(255) NOT NULL,
  persistence_id VARCHAR(255) NOT NULL,
  sequence_number BIGINT NOT NULL,
  host_offset BIGINT NOT NULL,
  written_at TIMESTAMPTZ NOT NULL,
  event_manifest VARCHAR(255) NOT NULL,
  event_payload BYTEA NOT NULL,
  PRIMARY KEY (host, persistence_id, sequence_number)
);
CREATE INDEX IF NOT EXISTS fleet_audit_host_offset_idx ON fleet_audit (host, host_offset);

-- How far each host's audit log was shipped: the offset of its audit tag, written in the same
-- transaction as the events up to it.
CREATE TABLE IF NOT EXISTS fleet_audit_offset (
  host VARCHAR(255) PRIMARY KEY,
  host_offset BIGINT NOT NULL
);
