// An account's route (page 4): its destination, every step reached (when), due or overdue, the
// next step and the one suggested, and its health-score values. One `node(id:)` query.
import { useQuery } from "@urql/preact";
import { AccountRouteDocument, type StepFieldsFragment } from "../generated/graphql";
import { Errors } from "../errors";
import { Loading, Section, nodePath } from "../components/common";
import { day, StatusBadge, StepState } from "../components/Route";
import { number } from "../stats";

function Step({ step, label }: { step: StepFieldsFragment | null; label: string }) {
  if (!step) return null;
  return (
    <p class="step-line" data-step={label}>
      {label}: <a href={nodePath("SuccessMilestone", step.milestone.id)}>{step.milestone.title}</a>{" "}
      <StepState state={step.state} /> <span class="muted">due {day(step.dueAt)}</span>
    </p>
  );
}

export function AccountPage({ id }: { id: string }) {
  const [result] = useQuery({ query: AccountRouteDocument, variables: { id } });
  const node = result.data?.node;
  if (!node && result.fetching) return <Loading what="the account" />;
  if (result.error) return <Errors error={result.error} />;
  if (!node || node.__typename !== "Account") return <p>No account with id {id}.</p>;
  const a = node;
  const route = a.route;
  return (
    <div class="account-page" data-status={a.routeStatus ?? ""}>
      <p>
        <a href="/accounts">All accounts</a>
      </p>
      <h2 class="node-title">
        {a.title} {a.routeStatus ? <StatusBadge status={a.routeStatus} /> : null}
      </h2>
      <p class="muted">
        Signed up {day(a.signedUpAt)} · uses {a.products.map((p) => p.title).join(", ") || "no product"}
      </p>
      <Section title="Route" id="route">
        {route ? (
          <>
            <p class="destination">
              Desired outcome <strong data-outcome={route.outcome.title}>{route.outcome.title}</strong>
              {route.since ? ` (named ${day(route.since)})` : " (implied by its products)"}
              {route.achievedAt ? `, achieved ${day(route.achievedAt)}` : ""}. Last progress{" "}
              {day(route.lastProgressAt)}.
            </p>
            <Step step={route.nextMilestone} label="Next step" />
            <Step step={route.suggestedNext} label="Suggested next" />
            <table class="steps">
              <caption class="sr-only">The route's milestones in journey order</caption>
              <thead>
                <tr>
                  <th scope="col">Milestone</th>
                  <th scope="col">State</th>
                  <th scope="col">Reached</th>
                  <th scope="col">Due</th>
                  <th scope="col">Play</th>
                  <th scope="col">Evidence</th>
                </tr>
              </thead>
              <tbody>
                {route.steps.map((s) => (
                  <tr class={`route-step ${s.state.toLowerCase()}`} data-state={s.state} key={s.milestone.id}>
                    <td>
                      <a href={nodePath("SuccessMilestone", s.milestone.id)}>{s.milestone.title}</a>
                    </td>
                    <td>
                      <StepState state={s.state} />
                    </td>
                    <td class="reached-at">{day(s.reachedAt)}</td>
                    <td class="due-at">{day(s.dueAt)}</td>
                    <td>{s.play?.toLowerCase() ?? ""}</td>
                    <td>{s.evidenceVerdict ?? <span class="muted">none</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : (
          <p class="muted">No route: the account names no outcome and its products' milestones validate none.</p>
        )}
        {a.desiredOutcomes.length > 1 ? (
          <p class="muted">
            Other destinations:{" "}
            {a.desiredOutcomes
              .filter((d) => d.outcome.id !== route?.outcome.id)
              .map((d) => d.outcome.title)
              .join(", ")}
          </p>
        ) : null}
      </Section>
      <Section title="Milestones reached" id="reached">
        {a.reached.length === 0 ? (
          <p class="muted">None yet.</p>
        ) : (
          <ol class="reached">
            {a.reached.map((r) => (
              <li key={r.milestone.id}>
                {day(r.at)} <a href={nodePath("SuccessMilestone", r.milestone.id)}>{r.milestone.title}</a>
              </li>
            ))}
          </ol>
        )}
      </Section>
      <Section title="Health scores" id="account-scores">
        {a.healthScores.length === 0 ? (
          <p class="muted">No health score counts a milestone of its products.</p>
        ) : (
          <table class="account-scores">
            <thead>
              <tr>
                <th scope="col">Health score</th>
                <th scope="col">Value</th>
                <th scope="col">of it vanity</th>
                <th scope="col">of it earned</th>
              </tr>
            </thead>
            <tbody>
              {a.healthScores.map((h) => (
                <tr class="account-score" data-title={h.healthScore.title} key={h.healthScore.id}>
                  <td>
                    <a href={nodePath("CustomerHealthScore", h.healthScore.id)}>{h.healthScore.title}</a>
                  </td>
                  <td class="value">{number(h.value, 1)}</td>
                  <td>{number(h.vanityValue, 1)}</td>
                  <td>{number(h.earnedValue, 1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}
