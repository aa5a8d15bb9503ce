// Create a node unless one with the same id exists (demo and seed data: loading twice changes
// nothing). Returns the node as it is, and whether this statement created it.
:param labels => ['UpgNode', 'Product'];
:param props => {id: '00000000-0000-4000-8000-000000000001', type: 'PRODUCT', title: 'Example product', status: 'active', tags: ['example']};

MERGE (n:UpgNode {id: $props.id})
  ON CREATE SET n:$($labels), n = $props, n.created_at = datetime(), n.updated_at = datetime()
RETURN n {.*} AS node, n.created_at = datetime() AS created
