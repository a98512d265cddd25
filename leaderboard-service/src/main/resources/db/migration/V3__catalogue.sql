-- The catalogue: what can be ordered, and its price in each currency it is sold in. Orders name SKUs and quantities
-- only; leaderboard-service prices them from here (an order keeps the prices it was placed at, in its items).
-- Admins manage it (PUT/DELETE /api/catalogue/{sku}); catalogue.seed-demo-items adds a few for local runs.
CREATE TABLE catalogue_item (
    sku             VARCHAR(64)  PRIMARY KEY,
    name            VARCHAR(64)  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL
);
-- amount: at most the currency's decimal places (checked by the service), within catalogue.max-price
CREATE TABLE catalogue_price (
    sku             VARCHAR(64)  NOT NULL REFERENCES catalogue_item (sku) ON DELETE CASCADE,
    currency        CHAR(3)      NOT NULL,
    amount          NUMERIC(19, 4) NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (sku, currency)
);
