-- Veil privacy-budget ledger, schema version 1. Portable SQL: the same file runs on SQLite and PostgreSQL.
-- veil_ledger_entries is the append-only, hash-chained record (see dev.veil.privacy.budget.LedgerEntry for the
-- canonical serialization). The other tables are state derived from it, kept for fast reservations;
-- BudgetLedger.verify() recomputes them from the chain and reports any difference.

CREATE TABLE veil_ledger_entries (
  seq        BIGINT PRIMARY KEY,
  entry_time VARCHAR(32)  NOT NULL,
  kind       VARCHAR(16)  NOT NULL,
  dataset    VARCHAR(200) NOT NULL,
  run_id     VARCHAR(200) NOT NULL,
  request_id VARCHAR(64)  NOT NULL,
  job        VARCHAR(200) NOT NULL,
  actor      VARCHAR(200) NOT NULL,
  note       TEXT         NOT NULL,
  payload    TEXT         NOT NULL,
  prev_hash  CHAR(64)     NOT NULL,
  entry_hash CHAR(64)     NOT NULL
);

CREATE INDEX veil_ledger_entries_dataset ON veil_ledger_entries (dataset, seq);

-- One row: the last entry's seq and hash. Every writing transaction locks it first, which serializes
-- appends (PostgreSQL: SELECT ... FOR UPDATE; SQLite: BEGIN IMMEDIATE) and detects deleted tail entries.
CREATE TABLE veil_ledger_head (
  id        INTEGER PRIMARY KEY,
  last_seq  BIGINT   NOT NULL,
  last_hash CHAR(64) NOT NULL
);

INSERT INTO veil_ledger_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Amounts are exact decimal strings (java.math.BigDecimal), so sums never drift.
CREATE TABLE veil_datasets (
  dataset        VARCHAR(200) PRIMARY KEY,
  policy_json    TEXT        NOT NULL,
  cap_epsilon    VARCHAR(40) NOT NULL,
  cap_delta      VARCHAR(40) NOT NULL,
  window_days    INTEGER     NOT NULL,
  window_epsilon VARCHAR(40) NOT NULL,
  approval_above VARCHAR(40) NOT NULL,
  accountant     VARCHAR(8)  NOT NULL,
  alloc_epsilon  VARCHAR(60) NOT NULL,
  alloc_delta    VARCHAR(60) NOT NULL,
  alloc_rho      VARCHAR(60) NOT NULL,
  alloc_epsilon_x VARCHAR(60) NOT NULL,
  alloc_delta_x  VARCHAR(60) NOT NULL
);

CREATE TABLE veil_runs (
  run_id       VARCHAR(200) PRIMARY KEY,
  dataset      VARCHAR(200) NOT NULL,
  job          VARCHAR(200) NOT NULL,
  status       VARCHAR(16)  NOT NULL,
  request_id   VARCHAR(64)  NOT NULL,
  request_json TEXT         NOT NULL,
  reserved_ms  BIGINT       NOT NULL,
  last_seq     BIGINT       NOT NULL
);

CREATE INDEX veil_runs_dataset ON veil_runs (dataset, status);
CREATE INDEX veil_runs_request ON veil_runs (request_id);
