import type { Timings } from '../engine/index.js';
import type { Execution, Failure, RunStats, RunTimings, StatCounter } from './types.js';

function counter(): StatCounter {
  return { total: 0, pending: 0, failed: 0 };
}

/** Running mean, minimum, maximum and standard deviation (Welford), as newman reports timings. */
class Spread {
  private count = 0;
  private mean = 0;
  private squares = 0;
  min = 0;
  max = 0;

  add(value: number): void {
    this.count += 1;
    const delta = value - this.mean;
    this.mean += delta / this.count;
    this.squares += delta * (value - this.mean);
    this.min = this.count === 1 ? value : Math.min(this.min, value);
    this.max = this.count === 1 ? value : Math.max(this.max, value);
  }

  get average(): number {
    return this.mean;
  }

  get sd(): number {
    return this.count > 0 ? Math.sqrt(this.squares / this.count) : 0;
  }
}

/** Accumulates what newman's run summary holds: stats, timings, executions and failures. */
export class RunRecorder {
  readonly stats: RunStats = {
    iterations: counter(),
    items: counter(),
    scripts: counter(),
    prerequests: counter(),
    requests: counter(),
    tests: counter(),
    assertions: counter(),
    testScripts: counter(),
    prerequestScripts: counter(),
  };
  readonly executions: Execution[] = [];
  readonly failures: Failure[] = [];
  transferredBytes = 0;
  private readonly response = new Spread();
  private readonly dns = new Spread();
  private readonly firstByte = new Spread();
  private readonly started = Date.now();

  addResponse(timings: Timings, bodyBytes: number): void {
    this.response.add(timings.total);
    this.dns.add(timings.dns);
    this.firstByte.add(timings.firstByte);
    this.transferredBytes += bodyBytes;
  }

  timings(): RunTimings {
    return {
      started: this.started,
      completed: Date.now(),
      responseAverage: this.response.average,
      responseMin: this.response.min,
      responseMax: this.response.max,
      responseSd: this.response.sd,
      dnsAverage: this.dns.average,
      dnsMin: this.dns.min,
      dnsMax: this.dns.max,
      dnsSd: this.dns.sd,
      firstByteAverage: this.firstByte.average,
      firstByteMin: this.firstByte.min,
      firstByteMax: this.firstByte.max,
      firstByteSd: this.firstByte.sd,
    };
  }
}
