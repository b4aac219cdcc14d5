import { createServer, type Server } from 'node:http'

/** A web site on another origin whose pages each auto-submit one form to the BFF: a cross-site request forgery. */
export interface AttackerSite {
  /** The port it listens on (127.0.0.1; reach it as `http://127.0.0.1:port` or, another site, `http://localhost:port`). */
  readonly port: number
  /**
   * The URL of a page on `origin` that, once loaded, posts `fields` to `action` as an ordinary HTML form
   * (`application/x-www-form-urlencoded`, a top-level navigation), as a hostile page would.
   */
  page(origin: string, action: string, fields: Record<string, string>): string
  close(): Promise<void>
}

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** Starts the attacker's site on a loopback port. */
export async function startAttacker(): Promise<AttackerSite> {
  const pages = new Map<string, string>()
  const server: Server = createServer((request, response) => {
    const html = pages.get(request.url ?? '')
    if (!html) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  let count = 0
  return {
    port,
    page(origin, action, fields) {
      const path = `/win-a-prize-${++count}`
      const inputs = Object.entries(fields)
        .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
        .join('')
      pages.set(
        path,
        `<!doctype html><title>You won!</title><form method="post" action="${escape(action)}">${inputs}</form>` +
          `<script>document.forms[0].submit()</script>`,
      )
      return origin + path
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
