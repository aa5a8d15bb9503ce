// IMPORT: a batch of checked node rows of one type (`upg import`; docs/import-export.md).
// $labels is [UpgNode, <label>] from the schema registry. Each row: id, type, props (the fields
// the file gives: a null clears one), defaults (status, tags... for a new node only),
// created_at / updated_at (ISO text or null). Merging on the unique id makes a repeated batch
// change nothing; a row whose id belongs to a node of another type is skipped (the importer
// rejects those rows before writing). updated_at moves only when the content changed.
// A new milestone has no edges yet: its kept class is ORPHAN (queries/milestone_class_refresh).
:param labels => ['UpgNode', 'Product'];
:param rows => [{id: '00000000-0000-4000-8000-000000000001', type: 'PRODUCT', props: {type: 'PRODUCT', title: 'Imported product', status: 'active', tags: ['a']}, defaults: {status: 'active', tags: []}, created_at: null, updated_at: null}];

UNWIND $rows AS row
OPTIONAL MATCH (old:UpgNode {id: row.id})
WITH row, old
WHERE old IS NULL OR old.type = row.type
WITH row, old, old IS NOT NULL AND any(key IN keys(row.props) WHERE
  CASE
    WHEN old[key] IS NULL THEN row.props[key] IS NOT NULL
    WHEN row.props[key] IS NULL THEN true
    ELSE old[key] <> row.props[key]
  END) AS changed
MERGE (n:UpgNode {id: row.id})
  ON CREATE SET n:$($labels), n += row.defaults, n.id = row.id,
                n.milestone_class = CASE WHEN n:SuccessMilestone THEN 'ORPHAN' END
SET n += row.props,
    n.created_at = coalesce(datetime(row.created_at), n.created_at, datetime()),
    n.updated_at = CASE
      WHEN row.updated_at IS NOT NULL THEN datetime(row.updated_at)
      WHEN old IS NULL OR changed THEN datetime()
      ELSE n.updated_at
    END
RETURN count(CASE WHEN old IS NULL THEN 1 END) AS created,
       count(CASE WHEN changed THEN 1 END) AS updated
