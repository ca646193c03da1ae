/** The outcome of a rule check: the normalised value, or why the input breaks the rule. */
export type RuleResult<T> = { ok: true; value: T } | { ok: false; error: string };
