/**
 * Words that name members of Object.prototype: a lookup table indexed by user text must treat them as unknown
 * input like any other word (specs feed them to every parser and lookup).
 */
export const PROTOTYPE_WORDS: readonly string[] = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
];
