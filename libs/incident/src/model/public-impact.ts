/**
 * The impact customers are shown, on the status page's scale (Statuspage's incident impact). It is chosen by the
 * communications lead and never follows the internal severity: a critical-severity data leak may well be
 * `none` to customers, and a minor one a visible outage.
 */
export const PUBLIC_IMPACTS = ['none', 'minor', 'major', 'critical'] as const;
export type PublicImpact = (typeof PUBLIC_IMPACTS)[number];

export const isPublicImpact = (value: string): value is PublicImpact =>
  (PUBLIC_IMPACTS as readonly string[]).includes(value);

/** What customers see before anyone chose an impact: nothing claimed. */
export const DEFAULT_PUBLIC_IMPACT: PublicImpact = 'none';
