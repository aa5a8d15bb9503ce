// One (milestone, outcome) pair's evidence: the 2x2 table, the two rates with 95% intervals,
// the phi band and the odds ratio, as the API computed and stored them (computeEvidence).
import type { EvidenceFieldsFragment } from "../generated/graphql";
import { number, percent, pValue, wilson } from "../stats";

const BANDS: [number, string][] = [
  [0.2, "not"],
  [0.3, "slightly"],
  [0.4, "moderately"],
  [1, "highly"],
];

function PhiBand({ phi }: { phi: number | null }) {
  const width = 400;
  const x = (v: number) => 10 + v * (width - 20);
  let from = 0;
  return (
    <svg class="phi" width={width} height={46} role="img" aria-label={`phi ${number(phi)}`}>
      {BANDS.map(([to, name]) => {
        const band = (
          <g class={`band ${name}`} key={name}>
            <rect x={x(from)} y={6} width={x(to) - x(from)} height={16} />
            <text x={(x(from) + x(to)) / 2} y={38} text-anchor="middle">
              {name}
            </text>
          </g>
        );
        from = to;
        return band;
      })}
      {phi === null ? null : <line class="phi-mark" x1={x(Math.abs(phi))} x2={x(Math.abs(phi))} y1={2} y2={26} />}
    </svg>
  );
}

function RateBar(props: { label: string; k: number; n: number; rate: number | null }) {
  const ci = wilson(props.k, props.n);
  const width = 300;
  const x = (v: number) => v * width;
  return (
    <div class="rate">
      <span class="rate-label">{props.label}</span>
      <svg width={width + 10} height={20} aria-hidden="true">
        <rect x={0} y={4} width={width} height={12} class="rate-track" />
        {props.rate === null ? null : <rect x={0} y={4} width={x(props.rate)} height={12} class="rate-fill" />}
        {ci ? <line x1={x(ci[0])} x2={x(ci[1])} y1={10} y2={10} class="rate-ci" /> : null}
      </svg>
      <span class="rate-value" data-rate={props.rate ?? ""}>
        {percent(props.rate)} ({props.k} of {props.n}
        {ci ? `; 95% ${percent(ci[0])}–${percent(ci[1])}` : ""})
      </span>
    </div>
  );
}

export function EvidenceView({ e }: { e: EvidenceFieldsFragment }) {
  return (
    <article class="evidence" data-outcome={e.outcome.title} data-verdict={e.verdict}>
      <h3>
        Validates <a href={`/search?q=${encodeURIComponent(e.outcome.title)}`}>{e.outcome.title}</a>{" "}
        <span class={`verdict ${e.verdict.toLowerCase()}`}>{e.verdict}</span>
      </h3>
      <table class="two-by-two">
        <caption>
          {e.n} accounts as of {e.computedAt.slice(0, 10)}
        </caption>
        <thead>
          <tr>
            <td />
            <th scope="col">outcome</th>
            <th scope="col">no outcome</th>
            <th scope="col">total</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">reached the milestone</th>
            <td data-cell="a">{e.a}</td>
            <td data-cell="b">{e.b}</td>
            <td>{e.hits}</td>
          </tr>
          <tr>
            <th scope="row">did not</th>
            <td data-cell="c">{e.c}</td>
            <td data-cell="d">{e.d}</td>
            <td>{e.misses}</td>
          </tr>
        </tbody>
      </table>
      <RateBar label="Outcome rate if reached" k={e.a} n={e.hits} rate={e.rateHit} />
      <RateBar label="Outcome rate if not" k={e.c} n={e.misses} rate={e.rateMiss} />
      <dl class="measures">
        <dt>Risk difference</dt>
        <dd>
          {percent(e.riskDifference, 1)} (95% {percent(e.riskDifferenceLow, 1)} to {percent(e.riskDifferenceHigh, 1)})
        </dd>
        <dt>Odds ratio</dt>
        <dd data-odds-ratio={e.oddsRatio ?? ""}>
          {number(e.oddsRatio)} (95% {number(e.oddsRatioLow)} to {number(e.oddsRatioHigh)})
        </dd>
        <dt>Phi</dt>
        <dd>
          {number(e.phi)}: {e.strength}
        </dd>
        <dt>p (Fisher, adjusted)</dt>
        <dd>
          {pValue(e.fisherP)}, {pValue(e.adjustedP)}
        </dd>
        <dt>Coverage</dt>
        <dd>{percent(e.coverage)} of accounts reached it</dd>
      </dl>
      <PhiBand phi={e.phi} />
    </article>
  );
}
