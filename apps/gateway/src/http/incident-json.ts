import type { Incident, IncidentService } from '@firebreak/incident';

/** An incident as the API answers it: the domain's fields, and the link to its page on the responders' site. */
export type IncidentJson = Incident & { readonly documentUrl: string | null };

export function incidentJson(incidents: IncidentService, incident: Incident): IncidentJson;
export function incidentJson(incidents: IncidentService, incident: Incident | null): IncidentJson | null;
export function incidentJson(incidents: IncidentService, incident: Incident | null): IncidentJson | null {
  return incident ? { ...incident, documentUrl: incidents.documentUrl(incident.ref) } : null;
}
