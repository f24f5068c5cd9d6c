import type { Environment } from '@marcbachmann/cel-js'
export function celEnvironment(): Environment
export function toCel(value: unknown): unknown
export function fromCel(value: unknown): unknown
