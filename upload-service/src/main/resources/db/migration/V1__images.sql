CREATE TABLE image (
    id              BIGSERIAL PRIMARY KEY,
    owner           VARCHAR(64)  NOT NULL,
    title           VARCHAR(200),
    content_type    VARCHAR(32)  NOT NULL,
    size_bytes      BIGINT       NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    reason          VARCHAR(500),
    width           INTEGER,
    height          INTEGER,
    attempts        INTEGER      NOT NULL DEFAULT 1,
    created_at      TIMESTAMPTZ  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL
);
CREATE INDEX image_owner_created ON image (owner, created_at DESC, id DESC);
CREATE INDEX image_unfinished ON image (updated_at) WHERE status IN ('PENDING', 'PROCESSING');

-- originals apart from the metadata, so listing images never reads their bytes
CREATE TABLE image_original (
    image_id        BIGINT PRIMARY KEY REFERENCES image (id) ON DELETE CASCADE,
    bytes           BYTEA        NOT NULL
);

CREATE TABLE thumbnail (
    id              BIGSERIAL PRIMARY KEY,
    image_id        BIGINT       NOT NULL REFERENCES image (id) ON DELETE CASCADE,
    size            INTEGER      NOT NULL,
    width           INTEGER      NOT NULL,
    height          INTEGER      NOT NULL,
    content_type    VARCHAR(32)  NOT NULL,
    etag            VARCHAR(80)  NOT NULL,
    bytes           BYTEA        NOT NULL,
    CONSTRAINT thumbnail_image_size UNIQUE (image_id, size)
);

-- transactional outbox: written in the same transaction as the change it announces
CREATE TABLE outbox_event (
    id              VARCHAR(26)  PRIMARY KEY,
    type            VARCHAR(64)  NOT NULL,
    payload         TEXT         NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    sent_at         TIMESTAMPTZ,
    attempts        INTEGER      NOT NULL DEFAULT 0,
    last_error      VARCHAR(500)
);
CREATE INDEX outbox_unsent ON outbox_event (created_at) WHERE sent_at IS NULL;
