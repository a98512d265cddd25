#!/bin/sh
# docker-compose only: the postgres container creates upload_service itself (POSTGRES_USER/POSTGRES_DB); each
# further service's role and database come from a script here, run once on a new data volume.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE leaderboard_service LOGIN PASSWORD 'dev-leaderboard-service';
CREATE DATABASE leaderboard_service OWNER leaderboard_service;
SQL
