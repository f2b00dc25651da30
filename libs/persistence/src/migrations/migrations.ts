import { InitialSchema1764000000000 } from './1764000000000-initial-schema.js';
import { CommunicationsSchema1764300000000 } from './1764300000000-communications-schema.js';
import { StatusPageSchema1764200000000 } from './1764200000000-status-page-schema.js';
import { PostIncidentReview1764100000000 } from './1764100000000-post-incident-review.js';
import { IdempotencyScope1764450000000 } from './1764450000000-idempotency-scope.js';
import { IncidentStart1764510000000 } from './1764510000000-incident-start.js';
import { AlertGroups1764520000000 } from './1764520000000-alert-groups.js';
import { IncidentMilestones1764700000000 } from './1764700000000-incident-milestones.js';
import { PlatformSettings1764800000000 } from './1764800000000-platform-settings.js';
import { SiteSessions1764900000000 } from './1764900000000-site-sessions.js';
import { IncidentEngagement1765000000000 } from './1765000000000-incident-engagement.js';
import { PublicFacts1765100000000 } from './1765100000000-public-facts.js';
import { RetrospectiveIncidents1765100000100 } from './1765100000100-retrospective-incidents.js';
import { PrivateIncidents1765100000200 } from './1765100000200-private-incidents.js';

/** In order; the data source runs the pending ones at start. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  PostIncidentReview1764100000000,
  StatusPageSchema1764200000000,
  CommunicationsSchema1764300000000,
  IdempotencyScope1764450000000,
  IncidentStart1764510000000,
  AlertGroups1764520000000,
  IncidentMilestones1764700000000,
  PlatformSettings1764800000000,
  SiteSessions1764900000000,
  IncidentEngagement1765000000000,
  PublicFacts1765100000000,
  RetrospectiveIncidents1765100000100,
  PrivateIncidents1765100000200,
];
