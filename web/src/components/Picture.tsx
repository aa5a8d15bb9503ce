// A product's picture: scores and the product on the left, milestones in the middle, outcomes on
// the right. Drawn by Cytoscape.js, loaded only when a picture is first shown (its own chunk).
import { useEffect, useRef, useState } from "preact/hooks";
import type { Core, ElementDefinition } from "cytoscape";

export type MilestoneClass = "VALIDATED" | "VANITY" | "UNTRACKED" | "ORPHAN";

export interface PictureMilestone {
  id: string;
  title: string;
  classification: MilestoneClass;
  scores: { id: string; title: string; weight: number | null }[];
  outcomes: { id: string; title: string; verdict: string | null }[];
}

const COLOURS = {
  vanity: "#c62828",
  validated: "#2e7d32",
  untracked: "#ef6c00",
  orphan: "#757575",
  product: "#1565c0",
  score: "#6a1b9a",
  outcome: "#00838f",
};

function elements(productId: string, productTitle: string, milestones: PictureMilestone[]) {
  const nodes = new Map<string, ElementDefinition>();
  const edges: ElementDefinition[] = [];
  const rowGap = 64;
  const at = (column: number, row: number) => ({ x: column * 330, y: row * rowGap });
  nodes.set(productId, {
    data: { id: productId, label: productTitle, kind: "product" },
    position: at(0, 0),
  });
  const scoreRows = new Map<string, number>();
  const outcomeRows = new Map<string, number>();
  milestones.forEach((m, row) => {
    nodes.set(m.id, {
      data: { id: m.id, label: `${m.title}\n${m.classification.toLowerCase()}`, kind: "milestone" },
      classes: m.classification.toLowerCase(),
      position: at(1, row),
    });
    edges.push({ data: { id: `c-${m.id}`, source: productId, target: m.id, label: "" } });
    for (const s of m.scores) {
      if (!scoreRows.has(s.id)) {
        scoreRows.set(s.id, scoreRows.size + 1.5);
        nodes.set(s.id, {
          data: { id: s.id, label: s.title, kind: "score" },
          position: at(0, scoreRows.get(s.id) ?? 0),
        });
      }
      edges.push({
        data: { id: `s-${s.id}-${m.id}`, source: s.id, target: m.id, label: `×${s.weight ?? 1}` },
        classes: "contains",
      });
    }
    for (const o of m.outcomes) {
      if (!outcomeRows.has(o.id)) {
        outcomeRows.set(o.id, outcomeRows.size);
        nodes.set(o.id, {
          data: { id: o.id, label: o.title, kind: "outcome" },
          position: at(2, outcomeRows.get(o.id) ?? 0),
        });
      }
      const verdict = o.verdict ?? "no evidence yet";
      edges.push({
        data: { id: `v-${m.id}-${o.id}`, source: m.id, target: o.id, label: verdict },
        classes: `validates ${(o.verdict ?? "none").toLowerCase()}`,
      });
    }
  });
  return [...nodes.values(), ...edges];
}

const STYLE = [
  {
    selector: "node",
    style: {
      label: "data(label)",
      "text-wrap": "wrap",
      "text-max-width": "200px",
      "font-size": "11px",
      "text-valign": "center",
      "text-halign": "center",
      shape: "round-rectangle",
      width: "220px",
      height: "44px",
      "background-color": "#fff",
      "border-width": 2,
      "border-color": COLOURS.orphan,
    },
  },
  { selector: "node[kind = 'product']", style: { "border-color": COLOURS.product, "background-color": "#e3f2fd" } },
  { selector: "node[kind = 'score']", style: { "border-color": COLOURS.score, "background-color": "#f3e5f5" } },
  { selector: "node[kind = 'outcome']", style: { "border-color": COLOURS.outcome, "background-color": "#e0f7fa" } },
  { selector: "node.vanity", style: { "border-color": COLOURS.vanity, "background-color": "#ffebee", color: COLOURS.vanity, "border-width": 3 } },
  { selector: "node.validated", style: { "border-color": COLOURS.validated, "background-color": "#e8f5e9" } },
  { selector: "node.untracked", style: { "border-color": COLOURS.untracked, "border-style": "dashed" } },
  { selector: "node.orphan", style: { "border-color": COLOURS.orphan, "border-style": "dotted" } },
  {
    selector: "edge",
    style: {
      width: 1.5,
      "curve-style": "bezier",
      "target-arrow-shape": "triangle",
      "line-color": "#9e9e9e",
      "target-arrow-color": "#9e9e9e",
      label: "data(label)",
      "font-size": "9px",
      "text-background-color": "#fff",
      "text-background-opacity": 1,
    },
  },
  { selector: "edge.validates", style: { "line-color": COLOURS.outcome, "target-arrow-color": COLOURS.outcome } },
  { selector: "edge.validated", style: { "line-color": COLOURS.validated, "target-arrow-color": COLOURS.validated, width: 3 } },
  { selector: "edge.refuted", style: { "line-color": COLOURS.vanity, "target-arrow-color": COLOURS.vanity, "line-style": "dashed" } },
  { selector: "edge.unproven", style: { "line-style": "dotted" } },
];

const importCytoscape = () => import("cytoscape");
let loading: ReturnType<typeof importCytoscape> | null = null;

/** Start fetching Cytoscape (once): called as soon as a page that draws pictures opens, so the
 * chunk loads while the page's queries run, not after them. */
export function loadCytoscape(): ReturnType<typeof importCytoscape> {
  loading ??= importCytoscape();
  return loading;
}

export function Picture(props: { productId: string; productTitle: string; milestones: PictureMilestone[] }) {
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const { productId, productTitle, milestones } = props;
  useEffect(() => {
    let graph: Core | null = null;
    let cancelled = false;
    loadCytoscape()
      .then(({ default: cytoscape }) => {
        if (cancelled || !box.current) return;
        graph = cytoscape({
          container: box.current,
          elements: elements(productId, productTitle, milestones),
          style: STYLE as never,
          layout: { name: "preset", fit: true, padding: 24 },
          userZoomingEnabled: false,
          boxSelectionEnabled: false,
          autoungrabify: true,
        });
        box.current.dataset.drawn = String(graph?.nodes().length ?? 0);
      })
      .catch((error: unknown) => setFailed(String(error)));
    return () => {
      cancelled = true;
      graph?.destroy();
    };
  }, [productId, productTitle, milestones]);
  const vanity = milestones.filter((m) => m.classification === "VANITY").length;
  const height = Math.max(220, milestones.length * 64 + 60);
  return (
    <div>
      <div
        ref={box}
        class="picture"
        role="img"
        aria-label={`${productTitle}: ${milestones.length} milestones, ${vanity} vanity (in red)`}
        data-product={productId}
        style={{ height: `${height}px` }}
      />
      {failed ? <p class="error">The picture could not be drawn: {failed}</p> : null}
    </div>
  );
}
