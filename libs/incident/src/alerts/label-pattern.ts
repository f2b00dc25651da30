import { IncidentError } from '../errors.js';

/*
 * Routing rules match label values with regular expressions, as Alertmanager's own routes do (`team=~"db|api"`).
 * JavaScript's RegExp backtracks, so a rule like `(a*)*b` could take exponential time on a label value, and the
 * lint step refuses RegExp built at run time for that reason. These patterns are compiled instead to a Thompson
 * NFA and run by following every state at once (as RE2, Go's regexp and thus Alertmanager do): each character of
 * the value is looked at once per state, so matching takes at most (value length + 1) × states steps, whatever
 * the pattern and the value. Patterns are anchored at both ends, like Alertmanager's.
 */

/** The longest pattern a routing rule may use. */
export const MAX_PATTERN_LENGTH = 1_000;
/** Compiled size limit: `x{100}{100}` and the like are refused at start rather than held in memory. */
const MAX_STATES = 10_000;
const MAX_REPEAT = 100;
const MAX_NESTING = 50;
const MAX_CODE_POINT = 0x10ffff;

/** Inclusive code point ranges; a class matches a code point inside any of them (or outside all, negated). */
type Ranges = readonly (readonly [number, number])[];

type Node =
  | { readonly kind: 'empty' }
  | { readonly kind: 'char'; readonly ranges: Ranges; readonly negated: boolean }
  | { readonly kind: 'assert'; readonly at: 'start' | 'end' }
  | { readonly kind: 'concat'; readonly parts: readonly Node[] }
  | { readonly kind: 'alternate'; readonly options: readonly Node[] }
  | { readonly kind: 'repeat'; readonly node: Node; readonly min: number; readonly max: number | null };

type State =
  | { readonly op: 'char'; readonly ranges: Ranges; readonly negated: boolean; readonly next: number }
  | { readonly op: 'split'; first: number; readonly second: number }
  | { readonly op: 'assert'; readonly at: 'start' | 'end'; readonly next: number }
  | { readonly op: 'match' };

const EMPTY: Node = { kind: 'empty' };
const DIGITS: Ranges = [[0x30, 0x39]];
const WORD: Ranges = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
/** RE2's `\s`: tab, newline, form feed, carriage return and space (not vertical tab, not Unicode spaces). */
const SPACE: Ranges = [
  [0x09, 0x0a],
  [0x0c, 0x0d],
  [0x20, 0x20],
];
const CONTROL_ESCAPES: Readonly<Record<string, number>> = { n: 0x0a, t: 0x09, r: 0x0d, f: 0x0c, v: 0x0b };

/** A label-value pattern (RE2 syntax, a subset), anchored at both ends, matched in linear time. */
export class LabelPattern {
  private constructor(
    readonly source: string,
    private readonly states: readonly State[],
    private readonly start: number,
  ) {}

  /** Compiles a pattern, or refuses it with what is wrong and where. */
  static compile(source: string): LabelPattern {
    if (source.length > MAX_PATTERN_LENGTH)
      throw refusal(source, `it is longer than ${MAX_PATTERN_LENGTH} characters`);
    const tree = new PatternParser(source).parse();
    const program = new Program(source);
    const start = program.compile(tree, program.add({ op: 'match' }));
    return new LabelPattern(source, program.states, start);
  }

  /** How many states the compiled pattern has: matching visits at most (value length + 1) × size of them. */
  get size(): number {
    return this.states.length;
  }

  matches(value: string): boolean {
    return this.measure(value).matched;
  }

  /** Whether the value matches, and how many states were visited deciding it (the linear bound, for specs). */
  measure(value: string): { readonly matched: boolean; readonly visits: number } {
    const seen = new Uint32Array(this.states.length);
    let generation = 1;
    let visits = 0;
    const closure = (from: readonly number[], atStart: boolean, atEnd: boolean): number[] => {
      const reached: number[] = [];
      const pending = [...from].reverse();
      while (pending.length > 0) {
        const index = pending.pop()!;
        if (seen[index] === generation) continue;
        seen[index] = generation;
        visits += 1;
        const state = this.states[index]!;
        if (state.op === 'split') pending.push(state.second, state.first);
        else if (state.op === 'assert') {
          if (state.at === 'start' ? atStart : atEnd) pending.push(state.next);
        } else reached.push(index);
      }
      return reached;
    };
    let current = closure([this.start], true, value.length === 0);
    for (let offset = 0; offset < value.length && current.length > 0;) {
      const codePoint = value.codePointAt(offset)!;
      offset += codePoint > 0xffff ? 2 : 1;
      const advanced: number[] = [];
      for (const index of current) {
        const state = this.states[index]!;
        if (state.op === 'char' && inClass(state.ranges, state.negated, codePoint)) advanced.push(state.next);
      }
      generation += 1;
      current = closure(advanced, false, offset >= value.length);
    }
    const matched = current.some((index) => this.states[index]!.op === 'match');
    return { matched, visits };
  }
}

function inClass(ranges: Ranges, negated: boolean, codePoint: number): boolean {
  let inside = false;
  for (const [low, high] of ranges) if (codePoint >= low && codePoint <= high) inside = true;
  return inside !== negated;
}

function refusal(source: string, reason: string): IncidentError {
  return IncidentError.invalid('pattern', `"${source}" is not a pattern Firebreak can match: ${reason}.`);
}

/** Recursive descent over the pattern's code points: alternation, concatenation, repetition, atoms. */
class PatternParser {
  private readonly chars: readonly string[];
  private position = 0;
  private depth = 0;

  constructor(private readonly source: string) {
    this.chars = Array.from(source);
  }

  parse(): Node {
    const tree = this.alternation();
    if (this.position < this.chars.length) throw this.error('a ")" closes no group');
    return tree;
  }

  private peek(ahead = 0): string | undefined {
    return this.chars[this.position + ahead];
  }

  private error(reason: string): IncidentError {
    return refusal(this.source, `${reason} (at character ${this.position + 1})`);
  }

  private alternation(): Node {
    const options = [this.concatenation()];
    while (this.peek() === '|') {
      this.position += 1;
      options.push(this.concatenation());
    }
    return options.length === 1 ? options[0]! : { kind: 'alternate', options };
  }

  private concatenation(): Node {
    const parts: Node[] = [];
    while (this.position < this.chars.length && this.peek() !== '|' && this.peek() !== ')')
      parts.push(this.repetition());
    if (parts.length === 0) return EMPTY;
    return parts.length === 1 ? parts[0]! : { kind: 'concat', parts };
  }

  private repetition(): Node {
    const node = this.atom();
    const bounds = this.quantifier();
    if (!bounds) return node;
    if (node.kind === 'assert') throw this.error('nothing to repeat');
    if (this.peek() === '?') this.position += 1; // lazy: it matches the same values
    if (this.quantifier()) throw this.error('a repetition cannot be repeated again');
    return node.kind === 'empty' ? EMPTY : { kind: 'repeat', node, ...bounds };
  }

  /** `*`, `+`, `?`, `{n}`, `{n,}` or `{n,m}` at the current position (consumed), else null. */
  private quantifier(): { min: number; max: number | null } | null {
    const symbol = this.peek();
    if (symbol === '*' || symbol === '+' || symbol === '?') {
      this.position += 1;
      return { min: symbol === '+' ? 1 : 0, max: symbol === '?' ? 1 : null };
    }
    if (symbol !== '{') return null;
    const braces = this.braces();
    if (!braces) return null;
    this.position = braces.end;
    if (braces.min > MAX_REPEAT || (braces.max ?? 0) > MAX_REPEAT)
      throw this.error(`a repetition count is at most ${MAX_REPEAT}`);
    if (braces.max !== null && braces.max < braces.min)
      throw this.error('a repetition range must not end below its start');
    return { min: braces.min, max: braces.max };
  }

  /** Reads `{n}`, `{n,}` or `{n,m}` without consuming it; null when the brace is a plain character. */
  private braces(): { min: number; max: number | null; end: number } | null {
    let index = this.position + 1;
    const number = (): number | null => {
      let digits = '';
      while (digits.length < 6 && /^\d$/.test(this.chars[index] ?? '')) digits += this.chars[index++];
      return digits ? Number(digits) : null;
    };
    const min = number();
    if (min === null) return null;
    let max: number | null = min;
    if (this.chars[index] === ',') {
      index += 1;
      max = number();
    }
    if (this.chars[index] !== '}') return null;
    return { min, max, end: index + 1 };
  }

  private atom(): Node {
    const symbol = this.chars[this.position++]!;
    switch (symbol) {
      case '(':
        return this.group();
      case '[':
        return this.characterClass();
      case '.':
        return { kind: 'char', ranges: [[0x0a, 0x0a]], negated: true };
      case '^':
        return { kind: 'assert', at: 'start' };
      case '$':
        return { kind: 'assert', at: 'end' };
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        this.position -= 1;
        throw this.error('nothing to repeat');
      case '{':
        this.position -= 1;
        if (this.braces()) throw this.error('nothing to repeat');
        this.position += 1;
        return literal(symbol);
      default:
        return literal(symbol);
    }
  }

  private group(): Node {
    if (this.peek() === '?') {
      if (this.peek(1) === ':') this.position += 2;
      else if (this.peek(1) === 'P' && this.peek(2) === '<') this.groupName(3);
      else if (this.peek(1) === '<') this.groupName(2);
      else throw this.error('flags and look-arounds ((?i), (?=…), (?!…)) are not supported');
    }
    if ((this.depth += 1) > MAX_NESTING) throw this.error(`groups nest at most ${MAX_NESTING} deep`);
    const inner = this.alternation();
    this.depth -= 1;
    if (this.peek() !== ')') throw this.error('a "(" is never closed');
    this.position += 1;
    return inner;
  }

  /** Skips a group's name (`(?P<name>` or `(?<name>`): names change nothing about what matches. */
  private groupName(skip: number): void {
    this.position += skip;
    const start = this.position;
    while (/^\w$/.test(this.peek() ?? '')) this.position += 1;
    if (this.position === start || this.peek() !== '>')
      throw this.error('a group name must be a word ending in ">"');
    this.position += 1;
  }

  private escape(): Node {
    const escaped = this.escapedRanges();
    return { kind: 'char', ranges: escaped.ranges, negated: escaped.negated };
  }

  /** What a backslash stands for: a class (`\d`, `\W`…) or one character. */
  private escapedRanges(): { ranges: Ranges; negated: boolean } {
    const symbol = this.chars[this.position++];
    if (symbol === undefined) {
      this.position -= 1;
      throw this.error('a pattern cannot end with a backslash');
    }
    const classes: Readonly<Record<string, Ranges>> = { d: DIGITS, w: WORD, s: SPACE };
    const lower = symbol.toLowerCase();
    if (lower in classes && 'dwsDWS'.includes(symbol))
      return { ranges: classes[lower]!, negated: symbol !== lower };
    const control = CONTROL_ESCAPES[symbol];
    if (control !== undefined) return { ranges: [[control, control]], negated: false };
    const code = symbol.codePointAt(0)!;
    const punctuation = code < 0x80 && !/^[\da-z]$/i.test(symbol);
    if (punctuation) return { ranges: [[code, code]], negated: false };
    this.position -= 1;
    if (/^\d$/.test(symbol)) throw this.error('back-references are not supported');
    if (symbol === 'p' || symbol === 'P') throw this.error('Unicode classes (\\p{…}) are not supported');
    throw this.error(`the escape \\${symbol} is not supported`);
  }

  private characterClass(): Node {
    const negated = this.peek() === '^';
    if (negated) this.position += 1;
    const ranges: [number, number][] = [];
    for (let first = true; ; first = false) {
      const symbol = this.peek();
      if (symbol === undefined) throw this.error('a "[" is never closed');
      if (symbol === ']' && !first) break;
      if (symbol === '[' && this.peek(1) === ':')
        throw this.error('POSIX classes ([:alpha:]) are not supported');
      const low = this.classMember();
      if (low.length !== 1 || this.peek() !== '-' || this.peek(1) === ']' || this.peek(1) === undefined) {
        ranges.push(...low);
        continue;
      }
      this.position += 1;
      const high = this.classMember();
      if (high.length !== 1 || high[0]![0] !== high[0]![1] || low[0]![0] !== low[0]![1])
        throw this.error('a range must go from one character to another');
      if (high[0]![0] < low[0]![0]) throw this.error('a range must not end below its start');
      ranges.push([low[0]![0], high[0]![0]]);
    }
    this.position += 1;
    return { kind: 'char', ranges, negated };
  }

  /** One member of a class: a character, an escaped character, or an escaped class (negated ones inverted). */
  private classMember(): [number, number][] {
    const symbol = this.chars[this.position++]!;
    if (symbol !== '\\') {
      const code = symbol.codePointAt(0)!;
      return [[code, code]];
    }
    const escaped = this.escapedRanges();
    return escaped.negated ? complement(escaped.ranges) : escaped.ranges.map(([low, high]) => [low, high]);
  }
}

function literal(symbol: string): Node {
  const code = symbol.codePointAt(0)!;
  return { kind: 'char', ranges: [[code, code]], negated: false };
}

/** The code points outside sorted, disjoint ranges. */
function complement(ranges: Ranges): [number, number][] {
  const outside: [number, number][] = [];
  let next = 0;
  for (const [low, high] of ranges) {
    if (low > next) outside.push([next, low - 1]);
    next = high + 1;
  }
  if (next <= MAX_CODE_POINT) outside.push([next, MAX_CODE_POINT]);
  return outside;
}

/** Thompson's construction, written back to front: each node is compiled knowing the state that follows it. */
class Program {
  readonly states: State[] = [];

  constructor(private readonly source: string) {}

  add(state: State): number {
    if (this.states.length >= MAX_STATES)
      throw refusal(this.source, 'it is too large once its repetitions are spelled out');
    this.states.push(state);
    return this.states.length - 1;
  }

  compile(node: Node, next: number): number {
    switch (node.kind) {
      case 'empty':
        return next;
      case 'char':
        return this.add({ op: 'char', ranges: node.ranges, negated: node.negated, next });
      case 'assert':
        return this.add({ op: 'assert', at: node.at, next });
      case 'concat':
        return node.parts.reduceRight((following, part) => this.compile(part, following), next);
      case 'alternate':
        return node.options
          .map((option) => this.compile(option, next))
          .reduceRight((later, earlier) => this.add({ op: 'split', first: earlier, second: later }));
      case 'repeat':
        return this.repeat(node, next);
    }
  }

  private repeat(node: Extract<Node, { kind: 'repeat' }>, next: number): number {
    let start = next;
    if (node.max === null) {
      const loop = this.add({ op: 'split', first: next, second: next });
      (this.states[loop] as Extract<State, { op: 'split' }>).first = this.compile(node.node, loop);
      start = loop;
    } else {
      for (let optional = node.max - node.min; optional > 0; optional -= 1)
        start = this.add({ op: 'split', first: this.compile(node.node, start), second: next });
    }
    for (let required = node.min; required > 0; required -= 1) start = this.compile(node.node, start);
    return start;
  }
}
