import { performance } from 'node:perf_hooks';
import { MAX_TEXT_LENGTH, parseCommand } from '@firebreak/incident';
import { ms, percentile, report } from './bench-report.js';

/**
 * How long the command parser takes on the longest legal commands (target < 1 ms for a 4,000-character
 * update), and on adversarial shapes of the same length: parsing must stay linear whatever is typed.
 */
const RUNS = 2_000;
const WARM_UP = 200;

const prose =
  'Checkout errors are back to normal after the rollback of the payment gateway; ' +
  'we keep watching error rates in São Paulo and Łódź 🔥 ';
const longest = (text: string): string =>
  text.repeat(Math.ceil(MAX_TEXT_LENGTH / text.length)).slice(0, MAX_TEXT_LENGTH);

const COMMANDS: readonly (readonly [string, string])[] = [
  ['4,000-character update', `update INC-12 ${longest(prose).trim()}`],
  [
    '4,000-character update ending `at 11:45`',
    `update INC-12 ${longest(prose).slice(0, 3_990).trim()} at 11:45`,
  ],
  [
    '4,000-character update `--at 11:45 UTC+1 …`',
    `update INC-12 --at 11:45 UTC+1 ${longest(prose).slice(0, 3_970).trim()}`,
  ],
  ['4,000-character review section', `review INC-12 rca ${longest(prose).trim()}`],
  ['4,000-character note of one-letter words', `note INC-12 ${longest('a ').trim()}`],
  ['4,000-character note of spaces and line breaks', `note INC-12 x${longest(' \n\t').slice(2)}y`],
  [
    '4,000-character follow-up of `due` words',
    `followup INC-12 ${longest('due ').slice(0, 3_980)}due 2026-12-31`,
  ],
  ['4,000-character update of unfinished mentions', `update INC-12 ${longest('<@discord:')}`],
];

function timeParses(line: string): number[] {
  for (let run = 0; run < WARM_UP; run += 1) parseCommand(line);
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    parseCommand(line);
    samples.push(performance.now() - started);
  }
  return samples;
}

function main(): void {
  console.log(
    `command parser: ${RUNS} parses of each command after ${WARM_UP} to warm up ` +
      '(p99 includes garbage collection and the pauses of a busy machine)',
  );
  for (const [label, line] of COMMANDS) {
    parseCommand(line); // a line the parser refuses would time the refusal, not the parse
    const samples = timeParses(line);
    const p50 = percentile(samples, 50);
    const p99 = percentile(samples, 99);
    report(`${label}: median`, ms(p50), '< 1 ms', p50 < 1);
    report(`${label}: p99`, ms(p99));
  }
}

main();
