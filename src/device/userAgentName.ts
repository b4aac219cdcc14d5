/** Browsers by the token that names them in a user agent; the first match wins (Edge and Opera also say Chrome). */
const BROWSERS: [RegExp, string][] = [
  [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/OPR\/(\d+)/, 'Opera'],
  [/SamsungBrowser\/(\d+)/, 'Samsung Internet'],
  [/(?:Firefox|FxiOS)\/(\d+)/, 'Firefox'],
  [/(?:Chrome|CriOS)\/(\d+)/, 'Chrome'],
  [/Version\/(\d+).*Safari\//, 'Safari'],
]

/** Systems by their user-agent token, in the order that tells them apart (iOS and Android also say Mac or Linux). */
const SYSTEMS: [RegExp, string][] = [
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
]

/**
 * What a person reads in a device list for a browser's user agent: `Chrome 156 on Linux`, `Safari 17 on
 * iOS`, `Firefox 128 on Windows`. Without a heavy parser: a known browser token and a known system token,
 * each optional (`A browser on Linux`, `Chrome 156`); an empty string for an empty user agent.
 *
 * @param userAgent - `navigator.userAgent`
 * @example
 * ```ts
 * // not-checked: userAgentName is internal (no entry point exports it)
 * userAgentName('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36') // 'Chrome 156 on Linux'
 * ```
 */
export function userAgentName(userAgent: string): string {
  if (!userAgent) return ''
  let browser = 'A browser'
  for (const [pattern, name] of BROWSERS) {
    const match = pattern.exec(userAgent)
    if (match) {
      browser = `${name} ${match[1]}`
      break
    }
  }
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1]
  return system ? `${browser} on ${system}` : browser
}
