import type { Condition, ConfigProblem } from '@touchpoint/core'
import { conditionLines, heldLines, isConditionLine, linesConditions, OPERATOR_WORDS, OPERATORS } from './conditions.js'
import type { ConditionLine, Operator, ValueKind } from './conditions.js'
import { describedBy, Errors } from './fields.js'
import { useHeldRows } from './held-rows.js'
import { fieldId, messagesAt, rowPath } from './paths.js'

interface Props {
  path: string
  label: string
  hint: string
  /** What a property is called here: "property" (events) or "attribute" (visitors). */
  noun: string
  value: Record<string, Condition> | undefined
  problems: readonly ConfigProblem[]
  onValue(v: Record<string, Condition> | undefined): void
}

const KINDS: [ValueKind, string][] = [
  ['text', 'text'],
  ['number', 'number'],
  ['boolean', 'true / false'],
]
const NUMERIC = new Set<Operator>(['gt', 'gte', 'lt', 'lte'])

/** Conditions on event properties or visitor attributes, one line each: name, comparison, value. */
export function ConditionsField({ path, label, hint, noun, value, problems, onValue }: Props) {
  const id = fieldId(path)
  // Lines that compare a property the same way twice make conditions with the first of each,
  // and a number that is none ("5a") is written as text: the studio keeps such lines as typed
  // and counts each a problem, on its comparison.
  const [lines, set] = useHeldRows(path, value, isConditionLine, conditionLines, linesConditions, heldLines, onValue)
  const setLine = (i: number, patch: Partial<ConditionLine> | undefined) => set(patch ? lines.map((l, j) => (j === i ? { ...l, ...patch } : l)) : lines.filter((_, j) => j !== i))
  return (
    <fieldset class="st-rules" id={id} aria-describedby={describedBy(id, hint, messagesAt(problems, path))}>
      <legend>{label}</legend>
      <p class="st-hint" id={`${id}-hint`}>
        {hint}
      </p>
      {lines.map((l, i) => {
        const lineId = `${id}-${i}`
        const errors = problems.filter((p) => p.path === `${path}.${l.name}` || p.path.startsWith(`${path}.${l.name}.`)).map((p) => p.message)
        const valued = l.op !== 'set' && l.op !== 'unset'
        // The comparison box's id is its problem's field id, so that the editor's list links to it.
        const opId = fieldId(rowPath(path, i))
        const opErrors = messagesAt(problems, rowPath(path, i))
        return (
          <div class="st-line" key={i}>
            {i > 0 && <span class="st-and">and</span>}
            <label class="sr-only" for={`${lineId}-name`}>
              {noun} name, condition {i + 1}
            </label>
            <input id={`${lineId}-name`} value={l.name} placeholder={noun === 'property' ? 'resolved' : 'plan'} spellcheck={false} required onInput={(e) => setLine(i, { name: e.currentTarget.value })} />
            <label class="sr-only" for={opId}>
              Comparison, condition {i + 1}
            </label>
            <select
              id={opId}
              value={l.op}
              aria-invalid={opErrors.length ? true : undefined}
              aria-describedby={describedBy(opId, false, opErrors)}
              onChange={(e) => setLine(i, { op: e.currentTarget.value as Operator })}
            >
              {OPERATORS.map((o) => (
                <option key={o} value={o}>
                  {OPERATOR_WORDS[o]}
                </option>
              ))}
            </select>
            {valued && l.kind === 'boolean' && !NUMERIC.has(l.op) ? (
              <>
                <label class="sr-only" for={`${lineId}-value`}>
                  Value, condition {i + 1}
                </label>
                <select id={`${lineId}-value`} value={l.value === 'false' ? 'false' : 'true'} onChange={(e) => setLine(i, { value: e.currentTarget.value })}>
                  <option value="true">true</option>
                  <option value="false">false</option>
                </select>
              </>
            ) : (
              valued && (
                <>
                  <label class="sr-only" for={`${lineId}-value`}>
                    Value, condition {i + 1}
                  </label>
                  <input
                    id={`${lineId}-value`}
                    value={l.value}
                    inputMode={NUMERIC.has(l.op) || l.kind === 'number' ? 'decimal' : undefined}
                    placeholder={l.op === 'oneOf' ? 'pro, team' : NUMERIC.has(l.op) ? '5' : 'pro'}
                    spellcheck={false}
                    aria-invalid={errors.length ? true : undefined}
                    aria-describedby={describedBy(lineId, false, errors)}
                    onInput={(e) => setLine(i, { value: e.currentTarget.value })}
                  />
                </>
              )
            )}
            {valued && !NUMERIC.has(l.op) && (
              <>
                <label class="sr-only" for={`${lineId}-kind`}>
                  Read the value as, condition {i + 1}
                </label>
                <select id={`${lineId}-kind`} value={l.kind} onChange={(e) => setLine(i, { kind: e.currentTarget.value as ValueKind })}>
                  {KINDS.map(([k, words]) => (
                    <option key={k} value={k}>
                      {words}
                    </option>
                  ))}
                </select>
              </>
            )}
            <button type="button" class="button ghost st-remove" aria-label={`Remove condition ${i + 1}`} onClick={() => setLine(i, undefined)}>
              Remove
            </button>
            <Errors id={lineId} errors={errors} />
            <Errors id={opId} errors={opErrors} />
          </div>
        )
      })}
      <button type="button" class="button st-add" onClick={() => set([...lines, { name: '', op: 'is', value: '', kind: 'text' }])}>
        Add a condition
      </button>
      <Errors id={id} errors={messagesAt(problems, path)} />
    </fieldset>
  )
}
