/**
 * An exponentially weighted mean and variance: a baseline that follows drift without keeping history.
 * The z-score of a value is taken against the baseline before the value is added.
 */
/** The signal engine's baseline: alpha 0.02 (about the last fifty values), scored from the thirtieth value on. */
export const BASELINE_ALPHA = 0.02;
export const BASELINE_MIN_SAMPLES = 30;

export class RollingBaseline {
  private mean = 0;
  private variance = 0;
  private samples = 0;

  constructor(
    private readonly alpha = BASELINE_ALPHA,
    private readonly minSamples = BASELINE_MIN_SAMPLES,
  ) {}

  get count(): number {
    return this.samples;
  }

  zScore(value: number): number {
    if (this.samples < this.minSamples) return 0;
    const sd = Math.sqrt(this.variance);
    // No spread yet: any departure is extreme, in its own direction (a low amount is not an upward outlier).
    if (sd === 0) return value === this.mean ? 0 : Math.sign(value - this.mean) * 10;
    return (value - this.mean) / sd;
  }

  add(value: number): void {
    this.samples += 1;
    if (this.samples === 1) {
      this.mean = value;
      return;
    }
    // Warm up with a plain running average so the first samples are not over-weighted by alpha.
    const weight = Math.max(this.alpha, 1 / this.samples);
    const delta = value - this.mean;
    this.mean += weight * delta;
    this.variance = (1 - weight) * (this.variance + weight * delta * delta);
  }
}
