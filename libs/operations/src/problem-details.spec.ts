import { Logger, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { describe, expect, it, vi } from 'vitest';
import {
  HttpProblem,
  problem,
  ProblemDetailsFilter,
  tooManyRequests,
  unauthorized,
} from './problem-details.js';

describe(ProblemDetailsFilter.name, () => {
  it('uses the app mapping first, then passes HttpProblem through as it is', () => {
    const mapped = new HttpProblem(problem(409, 'Zoë already leads INC-7'));
    const sut = new ProblemDetailsFilter((error) => (error === 'domain' ? mapped : null));
    expect(sut.answerFor('domain')).toBe(mapped);
    const refusal = unauthorized('A valid bearer token is required.', 'Bearer realm="x"');
    expect(sut.answerFor(refusal)).toBe(refusal);
  });

  it("turns Nest's HTTP exceptions into problems with their status and message", () => {
    const sut = new ProblemDetailsFilter();
    expect(sut.answerFor(new NotFoundException('Cannot GET /nowhere')).problem).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'Cannot GET /nowhere',
    });
    expect(sut.answerFor(new PayloadTooLargeException('request entity too large')).problem).toMatchObject({
      status: 413,
      title: 'Content Too Large',
    });
  });

  it('answers anything else with 500 and an error id that the log line carries, never the message', () => {
    const logged = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const answer = new ProblemDetailsFilter().answerFor(new Error('password=hunter2 in connection string'));
    expect(answer.problem.status).toBe(500);
    expect(answer.problem.detail).not.toContain('hunter2');
    expect(logged.mock.calls[0]![0]).toContain(answer.problem.errorId);
  });
});

describe(tooManyRequests.name, () => {
  it('rounds Retry-After up to whole seconds, and never below one', () => {
    expect(tooManyRequests('slow down', 1_200).headers).toEqual({ 'Retry-After': '2' });
    expect(tooManyRequests('slow down', 0).headers).toEqual({ 'Retry-After': '1' });
    expect(tooManyRequests('slow down', 59_001).problem).toMatchObject({
      status: 429,
      title: 'Too Many Requests',
    });
  });
});
