import { IncidentError } from '../errors.js';
import { isWhitespace } from '../model/typed-text.js';
import { LabelPattern, MAX_PATTERN_LENGTH } from './label-pattern.js';

/** Alert labels (or annotations), by name. */
export type Labels = Readonly<Record<string, string>>;

export const MATCH_OPERATORS = ['=', '!=', '=~', '!~'] as const;
type MatchOperator = (typeof MATCH_OPERATORS)[number];

/**
 * One condition of a routing rule, written as in Alertmanager's `matchers`: `severity="critical"`,
 * `team=~"db|api"`, `env!=staging`. A label the alerts do not carry counts as the empty value, as there.
 */
export interface LabelMatcher {
  readonly name: string;
  readonly operator: MatchOperator;
  readonly value: string;
  matches(labels: Labels): boolean;
}

/** The value of a label, `''` when absent (never one of Object's own properties). */
export const labelValue = (labels: Labels, name: string): string =>
  Object.hasOwn(labels, name) ? labels[name]! : '';

/**
 * Reads `name op value` in one pass: the value quoted (`\"`, `\\` and `\n` unescaped, other escapes kept as
 * written) or bare.
 */
export function parseLabelMatcher(text: string): LabelMatcher {
  const reader = new MatcherReader(text);
  const name = reader.labelName();
  const operator = reader.operator();
  const value = reader.value();
  if (value.length > MAX_PATTERN_LENGTH)
    throw reader.refusal(`its value is longer than ${MAX_PATTERN_LENGTH} characters`);
  return matcherOf(name, operator, value);
}

function matcherOf(name: string, operator: MatchOperator, value: string): LabelMatcher {
  const of = (labels: Labels) => labelValue(labels, name);
  const base = { name, operator, value };
  switch (operator) {
    case '=':
      return { ...base, matches: (labels) => of(labels) === value };
    case '!=':
      return { ...base, matches: (labels) => of(labels) !== value };
    case '=~': {
      const pattern = LabelPattern.compile(value);
      return { ...base, matches: (labels) => pattern.matches(of(labels)) };
    }
    case '!~': {
      const pattern = LabelPattern.compile(value);
      return { ...base, matches: (labels) => !pattern.matches(of(labels)) };
    }
  }
}

const isNameStart = (code: number) =>
  (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
const isNamePart = (code: number) => isNameStart(code) || (code >= 0x30 && code <= 0x39);
const QUOTED_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', n: '\n' };

class MatcherReader {
  private position = 0;

  constructor(private readonly text: string) {}

  refusal(reason: string): IncidentError {
    return IncidentError.invalid(
      'matcher',
      `"${this.text}" is not a matcher such as severity="critical" or team=~"db|api": ${reason}.`,
    );
  }

  private skipBlanks(): void {
    while (this.position < this.text.length && isWhitespace(this.text.charCodeAt(this.position)))
      this.position += 1;
  }

  labelName(): string {
    this.skipBlanks();
    const start = this.position;
    if (!isNameStart(this.text.charCodeAt(start)))
      throw this.refusal('it must start with a label name (letters, digits and _, not a digit first)');
    while (isNamePart(this.text.charCodeAt(this.position))) this.position += 1;
    return this.text.slice(start, this.position);
  }

  operator(): MatchOperator {
    this.skipBlanks();
    const two = this.text.slice(this.position, this.position + 2);
    const operator =
      two === '=~' || two === '!=' || two === '!~' ? two : this.text[this.position] === '=' ? '=' : null;
    if (!operator) throw this.refusal('the label name must be followed by =, !=, =~ or !~');
    this.position += operator.length;
    return operator;
  }

  value(): string {
    this.skipBlanks();
    if (this.text[this.position] !== '"') return this.text.slice(this.position).trimEnd();
    let value = '';
    for (this.position += 1; this.position < this.text.length; this.position += 1) {
      const symbol = this.text[this.position]!;
      if (symbol === '"') {
        this.position += 1;
        this.skipBlanks();
        if (this.position < this.text.length) throw this.refusal('nothing may follow the closing quote');
        return value;
      }
      if (symbol !== '\\') {
        value += symbol;
        continue;
      }
      this.position += 1;
      const next = this.text[this.position] ?? '';
      // As in Alertmanager, any other escape is kept as written, so `=~"db\.prod"` reaches the pattern intact.
      value += QUOTED_ESCAPES[next] ?? `\\${next}`;
    }
    throw this.refusal('its quoted value is never closed');
  }
}
