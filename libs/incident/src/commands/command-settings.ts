import { DEFAULT_STATUS_PAGE_URL, PublicLinks } from '../model/public-links.js';
import { PermissionPolicy } from './permission-policy.js';
import { NO_ENGAGEMENT, type EngagementSettings } from '../engagement/engagement.js';

/**
 * What an installation decides about running commands, given once by the process that runs them (the gateway
 * builds it from its configuration): where its public pages are, so replies carry full links, and who may do
 * what, and how it pages the on-call lead and opens calls.
 */
export class CommandSettings {
  constructor(
    readonly links: PublicLinks,
    readonly permissions: PermissionPolicy = PermissionPolicy.standard,
    readonly engagement: EngagementSettings = NO_ENGAGEMENT,
  ) {}
}

/** The settings of an installation that configured nothing: for tests and tools. */
export const DEFAULT_COMMAND_SETTINGS = new CommandSettings(new PublicLinks(DEFAULT_STATUS_PAGE_URL));
