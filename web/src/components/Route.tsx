// Small pieces of the accounts pages: the account URL, dates, route status and step badges.
import type { RouteStatus, StepState as State } from "../generated/graphql";

export function accountPath(id: string): string {
  return `/accounts/${encodeURIComponent(id)}`;
}

/** The date part of an ISO time (UTC), as the API gives it. */
export function day(value: string | null | undefined): string {
  return value ? value.slice(0, 10) : "";
}

export function StatusBadge({ status }: { status: RouteStatus }) {
  return (
    <span class={`badge status ${status.toLowerCase()}`} data-status={status}>
      {status.replace("_", " ").toLowerCase()}
    </span>
  );
}

export function StepState({ state }: { state: State }) {
  return (
    <span class={`badge step ${state.toLowerCase()}`} data-state={state}>
      {state.toLowerCase()}
    </span>
  );
}
