// Progress from a tight loop: many updates a second become at most one request per `intervalMs`,
// carrying the latest value; the last one is always sent.
export class ProgressReporter {
  private latest: number | undefined
  private sent: number | undefined
  private timer: ReturnType<typeof setTimeout> | undefined
  private sending: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly send: (progress: number) => Promise<unknown>,
    private readonly intervalMs = 500,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Records the progress (0–100); sent soon, coalesced with the updates that follow. */
  update(progress: number): void {
    this.latest = Math.max(0, Math.min(100, progress))
    this.timer ??= setTimeout(() => void this.push(), this.intervalMs)
  }

  /** Sends the latest progress now; resolves when the console has it. */
  async flush(): Promise<void> {
    await this.push()
  }

  private push(): Promise<unknown> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    const value = this.latest
    if (value === undefined || value === this.sent) return this.sending
    this.sending = this.sending
      .then(() => this.send(value))
      // Recorded as sent once the console has it: a failed final 100 is sent again by the next flush.
      .then(() => (this.sent = value))
      .catch(this.onError)
    return this.sending
  }
}
