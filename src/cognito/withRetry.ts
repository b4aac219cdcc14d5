import { AuthError, toAuthError } from '../errors'

/** Bounded retry with exponential backoff for throttling, 5xx and network failures. */
export interface RetryOptions {
  /** Total attempts including the first; default 3. `1` turns retrying off. */
  attempts?: number
  /** The first backoff delay in milliseconds, doubled each attempt (with jitter); default 100. */
  baseDelayMs?: number
  /** The longest single delay in milliseconds; default 2000. */
  maxDelayMs?: number
  /** How to wait; injected so tests never wait. Default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>
  /** Called before each retry, e.g. for logging. */
  onRetry?: (info: { attempt: number; delayMs: number; error: AuthError }) => void
}

/**
 * Runs `task` and repeats it while it fails with a retryable {@link AuthError}, at most
 * `attempts` times in all, and never once `signal` is aborted. The last error is thrown.
 *
 * @param task - the request to (re)send
 * @param options - the bound and the backoff
 * @param signal - the request's abort signal: no attempt starts after it fired
 */
export async function withRetry<T>(task: () => Promise<T>, options: RetryOptions = {}, signal?: AbortSignal): Promise<T> {
  const {
    attempts = 3,
    baseDelayMs = 100,
    maxDelayMs = 2000,
    sleep = (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  } = options
  for (let attempt = 1; ; attempt++) {
    try {
      return await task()
    } catch (thrown) {
      const error = toAuthError(thrown)
      if (!error.retryable || attempt >= attempts || signal?.aborted) throw error // attempts below 1 count as 1
      const delayMs = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2)
      options.onRetry?.({ attempt, delayMs, error })
      await sleep(delayMs)
      if (signal?.aborted) throw error
    }
  }
}
