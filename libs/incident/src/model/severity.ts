export const SEVERITIES = ['critical', 'major', 'minor'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const isSeverity = (value: string): value is Severity =>
  (SEVERITIES as readonly string[]).includes(value);
