// A milestone's activation trend (Milestone page): reach rate by sign-up cohort as bars, the
// outcome rate as a line, and median / p75 days to the milestone in a table, in plain SVG.
import { useQuery } from "@urql/preact";
import { ActivationTrendDocument } from "../generated/graphql";
import { Errors } from "../errors";
import { Loading } from "./common";
import { number, percent } from "../stats";

const HEIGHT = 160;
const TOP = 10;
const LEFT = 36;
const BAR = 28;

export function ActivationTrend({ milestoneId }: { milestoneId: string }) {
  const [result] = useQuery({ query: ActivationTrendDocument, variables: { milestoneId, period: "MONTH" } });
  const trend = result.data?.activationTrend;
  if (result.fetching && !trend) return <Loading what="the activation trend" />;
  if (result.error) return <Errors error={result.error} />;
  if (!trend || trend.cohorts.length === 0) return <p class="muted">No account signed up yet: no cohort to draw.</p>;
  const cohorts = trend.cohorts;
  const width = LEFT + cohorts.length * BAR + 10;
  const y = (v: number) => TOP + (1 - v) * HEIGHT;
  const line = cohorts
    .map((c, i) => (c.outcomeRate === null ? null : `${LEFT + (i + 0.5) * BAR},${y(c.outcomeRate)}`))
    .filter((p): p is string => p !== null)
    .join(" ");
  return (
    <>
      <p class="legend">
        Monthly sign-up cohorts: bars are the share that reached it within {trend.windowDays} days
        {trend.outcome ? (
          <>
            , the line the share that reached <strong>{trend.outcome.title}</strong>
          </>
        ) : null}
        .
      </p>
      <svg class="activation" width={width} height={HEIGHT + TOP + 24} role="img" aria-label="Reach rate by monthly sign-up cohort">
        <line x1={LEFT} y1={y(0)} x2={width - 10} y2={y(0)} class="plot-frame" />
        {[0, 0.5, 1].map((t) => (
          <text x={LEFT - 4} y={y(t) + 4} text-anchor="end" class="axis-label" key={t}>
            {percent(t)}
          </text>
        ))}
        {cohorts.map((c, i) => (
          <g class="cohort" data-start={c.start} data-reach-rate={c.reachRate ?? ""} key={c.start}>
            <title>{`${c.start.slice(0, 7)}: ${c.reachedInWindow} of ${c.eligible} eligible reached it (${percent(c.reachRate)})`}</title>
            {c.reachRate !== null ? (
              <rect class="reach" x={LEFT + i * BAR + 3} y={y(c.reachRate)} width={BAR - 6} height={y(0) - y(c.reachRate)} />
            ) : null}
            {i % 2 === 0 ? (
              <text x={LEFT + (i + 0.5) * BAR} y={y(0) + 14} text-anchor="middle" class="axis-label">
                {c.start.slice(2, 7)}
              </text>
            ) : null}
          </g>
        ))}
        {line ? <polyline class="outcome-line" points={line} /> : null}
      </svg>
      <table class="activation-table">
        <thead>
          <tr>
            <th scope="col">Cohort</th>
            <th scope="col">Accounts</th>
            <th scope="col">Reach rate</th>
            <th scope="col">Median days</th>
            <th scope="col">p75 days</th>
            <th scope="col">Outcome rate</th>
          </tr>
        </thead>
        <tbody>
          {cohorts.map((c) => (
            <tr key={c.start}>
              <td>{c.start.slice(0, 7)}</td>
              <td>{c.accounts}</td>
              <td>{percent(c.reachRate)}</td>
              <td class="median">{number(c.medianDays, 1)}</td>
              <td>{number(c.p75Days, 1)}</td>
              <td>{percent(c.outcomeRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
