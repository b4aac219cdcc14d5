/** `JSON.parse`, or `undefined` for text that is not JSON. */
export function parseJson(json: string | null | undefined): unknown {
  try {
    return json ? JSON.parse(json) : undefined
  } catch {
    return undefined
  }
}
