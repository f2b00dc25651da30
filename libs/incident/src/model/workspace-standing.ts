import { IncidentError, IncidentErrorCode } from '../errors.js';

/**
 * What a chat platform says about the person acting in one of its workspaces (a Discord server, a Teams
 * team). Each connector fills it in from its own platform; the rules over it are stated here, once, so they
 * are the same on every platform.
 */
export interface WorkspaceStanding {
  /**
   * The platform itself makes them an owner or administrator of the workspace (Discord: the Administrator
   * permission, which a server's owner always has; Teams: an owner of the team).
   */
  readonly ownerOrAdministrator: boolean;
  /** They hold the role, or are on the list, that the operator configured as Firebreak administrators. */
  readonly configuredAdministrator: boolean;
}

export function isWorkspaceAdministrator(standing: WorkspaceStanding): boolean {
  return standing.ownerOrAdministrator || standing.configuredAdministrator;
}

/** The refusal every platform gives to `setup` from someone who is not an administrator. */
export const WORKSPACE_SETUP_REFUSAL =
  'Only owners and administrators of this server or team, or the Firebreak administrators the operator ' +
  'configured, can choose where incidents are announced.';

/**
 * `setup` chooses the incidents channel, where every incident of the workspace is announced: moving it is an
 * administrator's decision, never an ordinary member's.
 */
export function requireWorkspaceAdministrator(standing: WorkspaceStanding): void {
  if (isWorkspaceAdministrator(standing)) return;
  throw new IncidentError(IncidentErrorCode.NotPermitted, WORKSPACE_SETUP_REFUSAL);
}
