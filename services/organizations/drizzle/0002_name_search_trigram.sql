-- Substring search on organization names (ILIKE '%…%') uses a trigram index where pg_trgm is
-- available. Embedded PGlite (the bare-machine fallback of `pnpm start`) has no pg_trgm: there the
-- search still works, only without this index.
DO $$
BEGIN
  BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
  EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm is not available (%); organization name search runs without a trigram index', SQLERRM;
  END;
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    EXECUTE 'CREATE INDEX IF NOT EXISTS organizations_name_trgm_idx ON organizations USING gin (name gin_trgm_ops)';
  END IF;
END
$$;
