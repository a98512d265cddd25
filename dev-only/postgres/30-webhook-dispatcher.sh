#!/bin/sh
# docker-compose only: webhook-dispatcher's role and database (see 20-leaderboard-service.sh).
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE webhook_dispatcher LOGIN PASSWORD 'dev-webhook-dispatcher';
CREATE DATABASE webhook_dispatcher OWNER webhook_dispatcher;
SQL
