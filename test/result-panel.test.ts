// The execution page's result panel (seed 000's ExecutionResult) and the run trace's axis, as pure
// functions: artifacts named, typed, sized and linked only when http(s); a failed run's partial
// output; tick labels that never touch.
import { describe, expect, it } from 'vitest'
import { describeArtifact, formatBytes, partialOutput } from '@/components/execution/result'
import { labelWidth, placeTicks } from '@/components/execution/trace'
import { ellipsize, formatDuration } from '@/components/format'

describe('describeArtifact', () => {
  it('names an artifact by its file, types it by its extension, sizes it from the metadata', () => {
    const url = 'https://files.services.do/images/featured%20image.jpg'
    expect(describeArtifact(url, { artifactSizes: { [url]: 1_572_864 } })).toEqual({ ref: url, name: 'featured image.jpg', type: 'JPEG image', size: 1_572_864, href: url })
    expect(describeArtifact('https://dashboards.services.do/q3-analysis')).toMatchObject({ name: 'q3-analysis', type: null, size: null })
    // A relative path is shown as given (its folders say which out.parquet it is); a URL with no path by its host.
    expect(describeArtifact('reports/q3/out.parquet')).toMatchObject({ name: 'reports/q3/out.parquet', type: 'Parquet', href: null })
    expect(describeArtifact('/files/a%20b.csv')).toMatchObject({ name: '/files/a%20b.csv', type: 'CSV', href: null })
    expect(describeArtifact('https://dashboards.services.do/')).toMatchObject({ name: 'dashboards.services.do', href: 'https://dashboards.services.do/' })
  })

  it('cuts a very long name in the middle, keeping its extension', () => {
    const long = `${'quarterly-report-'.repeat(111)}final.pdf`
    const shown = ellipsize(long)
    expect(long.length).toBeGreaterThan(1_800)
    expect(Array.from(shown)).toHaveLength(80)
    expect(shown).toMatch(/^quarterly-report-quarterly.*….*final\.pdf$/)
    expect(ellipsize('short.pdf')).toBe('short.pdf')
    expect(Array.from(ellipsize('😀'.repeat(100), 10))).toHaveLength(10)
  })

  it('links only http(s): another scheme is shown whole, as text', () => {
    expect(describeArtifact('javascript:alert(1)')).toMatchObject({ name: 'javascript:alert(1)', href: null })
    expect(describeArtifact('data:text/html,<b>x</b>').href).toBeNull()
    expect(describeArtifact('https://x.test/a.pdf', { artifactSizes: { 'https://x.test/a.pdf': -3 } }).size).toBeNull()
  })

  it('formats sizes', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(1_572_864), formatBytes(25 * 1024 ** 3)]).toEqual(['512 B', '1.5 KB', '1.5 MB', '25 GB'])
  })
})

describe('partialOutput', () => {
  it("is the outputs of a failed run's finished steps, by step", () => {
    const step = (id: string, status: 'completed' | 'failed' | 'running', output?: unknown) => ({ id, name: id, status, runtimeStatus: 'Completed' as never, output })
    expect(partialOutput({ steps: [step('research', 'completed', { leads: 2 }), step('send', 'failed'), step('noop', 'completed')] })).toEqual({ research: { leads: 2 } })
    expect(partialOutput({ steps: [step('send', 'failed')] })).toBeNull()
  })
})

describe('placeTicks', () => {
  const format = (t: number) => `+${formatDuration(Math.round(t))}`
  const overlaps = (span: number, width: number) => {
    const placed = placeTicks(span, width, format)
    const boxes = placed.map((p) => {
      const x = (p.t / span) * width
      const w = labelWidth(p.label)
      return p.align === 'start' ? [x, x + w] : p.align === 'end' ? [x - w, x] : [x - w / 2, x + w / 2]
    })
    return { placed, touching: boxes.slice(1).some((b, i) => b[0]! < boxes[i]![1]! + 8), outside: boxes.some((b) => b[0]! < 0 || b[1]! > width) }
  }

  it('keeps every tick where the labels fit, drops the ones that would touch their neighbours', () => {
    expect(overlaps(60_000, 900).placed.map((p) => p.label)).toEqual(['0', '+15.0 s', '+30.0 s', '+45.0 s', '+1m 0s'])
    // A narrow bar column (the trace's at 1280 px, beside the selected span's panel): "+45.0 s"
    // centred at 75 % touched "+1m 0s" at the end.
    const narrow = overlaps(60_000, 220)
    expect(narrow.placed.map((p) => p.label)).not.toContain('+45.0 s')
    expect(narrow.placed.at(-1)!.label).toBe('+1m 0s')
    for (const width of [60, 120, 180, 240, 300, 420, 600, 900]) {
      for (const span of [800, 2_300, 61_000, 3_725_000]) {
        const { touching, outside } = overlaps(span, width)
        expect(touching, `${span} ms on ${width} px`).toBe(false)
        expect(outside, `${span} ms on ${width} px`).toBe(false)
      }
    }
  })

  it('says nothing twice over a span shorter than its labels tell apart, and draws no ticks without a span', () => {
    expect(placeTicks(1, 600, format).map((p) => p.label)).toEqual(['0', '+1 ms'])
    expect(placeTicks(3, 600, format).map((p) => p.label)).toEqual(['0', '+1 ms', '+2 ms', '+3 ms'])
    expect(placeTicks(0, 600, format)).toEqual([])
    expect(placeTicks(0, null, format)).toEqual([])
  })

  it('draws only the two ends before the axis is measured', () => {
    expect(placeTicks(10_000, null, format).map((p) => p.align)).toEqual(['start', 'end'])
  })
})
