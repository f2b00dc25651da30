// The part of autocannon's API the status page bench uses (autocannon ships no types; @types/autocannon is not installed).
declare module 'autocannon' {
  interface AutocannonOptions {
    readonly url: string;
    readonly connections?: number;
    readonly duration?: number;
    readonly pipelining?: number;
    readonly headers?: Readonly<Record<string, string>>;
  }
  interface AutocannonResult {
    readonly requests: { readonly average: number };
    readonly latency: { readonly p50: number; readonly p99: number };
    readonly errors: number;
    readonly timeouts: number;
    readonly non2xx: number;
  }
  function autocannon(options: AutocannonOptions): Promise<AutocannonResult>;
  export default autocannon;
}
