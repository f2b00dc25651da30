import { describe, expect, it } from 'vitest';
import { IncidentError, IncidentErrorCode } from '../errors.js';
import {
  isWorkspaceAdministrator,
  requireWorkspaceAdministrator,
  WORKSPACE_SETUP_REFUSAL,
} from './workspace-standing.js';

describe(requireWorkspaceAdministrator.name, () => {
  it('lets an owner or administrator of the workspace set up Firebreak', () => {
    expect(() =>
      requireWorkspaceAdministrator({ ownerOrAdministrator: true, configuredAdministrator: false }),
    ).not.toThrow();
  });

  it('lets a configured Firebreak administrator set up Firebreak', () => {
    expect(() =>
      requireWorkspaceAdministrator({ ownerOrAdministrator: false, configuredAdministrator: true }),
    ).not.toThrow();
  });

  it('refuses an ordinary member with one text for every platform', () => {
    const attempt = () =>
      requireWorkspaceAdministrator({ ownerOrAdministrator: false, configuredAdministrator: false });
    expect(attempt).toThrow(IncidentError);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ code: IncidentErrorCode.NotPermitted, message: WORKSPACE_SETUP_REFUSAL });
    }
  });
});

describe(isWorkspaceAdministrator.name, () => {
  it('is true exactly when the platform or the operator makes someone an administrator', () => {
    const answers = [false, true].flatMap((ownerOrAdministrator) =>
      [false, true].map((configuredAdministrator) =>
        isWorkspaceAdministrator({ ownerOrAdministrator, configuredAdministrator }),
      ),
    );
    expect(answers).toEqual([false, true, true, true]);
  });
});
