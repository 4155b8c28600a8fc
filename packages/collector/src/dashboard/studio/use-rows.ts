import { useRef, useState } from 'preact/hooks'

/**
 * Rows a form edits for one config value (texts per language, conditions, URL tests), kept
 * between keystrokes as typed: derived again from the value only when it changes from
 * elsewhere (the JSON tab, a rollback). Rows derived on every render would merge or reorder
 * as they are typed: a second `plan` line would swallow the first while its name is half-typed.
 */
export function useRows<V, R>(value: V, toRows: (v: V) => R, fromRows: (r: R) => V, onValue: (v: V) => void): [R, (rows: R) => void] {
  const kept = useRef<{ key: string; rows: R } | undefined>(undefined)
  const [, rerender] = useState(0)
  const key = JSON.stringify(value) ?? ''
  if (!kept.current || kept.current.key !== key) kept.current = { key, rows: toRows(value) }
  const set = (rows: R) => {
    const v = fromRows(rows)
    kept.current = { key: JSON.stringify(v) ?? '', rows }
    onValue(v)
    rerender((n) => n + 1)
  }
  return [kept.current.rows, set]
}
