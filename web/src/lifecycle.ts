// The milestone lifecycle (a copy of upg.model.lifecycle.WORK_ITEM, checked by
// tests/unit/test_web_lifecycle.py): which moves to offer from a status.
import lifecycle from "./lifecycle.json";
import type { MilestoneStatus } from "./generated/graphql";

const transitions: Record<string, string[]> = lifecycle.transitions;

export const STATES = Object.keys(transitions);

export function allowedFrom(status: string): MilestoneStatus[] {
  return (transitions[status] ?? []).map((s) => s.toUpperCase() as MilestoneStatus);
}

export function label(status: string): string {
  return status.replace(/_/g, " ").toLowerCase();
}
