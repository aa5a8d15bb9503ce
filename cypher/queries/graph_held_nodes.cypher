// BULK IMPORT: how many nodes the database holds beside the migration records; a full import
// (`upg db import-bulk`) replaces the database, so it refuses unless this is 0. Both counts
// come from the count store: constant time whatever the size.
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH (m:UpgMigration) RETURN count(m) AS migrations }
RETURN nodes - migrations AS held
