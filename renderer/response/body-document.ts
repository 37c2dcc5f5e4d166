import type { BodyKind, WorkerAnswer, WorkerRequest } from './worker-protocol.js';

type Pending = (answer: WorkerAnswer) => void;
type Outgoing = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** A response body held and formatted by a worker; the view asks it for lines as they scroll into sight. */
export class BodyDocument {
  private readonly worker = new Worker(new URL('./format.worker.ts', import.meta.url), { type: 'module' });
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor() {
    this.worker.onmessage = (event: MessageEvent<WorkerAnswer>) => {
      const resolve = this.pending.get(event.data.id);
      this.pending.delete(event.data.id);
      resolve?.(event.data);
    };
  }

  private ask(message: Outgoing): Promise<WorkerAnswer> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ ...message, id } as WorkerRequest);
    });
  }

  async append(text: string): Promise<void> {
    await this.ask({ type: 'append', text });
  }

  async finish(pretty: boolean, kind: BodyKind): Promise<{ lineCount: number; formatted: boolean; note?: string | undefined }> {
    const answer = await this.ask({ type: 'finish', pretty, kind });
    return answer.type === 'ready' ? { lineCount: answer.lineCount, formatted: answer.formatted, note: answer.note } : { lineCount: 0, formatted: false };
  }

  async lines(from: number, to: number): Promise<string[]> {
    const answer = await this.ask({ type: 'lines', from, to });
    return answer.type === 'lines' ? answer.lines : [];
  }

  async search(query: string): Promise<Uint32Array> {
    const answer = await this.ask({ type: 'search', query });
    return answer.type === 'search' ? answer.matches : new Uint32Array(0);
  }

  async text(): Promise<string> {
    const answer = await this.ask({ type: 'text' });
    return answer.type === 'text' ? answer.text : '';
  }

  dispose(): void {
    this.worker.terminate();
    this.pending.clear();
  }
}
