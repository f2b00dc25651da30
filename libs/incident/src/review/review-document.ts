import { IncidentError } from '../errors.js';
import type { ActionItem } from '../model/action-item.js';
import type { Incident } from '../model/incident.js';
import { ROLE_TITLES, ROLES } from '../model/role.js';
import type { StatusUpdate } from '../model/status-update.js';
import type { TimelineEntry, TimelineEntryKind } from '../model/timeline-entry.js';
import { trimmedLines } from '../model/typed-text.js';

/** Everything the record holds about an incident, from which its review is drafted. */
export interface IncidentRecord {
  readonly incident: Incident;
  readonly timeline: readonly TimelineEntry[];
  readonly actionItems: readonly ActionItem[];
  readonly updates: readonly StatusUpdate[];
}

/** The entries a reader of the review needs to follow the response; edits of free text are left out. */
const TIMELINE_KINDS: ReadonlySet<TimelineEntryKind> = new Set([
  'alert_firing',
  'alert_resolved',
  'declared',
  'status_changed',
  'severity_changed',
  'role_changed',
  'message_pinned',
  'action_logged',
  'action_done',
  'note',
  'status_update_published',
  'component_status_changed',
  'closed',
]);

const RCA_PROMPTS: readonly (readonly [string, string])[] = [
  ['What happened', 'What did users and responders see, in order? (`review happened <text>`)'],
  [
    'Why it happened',
    'What caused it? Ask "why?" until you reach something you can change. (`review rca <text>`)',
  ],
  [
    'Contributing factors',
    'What made it worse, slower to detect or slower to fix? (`review factors <text>`)',
  ],
  ['What went well', 'What should we keep doing? (`review well <text>`)'],
  ['What went badly', 'What should we change? (`review badly <text>`)'],
];

/** Drafts the post-incident review as Markdown: header, summary, impact, Timeline, Root cause analysis, Actions. */
export function draftReviewMarkdown(record: IncidentRecord): string {
  const { incident } = record;
  return [
    `# ${incident.ref}: ${oneLine(incident.title)} — post-incident review`,
    '',
    ...header(incident),
    '',
    '## Summary',
    '',
    incident.summary ?? '_To be written: what happened, in two or three sentences._',
    '',
    '## Impact',
    '',
    incident.impact ?? '_To be written: who was affected, how, and for how long._',
    '',
    '## Timeline',
    '',
    'All times UTC.',
    '',
    ...timelineLines(record.timeline),
    '',
    '## Root cause analysis',
    '',
    ...RCA_PROMPTS.flatMap(([heading, prompt]) => [`### ${heading}`, '', `_${prompt}_`, '']),
    '## Actions',
    '',
    ...actionLines(record.actionItems),
    '',
  ].join('\n');
}

function header(incident: Incident): string[] {
  const end = incident.resolvedAt ?? incident.closedAt;
  const rows: [string, string][] = [
    ['Reference', incident.ref],
    ['Severity', incident.severity],
    ['Status', incident.status],
    ['Detected (declared)', utc(incident.declaredAt)],
    ['Resolved', end ? utc(end) : 'not yet'],
    ['Duration', end ? duration(end.getTime() - incident.declaredAt.getTime()) : 'ongoing'],
    ...ROLES.map((role): [string, string] => [
      ROLE_TITLES[role],
      incident.roles[role]?.displayName ?? 'unassigned',
    ]),
  ];
  return ['| | |', '|---|---|', ...rows.map(([name, value]) => `| ${name} | ${cell(value)} |`)];
}

function timelineLines(timeline: readonly TimelineEntry[]): string[] {
  const lines: string[] = [];
  for (const entry of timeline) {
    if (!TIMELINE_KINDS.has(entry.kind)) continue;
    lines.push(`- **${utc(entry.at)}** — ${timelineText(entry)}`);
  }
  return lines.length ? lines : ['_Nothing was recorded._'];
}

function timelineText(entry: TimelineEntry): string {
  const by = entry.author && entry.kind !== 'declared' ? ` (${entry.author.displayName})` : '';
  if (entry.kind === 'message_pinned' && entry.message) {
    const link = entry.message.link ? ` [link](${entry.message.link})` : '';
    return `📌 ${entry.message.author.displayName} on ${entry.message.platform}: “${oneLine(entry.message.text)}”${link}`;
  }
  return `${oneLine(entry.text)}${by}`;
}

function actionLines(items: readonly ActionItem[]): string[] {
  const followups = items.filter((item) => item.kind === 'followup');
  if (followups.length === 0)
    return ['_No follow-ups yet: add them with `followup <text> [@owner] [due YYYY-MM-DD]`._'];
  return followups.map((item) => {
    const owner = item.owner ? ` — owner: ${item.owner.displayName}` : ' — owner: _unassigned_';
    const due = item.dueAt ? `, due ${item.dueAt.toISOString().slice(0, 10)}` : '';
    return `- [${item.state === 'done' ? 'x' : ' '}] #${item.id} ${oneLine(item.text)}${owner}${due}`;
  });
}

/**
 * Replaces the body of the section under `heading` (any level), up to the next heading of the same or a
 * higher level. Refuses when the document no longer has that heading.
 */
export function replaceSection(markdown: string, heading: string, body: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => isSectionHeading(line, heading));
  if (start < 0) {
    throw IncidentError.invalid(
      'section',
      `The review has no "${heading}" section any more; edit its Markdown instead.`,
    );
  }
  const level = lines[start]!.indexOf(' ');
  let end = start + 1;
  while (end < lines.length && !isHeadingAtOrAbove(lines[end]!, level)) end += 1;
  return [...lines.slice(0, start + 1), '', body.trim(), '', ...lines.slice(end)].join('\n');
}

/** `## Heading` (levels 2 to 6), trailing whitespace allowed. */
function isSectionHeading(line: string, heading: string): boolean {
  const level = headingLevel(line);
  return level >= 2 && line.slice(level + 1).trimEnd() === heading;
}

function isHeadingAtOrAbove(line: string, level: number): boolean {
  const own = headingLevel(line);
  return own > 0 && own <= level;
}

/** The level of a Markdown heading (`### x` is 3), 0 for any other line. */
function headingLevel(line: string): number {
  let level = 0;
  while (line[level] === '#') level += 1;
  return level <= 6 && line[level] === ' ' ? level : 0;
}

/** The text under a heading (any level), or null when the document has no such heading. */
export function sectionBody(markdown: string, heading: string): string | null {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => isSectionHeading(line, heading));
  if (start < 0) return null;
  const level = lines[start]!.indexOf(' ');
  let end = start + 1;
  while (end < lines.length && !isHeadingAtOrAbove(lines[end]!, level)) end += 1;
  return lines
    .slice(start + 1, end)
    .join('\n')
    .trim();
}

const oneLine = (text: string): string => trimmedLines(text).join(' ');
const cell = (text: string): string => oneLine(text).replace(/\|/g, '\\|');

export function utc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function duration(milliseconds: number): string {
  const minutes = Math.max(0, Math.round(milliseconds / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [days ? `${days} d` : '', hours ? `${hours} h` : '', `${rest} min`].filter(Boolean).join(' ');
}
