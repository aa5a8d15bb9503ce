// UNMEASURED OUTCOMES (success gaps in measurement)
// Outcomes the customer wants that no success milestone validates: nobody can tell whether
// customers are getting there. Returns one row: the count and one page. The count is a
// count, and the page is ordered, skipped and limited before it is projected, so a page does
// not build the list of every gap first.
// The far ends are not checked by label: the schema registry only lets a score CONTAIN
// and a milestone VALIDATE an outcome, and naming them would cost a label check per edge.
// Timestamps and dates come back as ISO strings (toString): the driver decodes a DateTime
// ~200x slower than Python parses its string, and these statements return many of them.
:param skip => 0;
:param limit => 20;

CALL () {
  MATCH (o:Outcome)
  WHERE NOT EXISTS { (o)<-[:VALIDATES]-() }
  RETURN count(o) AS total
}
CALL () {
  MATCH (o:Outcome)
  WHERE NOT EXISTS { (o)<-[:VALIDATES]-() }
  WITH o
  ORDER BY o.title, o.id
  SKIP $skip
  LIMIT coalesce($limit, 1000000000)
  RETURN collect(o {
    .*,
    created_at: toString(o.created_at),
    updated_at: toString(o.updated_at)
  }) AS outcomes
}
RETURN total, outcomes
