-- FTS5's porter undoes every double consonant but l, s and z that "-ed" or "-ing" leaves at a word's
-- end (fts5_porter.c, step 1b: "trekking" -> "trekk" -> "trek"); Snowball's porter, the istio_kb_porter
-- dictionary, undoes only bb dd ff gg mm nn pp rr tt and keeps "trekk". kb_words now does that step
-- for the other doubles, before any mark, where FTS5's step 1b would take the suffix: the stem before
-- "-ed"/"-ing" (and a plural "s", which step 1a takes first) must hold a vowel as porter counts them
-- (a, e, i, o, u, or y after a consonant).
--   cc hh jj kk qq vv ww xx: the vowel is before the double ("akking" -> "ak"; "kking" stays).
--   yy: a stem ending in it always holds one (its second y follows a consonant, or its first y a
--       vowel). FTS5 goes on with step 1c, y -> i where a vowel is before the y, here too: the
--       result may be too short for the stemmer (a token of two letters is marked and left as it
--       is), "ayying" -> "ai", "keyyed" -> "kei", "flyying" -> "fly", "yying" -> "y".
-- What is left ends in one of those letters or in "i", so Snowball's steps 1a to 1c leave it alone and
-- its later steps meet what FTS5's meet. Found by test/postgres/stems.test.ts ("revving", "trekked",
-- "ayying", ...).

-- kb_words of migration 20261204180000 with the doubles undone right after the long tokens' mark (a
-- marked token ends in "qqq", never in "-ed" or "-ing"), so before every other mark. In order: a long
-- token's suffix; the doubles; a plural "s" dropped after one character outside ASCII; a digit-first
-- token's prefix; a short token's suffix; "-bly" -> "-ble" and "-logy"/"-logies" -> "-log".
CREATE OR REPLACE FUNCTION kb_words(doc TEXT) RETURNS TEXT LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT regexp_replace(regexp_replace(
        regexp_replace(
            regexp_replace(
                regexp_replace(
                    regexp_replace(regexp_replace(regexp_replace(
                        kb_mark_long(kb_fold(doc)),
                        '(^| )([^ ]*?(?:[aeiou]|[^aeiou ]y)[^ ]*?)([chjkqvwx])\3(?:ed|ing)s?(?= |$)', '\1\2\3', 'g'),
                        '(^| )([^ ]*?(?:[aeiou]|[^aeiou ]y)[^ ]*?)yy(?:ed|ing)s?(?= |$)', '\1\2i', 'g'),
                        '(^| )([^ ]*?)yy(?:ed|ing)s?(?= |$)', '\1\2y', 'g'),
                    '(^| )([^ a-z0-9])s(?= |$)', '\1\2', 'g'),
                '(^| )([0-9][^ ]{2,})(?= |$)', '\1qqq\2', 'g'),
            '(^| )([^ ]{1,2})(?= |$)', '\1\2qqq', 'g'),
        '(^| )([^ ]*[aeiou][^aeiou ][^ ]*[^a ])bly(?= |$)', '\1\2ble', 'g'),
    '(^| )([^ ]*[aeiou][^aeiou ][^ ]*)log(?:y|ies)(?= |$)', '\1\2log', 'g')
$$;

-- Re-index what is there (the triggers do it for new rows). Token counts and identifiers do not
-- change, so neither do the statistics and vocabularies derived from them.
UPDATE "Entry" SET "title" = "title";
SELECT kb_entry_code(ARRAY(SELECT "id" FROM "Entry"));
UPDATE "kb_generation" SET "generation" = "generation" + 1, "changedAt" = now() WHERE "id" = 1;
