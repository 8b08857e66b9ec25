/**
 * The emulator's clock. Everything the API shows (created/updated, job progress, schedules) is measured on this
 * clock, which runs `timeScale` times faster than real time. A test with timeScale 1000 sees a 6 s job finish in
 * 6 real ms and a "every minute" schedule fire every 60 real ms, while all timestamps stay mutually consistent.
 */
export class Clock {
  private anchorReal: number;
  private anchorEmulated: number;

  constructor(
    private scale: number,
    startAt: number = Date.now(),
  ) {
    this.anchorReal = Date.now();
    this.anchorEmulated = startAt;
  }

  /** Current emulated time in epoch milliseconds. */
  now(): number {
    return this.anchorEmulated + (Date.now() - this.anchorReal) * this.scale;
  }

  get timeScale(): number {
    return this.scale;
  }

  /** Changes the speed without a jump: the emulated time continues from where it is now. */
  setTimeScale(scale: number): void {
    this.anchorEmulated = this.now();
    this.anchorReal = Date.now();
    this.scale = scale;
  }
}
