// What the result panel shows of an ExecutionResult (seed 000): its artifacts as named, typed
// links, and a failed execution's partial output. Pure, for the panel and its tests.
import type { ExecutionStep } from '@/server/domain/execution'

export interface Artifact {
  /** As the service reported it. */
  ref: string
  /**
   * An http(s) URL's last path segment, decoded ("campaign-123.pdf"), or its host when it has no
   * path; anything else (a relative path, another scheme) as given: "reports/q3/out.csv" is not "out.csv".
   */
  name: string
  /** From its extension ("PDF"), or null. */
  type: string | null
  /** Bytes, when the result's metadata gives them (`artifactSizes: { [ref]: bytes }`), else null. */
  size: number | null
  /** Only http(s) references are links: a `javascript:` or `data:` one stays text. */
  href: string | null
}

const TYPES: Record<string, string> = {
  pdf: 'PDF',
  csv: 'CSV',
  json: 'JSON',
  md: 'Markdown',
  txt: 'Text',
  html: 'HTML',
  jpg: 'JPEG image',
  jpeg: 'JPEG image',
  png: 'PNG image',
  gif: 'GIF image',
  svg: 'SVG image',
  webp: 'WebP image',
  zip: 'ZIP archive',
  gz: 'gzip archive',
  xlsx: 'Excel workbook',
  docx: 'Word document',
  pptx: 'PowerPoint deck',
  mp4: 'MP4 video',
  mp3: 'MP3 audio',
  parquet: 'Parquet',
}

function safeHref(ref: string): string | null {
  try {
    const url = new URL(ref)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null
  } catch {
    return null
  }
}

export function describeArtifact(ref: string, metadata?: Record<string, unknown>): Artifact {
  const href = safeHref(ref)
  let name = ref
  if (href) {
    const url = new URL(href)
    const segment = url.pathname.split('/').filter(Boolean).at(-1)
    name = url.host
    if (segment) {
      try {
        name = decodeURIComponent(segment)
      } catch {
        name = segment // (Malformed escapes: the segment as it is.)
      }
    }
  }
  const extension = /\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toLowerCase()
  const sizes = metadata?.artifactSizes
  const size = sizes && typeof sizes === 'object' && !Array.isArray(sizes) ? (sizes as Record<string, unknown>)[ref] : undefined
  return {
    ref,
    name: name || ref,
    type: extension ? (TYPES[extension] ?? extension.toUpperCase()) : null,
    size: typeof size === 'number' && Number.isFinite(size) && size >= 0 ? size : null,
    href,
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`
}

/**
 * What a failed execution without a result had produced before it failed: the outputs of the steps
 * it finished, by step id (null when it finished none with an output).
 */
export function partialOutput(execution: { steps?: readonly ExecutionStep[] }): Record<string, unknown> | null {
  // (Built from entries: a step named "__proto__" is a key like any other.)
  const outputs = Object.fromEntries((execution.steps ?? []).filter((s) => s.status === 'completed' && s.output !== undefined).map((s) => [s.id, s.output]))
  return Object.keys(outputs).length ? outputs : null
}
