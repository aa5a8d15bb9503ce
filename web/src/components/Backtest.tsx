// A health score's backtest (Health scores page): the verdict, then the three variants side by
// side (as weighted, without vanity, suggested weights), each with its ROC curve and its
// calibration by decile, in plain SVG (no chart library: two small charts do not need one).
import { useQuery } from "@urql/preact";
import { BacktestDocument, type VariantFieldsFragment } from "../generated/graphql";
import { Errors } from "../errors";
import { Loading } from "./common";
import { number, percent } from "../stats";

const SIZE = 200;
const PAD = 28;
const PLOT = SIZE - PAD - 8;
const VARIANT_LABEL: Record<string, string> = {
  AS_WEIGHTED: "As weighted today",
  WITHOUT_VANITY: "Without vanity",
  SUGGESTED: "Suggested weights",
};

const x = (v: number) => PAD + v * PLOT;
const y = (v: number) => 8 + (1 - v) * PLOT;

function Axes(props: { xLabel: string; yLabel: string }) {
  return (
    <g class="axes">
      <rect x={PAD} y={8} width={PLOT} height={PLOT} class="plot-frame" />
      <text x={PAD + PLOT / 2} y={SIZE - 4} text-anchor="middle" class="axis-label">
        {props.xLabel}
      </text>
      <text transform={`translate(10 ${8 + PLOT / 2}) rotate(-90)`} text-anchor="middle" class="axis-label">
        {props.yLabel}
      </text>
    </g>
  );
}

export function RocCurve({ v }: { v: VariantFieldsFragment }) {
  const points = [{ falsePositiveRate: 0, truePositiveRate: 0 }, ...v.roc, { falsePositiveRate: 1, truePositiveRate: 1 }];
  const auc = v.auc ? number(v.auc.value, 2) : "untested";
  return (
    <svg class="roc" width={SIZE} height={SIZE} role="img" aria-label={`ROC curve, ${VARIANT_LABEL[v.variant]}: AUC ${auc}`}>
      <Axes xLabel="false positive rate" yLabel="true positive rate" />
      <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} class="chance" />
      <polyline class="curve" points={points.map((p) => `${x(p.falsePositiveRate)},${y(p.truePositiveRate)}`).join(" ")} />
    </svg>
  );
}

export function Calibration({ v }: { v: VariantFieldsFragment }) {
  const bins = v.calibration;
  const width = PLOT / Math.max(bins.length, 1);
  return (
    <svg class="calibration" width={SIZE} height={SIZE} role="img" aria-label={`Calibration by decile, ${VARIANT_LABEL[v.variant]}`}>
      <Axes xLabel="decile (1 = lowest score)" yLabel="outcome rate" />
      {bins.map((b, i) => (
        <g key={b.decile} data-decile={b.decile}>
          <title>{`decile ${b.decile}: ${b.accounts} accounts, observed ${percent(b.observed)}, predicted ${percent(b.predicted)}`}</title>
          <rect class="observed" x={PAD + i * width + 2} y={y(b.observed)} width={Math.max(width - 4, 1)} height={y(0) - y(b.observed)} />
          <circle class="predicted" cx={PAD + (i + 0.5) * width} cy={y(b.predicted)} r={3} />
        </g>
      ))}
    </svg>
  );
}

function Variant({ v }: { v: VariantFieldsFragment }) {
  return (
    <figure class="variant" data-variant={v.variant}>
      <figcaption>
        <strong>{VARIANT_LABEL[v.variant]}</strong>
        <br />
        AUC <span class="auc">{v.auc ? `${number(v.auc.value)} (${number(v.auc.low)}–${number(v.auc.high)})` : "untested"}</span>
        <br />
        top-decile lift {number(v.topDecileLift, 1)} · Brier {number(v.brier, 3)} (base {number(v.brierReference, 3)})
      </figcaption>
      <RocCurve v={v} />
      <Calibration v={v} />
    </figure>
  );
}

export function BacktestPanel({ scoreId }: { scoreId: string }) {
  const [result] = useQuery({ query: BacktestDocument, variables: { id: scoreId } });
  const b = result.data?.healthScoreBacktest;
  return (
    <section class="panel backtest" aria-labelledby="backtest-title">
      <h3 id="backtest-title">Backtest</h3>
      {result.fetching && !b ? <Loading what="the backtest" /> : null}
      <Errors error={result.error} />
      {b ? (
        <>
          <p>
            Does it predict <strong>{b.outcome.title}</strong> within {b.horizonDays} days? Verdict{" "}
            <strong class={`verdict ${b.verdict.toLowerCase()}`} data-verdict={b.verdict}>
              {b.verdict.replace("_", " ")}
            </strong>{" "}
            ({b.accounts} accounts, {b.positives} with the outcome, base rate {percent(b.baseRate, 1)}).
            {b.vanityAucDifference
              ? ` Without vanity the AUC moves by ${number(b.vanityAucDifference.value, 3)} (${number(b.vanityAucDifference.low, 3)}–${number(b.vanityAucDifference.high, 3)})${b.vanityChangesAuc ? "" : ": no real change"}.`
              : ""}
          </p>
          <p class="legend">
            ROC: the curve above the diagonal separates better than chance. Calibration: bars are the observed
            outcome rate per score decile, dots the predicted one.
          </p>
          <div class="variants">
            {b.variants.map((v) => (
              <Variant v={v} key={v.variant} />
            ))}
          </div>
        </>
      ) : result.fetching || result.error ? null : (
        <p class="muted">No backtest: the score validates no outcome to test.</p>
      )}
    </section>
  );
}
