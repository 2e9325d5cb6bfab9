/**
 * A client's cap on requests in flight: a counting semaphore with a FIFO queue, web-standard only.
 * A thousand calls at once then open at most `max` connections and hold at most `max` answers in
 * memory; the rest wait their turn without buffering anything (a waiting call holds only its own
 * queue entry), and a signal that aborts while queued takes the call out of the queue at once.
 */
import { followSignal } from "./sleep.js";

interface Waiter {
  grant: () => void;
  prev: Waiter | undefined;
  next: Waiter | undefined;
}

export class RequestSlots {
  readonly max: number;
  #inUse = 0;
  #waiting = 0;
  /** Waiters in arrival order (a linked list: an abort unlinks its waiter at once). */
  #first: Waiter | undefined;
  #last: Waiter | undefined;

  constructor(max: number) {
    this.max = max;
  }

  /** Requests holding a slot. */
  get inUse(): number {
    return this.#inUse;
  }

  /** Calls waiting for a slot. */
  get waiting(): number {
    return this.#waiting;
  }

  /** Takes a slot if one is free and nobody waits (no promise: the usual case). */
  tryAcquire(): boolean {
    // Stryker disable next-line ConditionalExpression: while anyone waits every slot is in use (release hands a slot straight to the first waiter), so the first test decides alone; the second says why a free slot is never taken past a waiter
    if (this.#inUse >= this.max || this.#first !== undefined) return false;
    this.#inUse++;
    return true;
  }

  /** Waits for a slot in arrival order; rejects with the signal's reason if it aborts first (no slot is then taken). */
  acquire(shared?: AbortSignal): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    // A signal of its own per waiter: hundreds of calls queued on one signal add no listener to it.
    const signal = followSignal(shared);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        prev: this.#last,
        next: undefined,
      };
      const onAbort = () => {
        this.#unlink(waiter);
        reject(signal!.reason);
      };
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: a signal aborts at most once, so `once` changes nothing observable
      signal?.addEventListener("abort", onAbort, { once: true });
      if (this.#last) this.#last.next = waiter;
      else this.#first = waiter;
      this.#last = waiter;
      this.#waiting++;
    });
  }

  /** Gives a slot back: to the longest waiter (the count stays), or to the pool. */
  release(): void {
    const waiter = this.#first;
    if (waiter === undefined) {
      this.#inUse--;
      return;
    }
    this.#unlink(waiter);
    waiter.grant();
  }

  #unlink(waiter: Waiter): void {
    if (waiter.prev) waiter.prev.next = waiter.next;
    else this.#first = waiter.next;
    if (waiter.next) waiter.next.prev = waiter.prev;
    else this.#last = waiter.prev;
    waiter.prev = waiter.next = undefined;
    this.#waiting--;
  }
}
