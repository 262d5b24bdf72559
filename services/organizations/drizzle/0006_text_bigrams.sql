-- Every two-character piece of a text, for name search by index. Chinese names are searched by
-- words of two characters (敬老, 邻里, 助残) more than by any other length, and a trigram index
-- (0002) has nothing to look up for a two-character pattern, so such a search read the whole
-- table. A GIN index over these bigrams finds the candidates of any pattern of two or more
-- characters; ILIKE still decides the match. IMMUTABLE so that it can back an expression index.
CREATE OR REPLACE FUNCTION text_bigrams(value text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT coalesce(array_agg(DISTINCT substr(value, i, 2)), '{}') FROM generate_series(1, char_length(value) - 1) AS i $$;
