// The schema migrations applied so far, each with the checksum of the file as it was applied.
MATCH (m:UpgMigration)
RETURN m.name AS name, m.checksum AS checksum
