// autocannon ships no types; this declares the slice of its API the benchmarks use.
declare module 'autocannon' {
  interface Stat { average: number; p50: number; p90: number; p97_5: number; p99: number; max: number }
  interface Result { requests: Stat & { total: number }; latency: Stat; non2xx: number; errors: number; timeouts: number; duration: number; '2xx': number }
  interface Options {
    url: string; connections?: number; duration?: number; amount?: number; overallRate?: number; pipelining?: number;
    method?: string; headers?: Record<string, string>; body?: string; idReplacement?: boolean;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
