// Page 2, Health scores: each score's weight bars per milestone, its vanity share at a glance;
// one score's own page adds its backtest (ROC curve, calibration, verdict: it reads every
// account, so the list does not ask for it on each card).
import { useQuery } from "@urql/preact";
import { HealthScoreOneDocument, HealthScoresDocument, type ScoreAuditFragment } from "../generated/graphql";
import { Errors } from "../errors";
import { Loading, Pager, nodePath } from "../components/common";
import { ShareBar, WeightBars } from "../components/Bars";
import { number } from "../stats";
import { BacktestPanel } from "../components/Backtest";

const SCORES_PER_PAGE = 10;
const MILESTONES_PER_SCORE = 50;

function ScoreCard({ audit, backtest = false }: { audit: ScoreAuditFragment; backtest?: boolean }) {
  const score = audit.healthScore;
  const bars = score.milestones.edges.map((e) => ({
    id: e.node.id,
    title: e.node.title,
    weight: e.weight ?? 1,
    vanity: e.node.isVanity,
    href: nodePath("SuccessMilestone", e.node.id),
  }));
  return (
    <article class="score" data-title={score.title} data-vanity-share={audit.vanityShare} aria-labelledby={`s-${score.id}`}>
      <h2 id={`s-${score.id}`}>
        <a href={nodePath("CustomerHealthScore", score.id)}>{score.title}</a>
      </h2>
      {score.description ? <p class="muted">{score.description}</p> : null}
      <ShareBar share={audit.vanityShare} title={score.title} />
      <p class="summary">
        Vanity weight <strong>{number(audit.vanityWeight, 1)}</strong> of{" "}
        <strong>{number(audit.totalWeight, 1)}</strong> ({score.milestones.totalCount} milestones)
      </p>
      <WeightBars bars={bars} total={audit.totalWeight} />
      {score.milestones.pageInfo.hasNextPage ? (
        <p class="muted">
          The {MILESTONES_PER_SCORE} first milestones of {score.milestones.totalCount} are drawn.
        </p>
      ) : null}
      {backtest ? (
        <BacktestPanel scoreId={score.id} />
      ) : (
        <p>
          <a href={nodePath("CustomerHealthScore", score.id)}>Backtest: does {score.title} predict its outcome?</a>
        </p>
      )}
    </article>
  );
}

export function HealthScoresPage(props: { id: string | null; after: string | null }) {
  return props.id ? <OneScore id={props.id} /> : <ScoreList after={props.after} />;
}

function OneScore({ id }: { id: string }) {
  const [result] = useQuery({ query: HealthScoreOneDocument, variables: { id, milestones: MILESTONES_PER_SCORE } });
  if (result.fetching) return <Loading what="the health score" />;
  const audit = result.data?.healthScoreAudit;
  return (
    <>
      <p>
        <a href="/health-scores">All health scores</a>
      </p>
      <Errors error={result.error} />
      {audit ? <ScoreCard audit={audit} backtest /> : result.error ? null : <p>No health score with id {id}.</p>}
    </>
  );
}

function ScoreList({ after }: { after: string | null }) {
  const [result] = useQuery({
    query: HealthScoresDocument,
    variables: { first: SCORES_PER_PAGE, after, milestones: MILESTONES_PER_SCORE },
  });
  const audits = result.data?.healthScoreAudits;
  return (
    <>
      <p class="legend">
        Bars are CONTAINS weights; <span class="badge vanity">red</span> milestones validate no
        outcome, so that share of the score measures motion, not progress.
      </p>
      <Errors error={result.error} />
      {result.fetching && !audits ? <Loading what="health scores" /> : null}
      {audits?.edges.map(({ node }) => <ScoreCard key={node.healthScore.id} audit={node} />)}
      {audits ? (
        <Pager
          path="/health-scores"
          after={after}
          hasNext={audits.pageInfo.hasNextPage}
          endCursor={audits.pageInfo.endCursor}
          shown={audits.edges.length}
          total={audits.totalCount}
          noun="health scores"
        />
      ) : null}
    </>
  );
}
