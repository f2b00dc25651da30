export const ROLES = ['reporter', 'lead', 'scribe', 'comms'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that can be assigned, taken and transferred from chat; the reporter is fixed at declare. */
export const ASSIGNABLE_ROLES = ['lead', 'scribe', 'comms'] as const;
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

export const ROLE_TITLES: Record<Role, string> = {
  reporter: 'Reporter',
  lead: 'Incident Lead',
  scribe: 'Scribe',
  comms: 'Communications Lead',
};

export const isAssignableRole = (value: string): value is AssignableRole =>
  (ASSIGNABLE_ROLES as readonly string[]).includes(value);
