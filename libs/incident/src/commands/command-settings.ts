import { DEFAULT_STATUS_PAGE_URL, PublicLinks } from '../model/public-links.js';
import { AccessPolicy } from './access-policy.js';
import { PermissionPolicy } from './permission-policy.js';

/**
 * What an installation decides about running commands, given once by the process that runs them (the gateway
 * builds it from its configuration): where its public pages are, so replies carry full links, and who may do
 * what.
 */
export class CommandSettings {
  /** Who may see and do what, on every transport: built on the permission policy. */
  readonly access: AccessPolicy;

  constructor(
    readonly links: PublicLinks,
    readonly permissions: PermissionPolicy = PermissionPolicy.standard,
  ) {
    this.access = new AccessPolicy(permissions);
  }
}

/** The settings of an installation that configured nothing: for tests and tools. */
export const DEFAULT_COMMAND_SETTINGS = new CommandSettings(new PublicLinks(DEFAULT_STATUS_PAGE_URL));
