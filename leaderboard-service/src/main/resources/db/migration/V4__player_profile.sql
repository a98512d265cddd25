-- The name a player chose (PUT /api/players/me) or an admin gave them (PUT /api/players/{player}). A board entry
-- takes this name when it is created (else the token's name claim, else the player id); a rename rewrites the name
-- of every entry of the player and announces it (player.renamed) so that every replica's ranks show it.
CREATE TABLE player_profile (
    player          VARCHAR(64)  PRIMARY KEY,
    display_name    VARCHAR(64)  NOT NULL,
    updated_by      VARCHAR(64)  NOT NULL,            -- the player, or the admin who renamed them
    updated_at      TIMESTAMPTZ  NOT NULL
);
-- a rename rewrites the player's entries: found by player, not by board
CREATE INDEX score_player ON score (player);
