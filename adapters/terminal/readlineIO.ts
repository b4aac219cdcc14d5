import { createInterface } from 'node:readline'

/** How the prompter talks to a person: one question at a time, and lines to show. */
export interface TerminalIO {
  /** Asks and resolves with the answer; `null` when input has ended. `secret` answers are not echoed. */
  ask(question: string, options?: { secret?: boolean }): Promise<string | null>
  /** Shows a line. */
  say(text: string): void
}

/**
 * A {@link TerminalIO} over node:readline (stdin and stdout by default); secrets are not echoed.
 *
 * @param input - where answers come from
 * @param output - where questions and lines go
 */
export function readlineIO(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): TerminalIO & { close(): void } {
  const rl = createInterface({ input, output, terminal: (output as { isTTY?: boolean }).isTTY === true })
  const lines: string[] = []
  const waiting: ((line: string | null) => void)[] = []
  let ended = false
  let muted = false
  const echo = rl as unknown as { _writeToOutput(text: string): void }
  const write = echo._writeToOutput.bind(rl)
  echo._writeToOutput = (text) => write(muted ? text.replace(/[^\r\n]/g, '') : text)
  rl.on('line', (line) => {
    const resolve = waiting.shift()
    if (resolve) resolve(line)
    else lines.push(line)
  })
  rl.on('close', () => ((ended = true), waiting.splice(0).forEach((resolve) => resolve(null))))
  return {
    ask(question, options) {
      output.write(`${question} `)
      muted = options?.secret === true
      const line = lines.shift()
      const answer =
        line !== undefined
          ? Promise.resolve(line)
          : ended
            ? Promise.resolve(null)
            : new Promise<string | null>((resolve) => waiting.push(resolve))
      return answer.then((line) => ((muted = false), line?.trim() ?? null))
    },
    say: (text) => void output.write(`${text}\n`),
    close: () => rl.close(),
  }
}
