/** The bytes of summary.json and of a scenario file as the planner exports it: two-space JSON and a final newline. */
export function stableJson (x: unknown): string {
  return JSON.stringify(x, null, 2) + '\n'
}
