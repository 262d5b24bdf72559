-- The bigram index (0006/0007) finds the candidates of every name search of two characters or
-- more. The trigram index (0002) only got in its way: a prepared search's generic plan cannot
-- see the searched text, took the trigram index for selective, and ANDed it with the bigram
-- index — for a two-character word that read the whole trigram index (every row) on each search.
DROP INDEX IF EXISTS organizations_name_trgm_idx;
