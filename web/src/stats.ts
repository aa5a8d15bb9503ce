// Small number helpers for the evidence view (the API gives counts, rates and effect sizes).

/** Wilson's 95% interval for k successes out of n (null when n is 0). */
export function wilson(k: number, n: number, z = 1.96): [number, number] | null {
  if (n <= 0) return null;
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export function percent(value: number | null | undefined, digits = 0): string {
  return value === null || value === undefined ? "n/a" : `${(value * 100).toFixed(digits)}%`;
}

export function number(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined ? "n/a" : value.toFixed(digits);
}

export function pValue(value: number): string {
  return value < 0.0001 ? "< 0.0001" : value.toFixed(4);
}
