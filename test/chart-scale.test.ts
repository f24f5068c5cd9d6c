// Chart axes step by round numbers, and by minutes and hours on a duration axis.
import { describe, expect, it } from 'vitest'
import { durationTickFormat, maxOf, niceTicks, tickDecimals } from '@/components/ui/chart-scale'

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten, from 0 past the largest value', () => {
    expect(niceTicks(0.12)).toEqual([0, 0.05, 0.1, 0.15])
    expect(niceTicks(0.055)).toEqual([0, 0.02, 0.04, 0.06])
    expect(niceTicks(340)).toEqual([0, 100, 200, 300, 400])
    expect(niceTicks(72)).toEqual([0, 20, 40, 60, 80])
    expect(niceTicks(1)).toEqual([0, 0.5, 1])
    expect(niceTicks(0.3)).toEqual([0, 0.1, 0.2, 0.3])
  })
  it('steps a count by whole numbers', () => {
    expect(niceTicks(1, 5, 'count')).toEqual([0, 1])
    expect(niceTicks(3, 5, 'count')).toEqual([0, 1, 2, 3])
    expect(niceTicks(72, 5, 'count')).toEqual([0, 20, 40, 60, 80])
  })
  it('steps a duration by seconds, minutes or hours', () => {
    expect(niceTicks(200_000, 5, 'duration')).toEqual([0, 60_000, 120_000, 180_000, 240_000])
    expect(niceTicks(29_000, 5, 'duration')).toEqual([0, 10_000, 20_000, 30_000])
    expect(niceTicks(900, 5, 'duration')).toEqual([0, 500, 1000])
    expect(niceTicks(5 * 3_600_000, 5, 'duration')).toEqual([0, 7_200_000, 14_400_000, 21_600_000])
  })
  it('gives an axis for nothing to draw', () => {
    expect(niceTicks(0)).toEqual([0, 1])
    expect(niceTicks(Number.NaN)).toEqual([0, 1])
  })
})

describe('maxOf', () => {
  it('ignores nulls', () => {
    expect(maxOf([{ v: 1 }, { v: null }, { v: 3 }], (r) => r.v)).toBe(3)
    expect(maxOf([], () => 1)).toBe(0)
  })
})

describe('tickDecimals', () => {
  it('gives the decimals a step needs', () => {
    expect(tickDecimals([0, 0.05, 0.1], 100)).toBe(0)
    expect(tickDecimals([0, 0.001, 0.002], 100)).toBe(1)
    expect(tickDecimals([0, 0.5, 1])).toBe(1)
    expect(tickDecimals([0, 20, 40])).toBe(0)
  })
})

// The walk: the duration axis read "0 ms" under "4m 0s". One unit per axis, from its step.
describe('durationTickFormat', () => {
  it('prints every tick of an axis in one unit', () => {
    const minutes = niceTicks(4 * 60_000, 5, 'duration')
    expect(minutes.map(durationTickFormat(minutes))).toEqual(['0 min', '1 min', '2 min', '3 min', '4 min'])
    const seconds = niceTicks(100_000, 5, 'duration')
    expect(seconds.map(durationTickFormat(seconds))).toEqual(['0 s', '30 s', '60 s', '90 s', '120 s'])
    const millis = niceTicks(800, 5, 'duration')
    expect(new Set(millis.map(durationTickFormat(millis)).map((t) => t.split(' ')[1]))).toEqual(new Set(['ms']))
    const hours = niceTicks(5 * 3_600_000, 5, 'duration')
    expect(hours.map(durationTickFormat(hours)).at(-1)).toMatch(/^\d+ h$/)
  })
})
