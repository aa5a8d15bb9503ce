// Weight bars in plain SVG: one bar per milestone, vanity in red, and the vanity share on top.
import { percent } from "../stats";

export interface Bar {
  id: string;
  title: string;
  weight: number;
  vanity: boolean;
  href: string;
}

const WIDTH = 720;
const LABEL = 300;
const ROW = 26;

export function ShareBar(props: { share: number; title: string }) {
  const vanity = Math.round(props.share * (WIDTH - 2));
  return (
    <svg class="share" width={WIDTH} height={28} role="img" aria-label={`${props.title}: ${percent(props.share, 1)} of the weight is vanity`}>
      <rect x={1} y={1} width={WIDTH - 2} height={24} class="weight-total" />
      <rect x={1} y={1} width={vanity} height={24} class="weight-vanity" />
      <text x={8} y={18} class="share-label">
        {percent(props.share, 1)} vanity
      </text>
    </svg>
  );
}

export function WeightBars(props: { bars: Bar[]; total: number }) {
  const max = Math.max(...props.bars.map((b) => b.weight), 1);
  const scale = (WIDTH - LABEL - 80) / max;
  return (
    <svg class="bars" width={WIDTH} height={props.bars.length * ROW + 4} role="list">
      {props.bars.map((bar, i) => (
        <a href={bar.href} role="listitem" aria-label={`${bar.title}: weight ${bar.weight}${bar.vanity ? ", vanity" : ""}`} key={bar.id}>
          <g class={`bar ${bar.vanity ? "vanity" : "kept"}`} data-title={bar.title} transform={`translate(0 ${i * ROW})`}>
            <title>{bar.title}</title>
            <text x={LABEL - 8} y={17} text-anchor="end" class="bar-label">
              {bar.title.length > 36 ? `${bar.title.slice(0, 34)}…` : bar.title}
            </text>
            <rect x={LABEL} y={4} width={Math.max(2, bar.weight * scale)} height={18} />
            <text x={LABEL + bar.weight * scale + 6} y={17} class="bar-value">
              {bar.weight} ({percent(props.total ? bar.weight / props.total : null)})
            </text>
          </g>
        </a>
      ))}
    </svg>
  );
}
