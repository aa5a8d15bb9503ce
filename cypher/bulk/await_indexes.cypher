// BULK IMPORT: wait until every index is online (populated) after cypher/bulk/schema, so the
// command returns a database whose reads seek their indexes. Fails after $seconds.
:param seconds => 600;

CALL db.awaitIndexes($seconds)
