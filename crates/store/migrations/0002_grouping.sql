-- Version 2: near-duplicate signatures (MinHash, LSH bands), the pairs they found, and
-- an index over active corrections.

-- One signature per article and signing scheme (the scheme names the shingle size,
-- permutations and banding, so signatures of different schemes are never compared).
CREATE TABLE signatures (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    scheme     TEXT NOT NULL,
    minhash    BLOB NOT NULL,   -- little-endian u32 per permutation
    PRIMARY KEY (article_id, scheme)
);

-- The LSH index: an article is a candidate near-duplicate of another when one band hash
-- is equal. Band hashes are u64 stored as their two's-complement i64.
CREATE TABLE lsh_bands (
    scheme     TEXT NOT NULL,
    band       INTEGER NOT NULL,
    hash       INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (scheme, band, hash, article_id)
) WITHOUT ROWID;

-- Near-duplicate pairs (a < b) with their estimated Jaccard similarity.
CREATE TABLE near_duplicates (
    a          TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    b          TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    scheme     TEXT NOT NULL,
    similarity REAL NOT NULL,
    PRIMARY KEY (a, b, scheme)
);

CREATE INDEX corrections_active ON corrections (undone_at, id);
