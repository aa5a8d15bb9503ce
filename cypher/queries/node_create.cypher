// Create one node. $labels is ['UpgNode', <label>] with the label taken from upg's schema registry.
// created_at / updated_at are set by the server clock.
:param labels => ['UpgNode', 'Product'];
:param props => {id: '00000000-0000-4000-8000-000000000001', type: 'PRODUCT', title: 'Example product', status: 'active', tags: ['example']};

CREATE (n:$($labels))
SET n = $props, n.created_at = datetime(), n.updated_at = datetime()
RETURN n {.*} AS node
