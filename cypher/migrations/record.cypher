// Record one applied schema migration (idempotent: a second run keeps the first record).
:param migration => '001_constraints';
:param checksum => '5f1c0a';

MERGE (m:UpgMigration {name: $migration})
ON CREATE SET m.checksum = $checksum, m.applied_at = datetime()
