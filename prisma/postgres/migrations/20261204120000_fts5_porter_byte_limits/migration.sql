-- PostgreSQL indexes like FTS5's porter at both of its limits, which are counted in bytes of UTF-8.
--
-- FTS5's porter leaves a token unstemmed when it is shorter than 3 bytes of UTF-8, not 3 characters
-- (fts5_porter.c: nToken < 3 is a count of bytes). A token of two characters with one outside ASCII
-- is 3 bytes or more and is stemmed: the only rule of porter that can act on it is step 1a's plural
-- "s" (the others need longer ASCII endings or an ASCII vowel), so FTS5 indexes "μs" (microseconds,
-- as the docs write durations) as "μ" where kb_words kept "μs" as a short token. kb_words now drops
-- that "s" first; what is left is one character, marked short as before. Found by
-- test/postgres/stems.test.ts on the project's own prose.
--
-- FTS5's porter also leaves a token longer than 64 bytes unstemmed (FTS5_PORTER_MAX_TOKEN in
-- fts5_porter.c): base64 and hashes of pasted lines and certificates, long joined identifiers.
-- PostgreSQL's stemmer would cut their endings ("…ings" of a 70-letter token). kb_words now marks
-- such a token, measured in bytes before any other mark, with the suffix "qqq" (the stemmer leaves
-- a word ending in q alone); kb_fts5_lexeme takes the mark off again (src/repositories/postgres/
-- part-stats.ts, fts5Lexeme, does the same), and kb_lexeme_forms looks such a term up with it.

-- The marked words: a token of more than 64 bytes gets the suffix "qqq". Fewer than 17 characters
-- in a row are at most 64 bytes (4 per character), so most texts are returned as they are.
CREATE FUNCTION kb_mark_long(words TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN words !~ '[^ ]{17}' THEN words ELSE (
        SELECT string_agg(CASE WHEN octet_length(lower(w)) > 64 THEN w || 'qqq' ELSE w END, ' ' ORDER BY n)
        FROM regexp_split_to_table(words, ' ') WITH ORDINALITY AS t(w, n)) END
$$;

CREATE OR REPLACE FUNCTION kb_words(doc TEXT) RETURNS TEXT LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT regexp_replace(regexp_replace(
        regexp_replace(
            regexp_replace(
                regexp_replace(
                    kb_mark_long(regexp_replace(public.unaccent(doc), '[^[:alnum:]]+', ' ', 'g')),
                    '(^| )([^ a-zA-Z0-9])[sS](?= |$)', '\1\2', 'g'),
                '(^| )([0-9][[:alnum:]]{2,})(?= |$)', '\1qqq\2', 'g'),
            '(^| )([[:alnum:]]{1,2})(?= |$)', '\1\2qqq', 'g'),
        '(^| )([[:alnum:]]*[aeiouAEIOU][^aeiouAEIOU ][[:alnum:]]*[^aA ])[bB][lL][yY](?= |$)', '\1\2ble', 'g'),
    '(^| )([[:alnum:]]*[aeiouAEIOU][^aeiouAEIOU ][[:alnum:]]*)[lL][oO][gG](?:[yY]|[iI][eE][sS])(?= |$)', '\1\2log', 'g')
$$;

-- Without its marks: a short token's suffix, a digit-first token's prefix, then a long token's
-- suffix (no lexeme over 64 bytes is left unmarked: the stemmer only shortens).
CREATE OR REPLACE FUNCTION kb_fts5_lexeme(lexeme TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE
        WHEN lexeme ~ '^.{1,2}qqq$' THEN left(lexeme, -3)
        ELSE (SELECT CASE WHEN octet_length(b) > 64 AND right(b, 3) = 'qqq' THEN left(b, -3) ELSE b END
              FROM (SELECT CASE WHEN lexeme ~ '^qqq[0-9]' THEN substr(lexeme, 4) ELSE lexeme END AS b) x)
    END
$$;

CREATE OR REPLACE FUNCTION kb_lexeme_forms(term TEXT) RETURNS TEXT[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ARRAY[term]
        || CASE WHEN char_length(term) <= 2 THEN ARRAY[term || 'qqq'] ELSE '{}'::text[] END
        || CASE WHEN octet_length(term) > 64 THEN ARRAY[term || 'qqq'] ELSE '{}'::text[] END
        || CASE WHEN term ~ '^[0-9]' THEN
               ARRAY['qqq' || term] || CASE WHEN octet_length(term) > 64 THEN ARRAY['qqq' || term || 'qqq'] ELSE '{}'::text[] END
           ELSE '{}'::text[] END
$$;

-- Re-index what is there (the triggers do it for new rows).
UPDATE "Entry" SET "title" = "title";
SELECT kb_entry_code(ARRAY(SELECT "id" FROM "Entry"));
UPDATE "kb_generation" SET "generation" = "generation" + 1, "changedAt" = now() WHERE "id" = 1;
